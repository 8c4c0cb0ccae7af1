"""MEDDPICC: the pack's element states (confirmed, gap, unknown) against the labelled ones."""

from __future__ import annotations

from typing import Any

from .base import FAIL, PASS, MetricResult, na, outputs

NAME = "meddpicc"
MIN_ACCURACY = 0.5


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    if case.kind != "prep" or not case.expect.meddpicc:
        return na("no labelled MEDDPICC states")
    if not outputs(outcome):
        return MetricResult(FAIL, {"accuracy": 0.0}, f"no output: {outcome.error}")
    got = outputs(outcome)[0].get("meddpicc") or {}
    wrong = sorted(e for e, state in case.expect.meddpicc.items() if got.get(e) != state)
    accuracy = 1 - len(wrong) / len(case.expect.meddpicc)
    detail = ", ".join(f"{e}: {got.get(e)} (labelled {case.expect.meddpicc[e]})" for e in wrong) or "all right"
    return MetricResult(PASS if accuracy >= MIN_ACCURACY else FAIL, {"accuracy": accuracy}, detail)
