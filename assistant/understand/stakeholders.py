"""A deal's stakeholders: each person the notes refer to, with the rep's access to them (the latest evidence,
except that once met stays met unless a later note says no one ever met them) and their relation to the deal.
The economic buyer and the champion are chosen by the learned relation model (relations.py); blocker, coach and
user are read from cue words and the title's function.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..text import Sentence, shorten
from .access import AccessModel, PersonAccess
from .engagement import denies_any_meeting, engagement_of, turn_speaker
from .model import Quote, Stakeholder
from .people import PersonFound
from .relations import PersonEvidence, RelationModel, features

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

AUTHORITY = re.compile(
    r"\b(signs?|signing|signature|sign[- ]?off|approv\w*|budget|purse|final (say|word|call|decision)|decides?|"
    r"decision[- ]maker|economic buyer|eb|dm|holds? the (money|budget)|controls? (the )?(spend|budget)|"
    r"authori[sz]\w*|pays?|funding|capex|opex)\b",
    re.I,
)
_BLOCKER = re.compile(
    r"\b(blocker|blocking|against (us|it|this|the)|push(es|ing)? back|resist\w*|sceptic\w*|skeptic\w*|"
    r"not a fan|opposed|hostile|loyal to|prefers? (the )?(incumbent|current|other))\b",
    re.I,
)
_COACH = re.compile(r"\b(coach(ing)? us|tipped (us|me) off|heads[- ]up|off the record|inside (track|info))\b", re.I)
_COLLECTIVE = re.compile(r"\b(board|committee|cabinet|council|panel)\b", re.I)
_RELATION_SIGNALS = ("eb_not_met", "eb_engaged", "champion_strong", "champion_weak")


@dataclass
class Person:
    """One person with everything read about them, before a relation is chosen."""

    found: PersonFound
    rows: list[int]
    engagement: str  # the rule's reading (a feature of the relation model and of the access model)
    evidence: list[Quote]
    facts: PersonEvidence
    access: PersonAccess


def terms(p: PersonFound) -> list[str]:
    """The words a sentence uses for a person: name parts and the title as written."""
    words = [w for w in (p.name or "").split() if len(w) > 1 and w[0].isupper()]
    return words + ([p.title] if p.title else [])


def _span(doc: Doc | None, sentence: Sentence) -> Span | None:
    if doc is None:
        return None
    return doc.char_span(sentence.start, sentence.start + len(sentence.text), alignment_mode="expand")


def people(
    found: list[PersonFound], spans: list[Sentence], docs: Mapping[str, Doc], probs: np.ndarray, col: dict[str, int]
) -> list[Person]:
    """Each person's sentences, access and relation features."""
    total = sum(len({m.sentence for m in p.mentions}) for p in found)
    top = max((len({m.sentence for m in p.mentions}) for p in found), default=0)
    known = {w.lower() for p in found for t in terms(p) for w in t.split()}
    out = []
    for p in found:
        rows = sorted({m.sentence for m in p.mentions})
        engagement, evidence = "unknown", []
        readings: list[str | None] = []
        speaks = False
        for i in rows:  # time order: the deal's sentences are in note order
            doc = docs.get(spans[i].note_id)
            speaker = turn_speaker(doc.text, spans[i].start) if doc is not None else None
            speaks |= speaker is not None and any(w in speaker for w in terms(p))
            said = engagement_of(spans[i].text, _span(doc, spans[i]), terms(p), known, speaker)
            readings.append(said)
            # once met, met: a later "hasn't seen it" is no undoing, but "we've never met him" is
            undone = said == "not_met" and denies_any_meeting(spans[i].text)
            if said is not None and (engagement != "met" or undone):
                engagement = said
                evidence.append(Quote(spans[i].note_id, shorten(spans[i].text)))
        if not evidence and rows:
            evidence = [Quote(spans[rows[0]].note_id, shorten(spans[rows[0]].text))]
        best = {
            s: float(probs[rows, col[s]].max()) if rows and s in col else 0.0 for s in _RELATION_SIGNALS
        }  # fmt: skip
        facts = PersonEvidence(
            power=p.power,
            named=p.name is not None,
            collective=p.name is None and bool(_COLLECTIVE.search(p.title or "")),
            function=p.function,
            mentions=len(rows),
            deal_mentions=total,
            most_mentioned=len(rows) == top,
            authority_sentences=sum(bool(AUTHORITY.search(spans[i].text)) for i in rows),
            best=best,
            engagement=engagement,
        )
        access = PersonAccess(
            said=tuple(readings),
            rule=engagement,
            denies=any(denies_any_meeting(spans[i].text) for i in rows),
            speaks=speaks,
            power=p.power,
            named=p.name is not None,
            mentions=len(rows),
            most_mentioned=len(rows) == top,
            best=best,
        )
        out.append(Person(p, rows, engagement, evidence[-3:], facts, access))
    return out


def stakeholders(
    persons: list[Person], spans: list[Sentence], relations: RelationModel, access: AccessModel | None = None
) -> list[Stakeholder]:
    """Choose the economic buyer and the champion by the relation model; the rest by cue words and function.
    Access (met, not met, only through our contact) by the access model; without one, the rule's reading."""
    x = {id(p): features(p.facts) for p in persons}

    def pick(target: str, pool: list[Person]) -> Person | None:
        scored = [(relations.score(target, x[id(p)]), p) for p in pool]
        best = max(scored, key=lambda s: (s[0], len(s[1].rows)), default=None)
        return best[1] if best is not None and best[0] >= relations.threshold[target] else None

    eb = pick("economic_buyer", persons)
    named = [p for p in persons if p is not eb and p.found.name]
    champion = pick("champion", named)
    if champion is None:  # no one scores as a champion: our most-quoted contact, when quoted more than once
        champion = max((p for p in named if len(p.rows) >= 2), key=lambda p: len(p.rows), default=None)
    out: list[Stakeholder] = []
    for person in persons:
        p, texts = person.found, [spans[i].text for i in person.rows]
        relation = "unknown"
        if person is eb:
            relation = "economic_buyer"
        elif any(_BLOCKER.search(t) for t in texts):
            relation = "blocker"
        elif person is champion:
            relation = "champion"
        elif any(_COACH.search(t) for t in texts):
            relation = "coach"
        elif p.function in ("operations", "staff", "it", "clinical"):
            relation = "user"
        engagement = person.engagement if access is None else access.engagement(person.access)
        if relation == "champion" and engagement == "unknown":
            engagement = "met"  # our main contact: the notes are written from conversations with them
        out.append(
            Stakeholder(
                name=p.label,
                title=p.title,
                function=p.function,
                relation=relation,
                engagement=engagement,
                mentions=len(person.rows),
                evidence=person.evidence,
                named=p.name is not None,
            )
        )
    return out
