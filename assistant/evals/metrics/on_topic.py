"""On topic: the share of a pack's questions that touch the labelled key terms (the economic buyer's name,
the competitor, the quoted claim, the number) rather than only the account."""

from __future__ import annotations

import unicodedata
from typing import Any

from .base import FAIL, PASS, MetricResult, na, outputs, questions

NAME = "on_topic"
MIN_SHARE = 0.2


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def touches(question: str, terms: list[str]) -> bool:
    """Whether a question names one of the key terms (a person's first or last name counts for the person)."""
    q = _fold(question)
    for term in terms:
        t = _fold(str(term))
        if t and t in q:
            return True
        words = [w for w in t.split() if len(w) > 2 and w[0].isalpha()]
        if len(words) == 2 and any(f" {w}" in f" {q}" for w in words) and str(term)[:1].isupper():
            return True
    return False


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    if case.kind != "prep" or not case.expect.key_terms:
        return na("no labelled key terms")
    asked = [str(q.get("text", "")) for out in outputs(outcome) for q in questions(out)]
    if not asked:
        return MetricResult(FAIL, {"share": 0.0}, f"no questions: {outcome.error}")
    share = sum(touches(q, case.expect.key_terms) for q in asked) / len(asked)
    return MetricResult(PASS if share >= MIN_SHARE else FAIL, {"share": share}, f"{share:.0%} touch the key terms")
