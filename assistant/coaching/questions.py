"""Socratic questions for one deal: bank patterns chosen for the gaps found, filled with the deal's facts.

Selection is deterministic (ties broken by a stable hash of deal and pattern), every question cites
the notes its gap evidence and its named facts come from, and every question passes the advice guard.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from ..guard import check_question
from ..knowledge import QUESTION_TYPES, KnowledgeBase, QuestionPattern
from .assess import DealAssessment
from .slots import SlotValue, claims, deal_slots

GENERIC_SLOTS = {"account", "stage", "close_date"}
PERSON_SLOTS = {"stakeholder", "champion", "economic_buyer"}
# What a question gains for naming this deal's specifics: a person, a quoted claim or a competitor is what the
# rep has to think about; a date alone is weaker (every question about a slipping deal could name it).
SLOT_WEIGHT = {"economic_buyer": 6, "champion": 5, "stakeholder": 3, "claim": 7, "competitor": 5}
DATE_WEIGHT = 1


@dataclass(frozen=True)
class PlannedQuestion:
    text: str
    type: str
    skill: str
    purpose: str
    listen_for: str
    citations: tuple[str, ...]
    pattern_id: str


def question_plan(focus: list[str]) -> list[tuple[str, str]]:
    """(skill, type) pairs ordered as a conversation: open, probe, other views, consequences, commitment."""
    first = focus[0]
    if len(focus) == 1:
        plan = [(first, t) for t in QUESTION_TYPES]
        plan.insert(2, (first, "evidence"))
    else:
        second = focus[1]
        plan = [
            (first, "clarify"),
            (first, "evidence"),
            (second, "evidence"),
            (first, "assumption"),
            (second, "perspective"),
            (first, "implication"),
            (second, "implication"),
            (first, "commitment"),
        ]
    order = {t: i for i, t in enumerate(QUESTION_TYPES)}
    return sorted(plan, key=lambda st: order[st[1]])


@lru_cache(maxsize=65_536)
def _rejected(text: str) -> bool:
    """The guard's verdict on a filled question: a pure function of the text, and the same texts come back in
    every pack of a deal (and across deals sharing names), so it is computed once per process."""
    return bool(check_question(text))


def _stable(*parts: str) -> int:
    return int(hashlib.sha1("|".join(parts).encode()).hexdigest()[:8], 16)


def _fill(pattern: QuestionPattern, slots: dict[str, SlotValue]) -> str | None:
    if any(name not in slots for name in pattern.slots):
        return None
    people = [slots[name].value for name in set(pattern.slots) & PERSON_SLOTS]
    if len(people) != len(set(people)):  # "how might Owen see it differently from Owen?"
        return None
    text = pattern.text.format(**{name: slots[name].value for name in pattern.slots})
    for name in pattern.slots:  # "Harlow Logistics's" -> "Harlow Logistics'"
        value = slots[name].value
        if value.endswith("s"):
            text = text.replace(f"{value}'s", f"{value}'")
    return text


def _rank(pattern: QuestionPattern, assessment: DealAssessment, deal_id: str) -> tuple[int, int]:
    skill = assessment.skills[pattern.skill]
    gaps = set(skill.gap_signals)
    gap_elements = {f.element for f in skill.gaps if f.element}
    score = 4 * len(gaps & set(pattern.signals))
    if pattern.signals and not gaps & set(pattern.signals):
        score -= 6  # the question presupposes a gap this deal does not show ("after the silence...")
    score += 3 if pattern.element and pattern.element in gap_elements else 0
    named = set(pattern.slots)
    score += sum(SLOT_WEIGHT.get(n, 0) for n in named) + DATE_WEIGHT * len(named & {"close_date", "last_contact"})
    return (-score, _stable(deal_id, pattern.id))


def _citations(pattern: QuestionPattern, assessment: DealAssessment, slots: dict[str, SlotValue]) -> tuple[str, ...]:
    skill = assessment.skills[pattern.skill]
    cited: list[str] = []
    relevant = [f for f in skill.gaps if f.signal in pattern.signals] or skill.gaps
    for f in sorted(relevant, key=lambda f: (-f.confidence, f.note_id))[:2]:
        if f.note_id not in cited:
            cited.append(f.note_id)
    for name in pattern.slots:
        if name not in GENERIC_SLOTS and slots[name].note_id not in cited:
            cited.append(slots[name].note_id)
    if not cited:
        cited.append(slots["account"].note_id)
    return tuple(cited)


def build_questions(
    kb: KnowledgeBase, assessment: DealAssessment, plan: list[tuple[str, str]] | None = None
) -> list[PlannedQuestion]:
    """Questions for a (skill, type) plan; by default the conversation plan of the deal's focus areas."""
    model = assessment.model
    evidence = [f for s in assessment.focus for f in assessment.evidence(s, limit=6)]
    evidence += [f for s in assessment.focus for f in assessment.ranked_gaps(s) if f not in evidence]
    slots = deal_slots(model, evidence)
    quoted = claims(evidence, model)  # each question that quotes the notes quotes a different line
    used: set[str] = set()
    wordings: set[str] = set()  # one wording once a pack: the second skill's copy of a pattern reads as a repeat
    texts: set[str] = set()
    out: list[PlannedQuestion] = []
    for skill, qtype in plan or question_plan(assessment.focus):
        candidates = [
            p
            for p in kb.questions
            if p.skill == skill and p.type == qtype and p.id not in used and p.text not in wordings
        ]
        for pattern in sorted(candidates, key=lambda p: _rank(p, assessment, model.deal_id)):
            if "claim" in pattern.slots:
                if not quoted:
                    continue
                slots["claim"] = quoted[0]
            text = _fill(pattern, slots)
            if text is None or text in texts or _rejected(text):
                continue
            used.add(pattern.id)
            wordings.add(pattern.text)
            texts.add(text)
            if "claim" in pattern.slots:
                quoted.pop(0)
            out.append(
                PlannedQuestion(
                    text,
                    qtype,
                    skill,
                    pattern.purpose,
                    pattern.listen_for,
                    _citations(pattern, assessment, slots),
                    pattern.id,
                )
            )
            break
    return _sharpen(out, kb)


MIN_QUESTIONS = 5
MIN_TYPES = 4
_KEEP_TYPES = ("clarify", "commitment")  # the conversation opens on the situation and ends on the rep's own "will"


def _sharpen(planned: list[PlannedQuestion], kb: KnowledgeBase) -> list[PlannedQuestion]:
    """Fewer, sharper questions: beyond five, a question that names nothing of this deal but the account, its
    stage or a date gives way, so the pack is about this deal's people and claims rather than any deal's."""
    slots = {p.id: set(p.slots) for p in kb.questions}
    out = list(planned)
    for q in reversed(planned):
        if len(out) <= MIN_QUESTIONS:
            break
        generic = slots.get(q.pattern_id, set()) <= GENERIC_SLOTS
        rest = [o for o in out if o is not q]
        if generic and q.type not in _KEEP_TYPES and len({o.type for o in rest}) >= MIN_TYPES:
            out = rest
    return out
