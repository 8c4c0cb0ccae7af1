"""Output models of `coach check`: one item per line or sentence, plus a summary a manager can read at a glance.

Unknown fields are refused, so an API client or a stored result that drifts from the contract fails loudly.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class CheckItem(BaseModel):
    """One line (or sentence of a long line) of the manager's plan, with its act and a better question."""

    model_config = ConfigDict(extra="forbid")

    text: str
    act: str
    type: str | None
    suggestion: str | None


class CheckResult(BaseModel):
    """Items in input order; summary has total, counts per act, share_open, telling, types and a verdict."""

    model_config = ConfigDict(extra="forbid")

    items: list[CheckItem]
    summary: dict[str, Any]
