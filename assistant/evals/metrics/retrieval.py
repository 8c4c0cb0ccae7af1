"""Retrieval: recall@5 of the labelled notes (search cases), and of the labelled evidence notes in a prep pack."""

from __future__ import annotations

from typing import Any

from .base import FAIL, PASS, MetricResult, na, outputs

NAME = "retrieval"
MIN_RECALL = 0.5


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    relevant = set(case.expect.relevant_notes)
    if not relevant:
        return na("no labelled notes")
    if case.kind == "retrieval":
        found = relevant & set(outcome.retrieved)
    elif outputs(outcome):
        output = outputs(outcome)[0]
        cited = {ev.get("note_id") for a in output.get("focus_areas") or [] for ev in a.get("evidence") or []}
        cited |= {c for q in output.get("questions") or [] for c in q.get("citations") or []}
        found = relevant & cited
    else:
        return MetricResult(FAIL, {"recall": 0.0}, f"no output: {outcome.error}")
    recall = len(found) / len(relevant)
    return MetricResult(
        PASS if recall >= MIN_RECALL else FAIL, {"recall": recall}, f"found {sorted(found)} of {sorted(relevant)}"
    )
