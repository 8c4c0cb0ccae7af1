"""Socratic type coverage of a prep pack: does it move from clarifying to implications to a commitment?"""

from __future__ import annotations

from typing import Any

from ...knowledge import QUESTION_TYPES
from .base import FAIL, PASS, MetricResult, na, outputs, questions

NAME = "socratic"
MIN_TYPES = 4


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    if case.kind != "prep" or not outputs(outcome):
        return na("type coverage is measured on prep packs")
    types = [str(q.get("type")) for q in questions(outputs(outcome)[0])]
    order = [QUESTION_TYPES.index(t) for t in types if t in QUESTION_TYPES]
    coverage = len(set(types)) / len(QUESTION_TYPES)
    in_order = order == sorted(order)
    ends = bool(types) and types[-1] == "commitment"
    ok = len(set(types)) >= MIN_TYPES and in_order and ends and 5 <= len(types) <= 10
    detail = f"types {types}" + ("" if in_order else "; out of order") + ("" if ends else "; no closing commitment")
    return MetricResult(PASS if ok else FAIL, {"coverage": coverage, "questions": float(len(types))}, detail)
