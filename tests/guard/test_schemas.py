"""The `coach check` output models refuse unknown fields and round-trip through JSON."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.guard import check_lines
from assistant.guard.schemas import CheckItem, CheckResult


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        CheckItem(text="x", act="statement", type=None, suggestion=None, score=1)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        CheckResult(items=[], summary={}, extra=True)  # type: ignore[call-arg]


def test_round_trip() -> None:
    result = check_lines("Did you ask about budget?\nWhat does Omar need?")
    assert CheckResult.model_validate_json(result.model_dump_json()) == result
