"""Slot values for question patterns, taken from one deal model, each with the note it came from.

Person slots come from the deal model's stakeholders (the economic buyer, the champion), `claim` is a short
verbatim quote from the focus evidence, so a question can test what the notes actually say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..guard.grounding import human_date
from ..knowledge import STAGES
from ..understand.model import DealModel, SignalHit


@dataclass(frozen=True)
class SlotValue:
    value: str
    note_id: str


_CLAIM_CUT = re.compile(r"[;:!?]\s|\s[-–—|]\s|,\s(?:but|and|so)\s")
# A full stop ends a piece only where a new sentence starts: "approx. 60 minutes" and "vs. Augury" go on.
_FULL_STOP = re.compile(r"(?<=\.)\s+(?=[A-Z\"“‘(])")
_ABBREVIATION = re.compile(
    r"\b(?:approx|appr|e\.g|i\.e|incl|vs|etc|est|no|mr|mrs|ms|dr|st|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|mins?|hrs?|wks?)\.$",
    re.I,
)
# The customer's own words in quote marks are the claim a question should test ("leave it with me").
_QUOTED = re.compile(r"[\"“]([^\"“”]{6,120})[\"”]")


_QUESTION_WORD = re.compile(r"^(what|how|who|why|when|where|which|do|does|did|is|are|can|could|should|would)\b", re.I)
# A piece that opens on a subordinating word is half a sentence ("after he sees the proposal"): nothing to test.
_FRAGMENT = re.compile(r"^(after|before|until|unless|because|if|once|since|while|whereas|although|though)\b", re.I)


def _split_stops(text: str) -> list[str]:
    out, start = [], 0
    for m in _FULL_STOP.finditer(text):
        if not _ABBREVIATION.search(text[start : m.start()]):
            out.append(text[start : m.start()])
            start = m.end()
    return [*out, text[start:]]


def _testable(piece: str, least: int = 4) -> bool:
    words = piece.split()
    return (
        least <= len(words) <= 16
        and not re.search('["“”?]', piece)
        and not _QUESTION_WORD.match(piece)
        and not _FRAGMENT.match(piece)
    )


def quoted_pieces(hit: SignalHit) -> list[str]:
    """What someone is quoted as saying in the evidence (3-16 words), verbatim, without the quote marks."""
    return [q.strip(" ,;:.") for q in _QUOTED.findall(hit.quote) if _testable(q.strip(" ,;:."), least=3)]


# A piece too long to quote is cut again, at the first of these that makes its parts short enough: a sentence
# the abbreviation rule kept joined, a comma, a new clause with its own subject ("Kylie is friendly | but she's an
# engineer two levels below Craig"), or before a clause that only qualifies the main one ("I've offered an
# additional 8% on top of the framework rate | if they sign by 31 October").
_LONG_CUTS = (
    re.compile(r"(?<=\.)\s+(?=[A-Z])"),
    re.compile(r",\s"),
    re.compile(r"\s(?=(?:and|but|so)\s(?:I|I'\w+|we|he|she|they|it|he's|she's|they're|we're|it's)\s)"),
    re.compile(r"\s(?=(?:if|unless|until|while|whereas|because|since|although|though|after|before)\s)"),
)
# What a cut leaves that is no claim on its own: a list's tail ("or how a contract gets signed").
_TAIL = re.compile(r"^(?:or|and|nor|who|whom|when|which|how|with)\b", re.I)
# A manager's comment opens on the rep's name ("Oliver, by my count ~6 days on a 14k deal"): the name is no claim.
_VOCATIVE = re.compile(r"^[A-Z][\w'’-]+,\s(?=[a-z~\d])")
_STRIP = " \"'“”‘’()[],;:-.>"


def _shorter(piece: str, cuts: tuple[re.Pattern[str], ...] = _LONG_CUTS) -> list[str]:
    if len(piece.split()) <= 16:
        return [piece] if _testable(piece) else []
    if not cuts:
        return []
    parts = [p.strip(_STRIP) for p in cuts[0].split(piece)]
    if len(parts) == 1:
        return _shorter(piece, cuts[1:])
    return [q for p in parts for q in _shorter(p, cuts[1:]) if not _TAIL.match(q) and _balanced(q)]


def _balanced(piece: str) -> bool:
    """A cut inside brackets leaves half of them ("34 contacts from purchased list (lab managers")."""
    return piece.count("(") == piece.count(")") and piece.count("[") == piece.count("]")


def _pieces(text: str) -> list[str]:
    out = []
    for piece in _CLAIM_CUT.split(text):
        out += _shorter(_VOCATIVE.sub("", piece.strip(_STRIP)).strip(_STRIP))
    return out


def claim_pieces(hit: SignalHit) -> list[str]:
    """Short verbatim pieces of the evidence (4-16 words) a question can test; never a question, no quote marks.
    A long sentence gives its clauses, so what it says about a number, a person or a date can still be tested."""
    return [piece for part in _split_stops(hit.quote) for piece in _pieces(part)]


def claim(hit: SignalHit) -> str | None:
    pieces = claim_pieces(hit)
    return pieces[0] if pieces else None


QUOTED_BONUS = 3  # a person's own words outrank the rep's summary of them
_WORD = re.compile(r"[\w'’£$€%.-]+")


def specificity(piece: str, names: set[str]) -> int:
    """How much of this deal a piece of evidence carries: a number, a person or competitor of the deal, another
    proper noun. "Johan signs anything above R500k" is worth quoting; "Asked about the contract" is not."""
    words = _WORD.findall(piece)
    score = 2 * any(ch.isdigit() for ch in piece)
    score += 2 * any(w.strip(".'’") in names for w in words)
    score += any(w[:1].isupper() and w not in names and w != "I" for w in words[1:])
    return score - (len(words) < 6)


def claims(evidence: list[SignalHit], model: DealModel | None = None) -> list[SlotValue]:
    """Distinct claims from the focus evidence, the most specific first and then the strongest: each question
    can test a different one."""
    names: set[str] = set()
    if model is not None:
        names = {w for p in model.stakeholders if p.named for w in p.name.split() if len(w) > 2}
        names |= {w for c in model.competitors for w in c.name.split() if len(w) > 2}
    found: list[tuple[int, int, SlotValue]] = []
    for hit in evidence:
        quoted = quoted_pieces(hit)
        for said in quoted + claim_pieces(hit):
            if all(said != c.value for _, _, c in found):
                weight = specificity(said, names) + QUOTED_BONUS * (said in quoted)
                found.append((-weight, len(found), SlotValue(said, hit.note_id)))
    return [c for _, _, c in sorted(found, key=lambda f: (f[0], f[1]))]


def deal_slots(model: DealModel, evidence: list[SignalHit] | None = None) -> dict[str, SlotValue]:
    """Every slot this deal can fill; a pattern needing any other slot is not used for it."""
    latest = model.latest_note_id
    slots: dict[str, SlotValue] = {"account": SlotValue(model.account or model.deal_id, latest)}
    if model.stage in STAGES:  # a CRM label the table could not read is not put into a question
        slots["stage"] = SlotValue(model.stage.replace("_", " "), latest)
    if model.close_history:
        last = model.close_history[-1]
        slots["close_date"] = SlotValue(human_date(date.fromisoformat(last.value)), last.note_id)
    silent = model.days_silent
    if model.last_contact and silent is not None and silent >= 14:  # "since {last_contact}" implies a silence
        slots["last_contact"] = SlotValue(human_date(model.last_contact), latest)
    eb, champion = model.economic_buyer, model.champion
    if eb is not None and eb.evidence:
        slots["economic_buyer"] = SlotValue(eb.name, eb.evidence[0].note_id)
    if champion is not None and champion.evidence:
        slots["champion"] = SlotValue(champion.name, champion.evidence[0].note_id)
    others = [p for p in model.stakeholders if p is not eb and p.named and p.evidence]
    if others:
        slots["stakeholder"] = SlotValue(others[0].name, others[0].evidence[0].note_id)
    elif "economic_buyer" in slots:
        slots["stakeholder"] = slots["economic_buyer"]
    if model.competitors:
        top = max(model.competitors, key=lambda c: (len(c.evidence), c.name))
        slots["competitor"] = SlotValue(top.name, top.evidence[0].note_id)
    found = claims(evidence or [], model)
    if found:
        slots["claim"] = found[0]
    return slots
