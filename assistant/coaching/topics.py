"""Questions on one topic of a deal ("questions about the CFO", "what about the competitor?", "pricing"):
the bank's patterns about that topic, filled with this deal's facts, one per Socratic type in conversation order.

The same bank, slots, ranking and guard as the prep pack's questions; only the choice of patterns differs
(by MEDDPICC element, signal or wording). A named person takes the stakeholder slot, so the questions are
about them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..context import Context
from ..guard import check_question
from ..knowledge import QUESTION_TYPES, QuestionPattern
from ..knowledge_index import sync_knowledge
from .assess import DealAssessment, assess_deal
from .questions import PlannedQuestion, _citations, _fill, _rank
from .slots import SlotValue, claims, deal_slots

Predicate = Callable[[QuestionPattern], bool]


def _about(elements: set[str], signals: set[str], words: str | None = None) -> Predicate:
    rx = re.compile(words, re.I) if words else None
    return lambda p: (
        p.element in elements or bool(signals & set(p.signals)) or bool(rx and rx.search(p.text + " " + p.purpose))
    )


TOPIC_PATTERNS: dict[str, Predicate] = {
    "economic_buyer": _about({"economic_buyer"}, {"eb_not_met"}),
    "champion": _about({"champion"}, {"champion_weak"}),
    "competition": _about({"competition"}, {"competition_unknown", "competitor_dismissed"}),
    "pricing": _about({"metrics"}, {"no_business_case"}, r"pric|discount|cost|budget"),
    "timeline": _about({"paper_process"}, {"close_date_slipping"}, r"timeline|close date|by when|deadline"),
    "next_step": _about(set(), {"no_next_step"}, r"next step"),
    "decision_process": _about(
        {"decision_process", "decision_criteria", "paper_process"}, {"process_unknown", "paper_process_unknown"}
    ),
    "pain": _about({"identified_pain", "metrics"}, {"pain_unclear", "pain_not_quantified"}),
}
PERSON_SLOTS = ("stakeholder", "economic_buyer", "champion")


@dataclass(frozen=True)
class TopicQuestions:
    deal_id: str
    account: str | None
    topic: str | None
    person: str | None
    questions: list[PlannedQuestion]


def topic_questions(
    ctx: Context, team: str, deal_id: str, topic: str | None, person: str | None = None, limit: int = 5
) -> TopicQuestions:
    assessment = assess_deal(ctx, team, deal_id)
    kb = sync_knowledge(ctx)
    evidence = [f for s in assessment.focus for f in assessment.evidence(s, limit=6)]
    slots = deal_slots(assessment.model, evidence)
    named = next((p for p in assessment.model.stakeholders if p.name == person), None)
    if named is not None:
        note = named.evidence[0].note_id if named.evidence else assessment.model.latest_note_id
        slots["stakeholder"] = SlotValue(named.name, note)
        if named.relation in ("economic_buyer", "champion"):
            slots[named.relation] = slots["stakeholder"]
            topic = topic or named.relation
    wanted = TOPIC_PATTERNS.get(topic or "") if topic else None

    def fits(p: QuestionPattern) -> bool:
        if wanted is not None and not wanted(p):
            return False
        return named is None or any(s in p.slots for s in PERSON_SLOTS if slots.get(s) == slots["stakeholder"])

    picked = _pick(kb.questions, fits, assessment, slots)
    if len(picked) < 3 and named is not None and wanted is not None:  # few patterns name a person on this topic
        picked += [q for q in _pick(kb.questions, wanted, assessment, slots) if q not in picked]
    return TopicQuestions(deal_id, assessment.model.account, topic, person, picked[:limit])


def _pick(
    patterns: Sequence[QuestionPattern], fits: Predicate, assessment: DealAssessment, slots: dict[str, SlotValue]
) -> list[PlannedQuestion]:
    """One question per Socratic type, in conversation order, the best-ranked pattern that fills and passes."""
    quoted = claims([], assessment.model)
    out: list[PlannedQuestion] = []
    for qtype in QUESTION_TYPES:
        candidates = [p for p in patterns if p.type == qtype and fits(p)]
        for pattern in sorted(candidates, key=lambda p: _rank(p, assessment, assessment.model.deal_id)):
            if "claim" in pattern.slots:
                if not quoted:
                    continue
                slots["claim"] = quoted[0]
            text = _fill(pattern, slots)
            if text is None or check_question(text) or any(q.text == text for q in out):
                continue
            cites = _citations(pattern, assessment, slots)
            item = PlannedQuestion(text, qtype, pattern.skill, pattern.purpose, pattern.listen_for, cites, pattern.id)
            out.append(item)
            break
    return out
