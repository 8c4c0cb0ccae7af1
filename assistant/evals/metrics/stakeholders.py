"""Stakeholders: the deal model's economic buyer (who, and met or not) against the labelled one.

A deal without a labelled economic buyer counts as right when none is reported; `eb_tp`, `eb_fp` and `eb_fn`
are kept so the run's F1 can be read from the summary's means.
"""

from __future__ import annotations

from typing import Any

from ...errors import CoachError
from ...understand.people import same_person
from ...understand.service import deal_model
from .base import FAIL, PASS, MetricResult, na

NAME = "stakeholders"


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    if case.kind != "prep" or not case.expect.stakeholders or not case.input.deal_id:
        return na("no labelled stakeholders")
    try:
        model = deal_model(world.ctx, case.team, case.input.deal_id)
    except CoachError as exc:
        return MetricResult(FAIL, {"eb_correct": 0.0}, f"no deal model: {exc}")
    labelled = [s for s in case.expect.stakeholders if s.relation == "economic_buyer"]
    got = model.economic_buyer
    right = got is not None and any(
        same_person(s.name, s.title, got.name) and (s.met == "met") == (got.engagement == "met") for s in labelled
    )
    correct = right or (got is None and not labelled)
    values = {
        "eb_correct": float(correct),
        "eb_tp": float(right),
        "eb_fp": float(got is not None and not right),
        "eb_fn": float(bool(labelled) and not right),
    }
    found = f"{got.name} ({got.engagement})" if got else "none"
    want = ", ".join(f"{s.name} ({s.met})" for s in labelled) or "none"
    return MetricResult(PASS if correct else FAIL, values, f"economic buyer {found}, labelled {want}")
