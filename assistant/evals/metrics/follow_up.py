"""Follow-up: the questions that open a prep pack about the rep's commitments are open, in the rep's own terms,
cited, and never blaming; their statuses agree with the labels.

"Why didn't you...?" is what a rep defends, not what they learn from: a blaming question fails the case.
"""

from __future__ import annotations

import re
from typing import Any

from ...guard import check_question
from .base import FAIL, PASS, MetricResult, na, outputs

NAME = "follow_up"
_BLAMING = re.compile(
    r"\bwhy (didn'?t|did you not|haven'?t|have you not|wasn'?t|weren'?t|couldn'?t)\b|\bshould have\b|\byou failed\b"
    r"|\bwhat went wrong with you\b|\byou were supposed to\b",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
_COMMON = {"will", "with", "their", "them", "they", "this", "that", "from", "before", "after", "next", "your"}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - _COMMON


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    if case.kind != "follow_up":
        return na("not a follow-up case")
    if not outputs(outcome):
        return MetricResult(FAIL, {"status_accuracy": 0.0}, f"no output: {outcome.error}")
    items = outputs(outcome)[0].get("follow_up") or []
    if not items:
        return MetricResult(FAIL, {"status_accuracy": 0.0}, "the pack has no follow-up")
    deal = case.input.deal_id
    notes = {n.note_id for n in world.deal_notes(case.team, deal)}
    reviews = {r.review_id for r in world.ctx.reviews.reviews(case.team, deal)}
    problems: list[str] = []
    opened = cited = terms = blaming = 0
    for f in items:
        q = f["question"]
        opened += not check_question(q["text"]) and q["type"] == "commitment"
        cited += bool(q["citations"]) and all(c in notes or c in reviews for c in q["citations"])
        terms += len(_words(q["text"]) & _words(f["text"])) >= 2
        if _BLAMING.search(q["text"]):
            blaming += 1
            problems.append(f"blaming: {q['text']!r}")
    right = 0
    for label in case.expect.follow_up:
        got = next((f for f in items if label.contains.lower() in f["text"].lower()), None)
        right += got is not None and got["status"] == label.status
        if got is None or got["status"] != label.status:
            problems.append(f"{label.contains!r}: {got['status'] if got else 'missing'}, labelled {label.status}")
    n = len(items)
    values = {
        "open": opened / n,
        "cited": cited / n,
        "rep_terms": terms / n,
        "blaming": float(blaming),
        "status_accuracy": right / len(case.expect.follow_up) if case.expect.follow_up else 1.0,
    }
    ok = opened == cited == terms == n and blaming == 0 and values["status_accuracy"] >= 0.5
    return MetricResult(PASS if ok else FAIL, values, "; ".join(problems) or f"{n} follow-up(s), all well formed")
