"""Gaps: the labelled gap signals of a prep case against the gaps the pack's skill status reports."""

from __future__ import annotations

from typing import Any

from .base import FAIL, PASS, MetricResult, na, outputs

NAME = "gaps"
MIN_RECALL = 0.5


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    if case.kind != "prep" or not case.expect.gaps:
        return na("no labelled gaps")
    if not outputs(outcome):
        return MetricResult(FAIL, {"recall": 0.0}, f"no output: {outcome.error}")
    found = {(s.get("skill"), g) for s in outputs(outcome)[0].get("skills") or [] for g in s.get("gaps") or []}
    labelled = {(g.skill, g.signal) for g in case.expect.gaps}
    hits = labelled & found
    recall = len(hits) / len(labelled)
    precision = len(hits) / len(found) if found else 0.0
    return MetricResult(
        PASS if recall >= MIN_RECALL else FAIL,
        {"recall": recall, "precision": precision},
        f"found {sorted(s for _, s in hits)} of {sorted(s for _, s in labelled)}",
    )
