"""Focus accuracy: the chosen focus areas against the labelled ones (precision, recall), never more than two."""

from __future__ import annotations

from typing import Any

from .base import FAIL, PASS, MetricResult, na, outputs

NAME = "focus"


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    if case.kind not in ("prep", "rep_plan") or not case.expect.focus:
        return na("no labelled focus for this case")
    if not outputs(outcome):
        return MetricResult(FAIL, {}, f"no output: {outcome.error}")
    got = [str(a.get("skill")) for a in outputs(outcome)[0].get("focus_areas") or []]
    expected = set(case.expect.focus)
    hits = len(set(got) & expected)
    precision = hits / len(got) if got else 0.0
    recall = hits / len(expected)
    ok = 1 <= len(got) <= 2 and hits > 0
    values = {
        "precision": precision,
        "recall": recall,
        "areas": float(len(got)),
        "top_hit": float(bool(got) and got[0] in expected),
    }
    return MetricResult(PASS if ok else FAIL, values, f"got {got}, labelled {sorted(expected)}")
