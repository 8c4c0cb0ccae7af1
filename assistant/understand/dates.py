"""Dates written in notes ("next Tuesday", "6/19", "the 14th"), resolved against the note's own date, and the
deal's next step: what, with whom and by when, from the latest note that states one.

Date expressions are found by spaCy's NER and resolved by dateparser (relative to the note's date, preferring
the future, month-first as CRM notes in English usually are).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ..models import Note
from ..text import Sentence, shorten
from .model import NextStep
from .nlp import parse

_NEXT = re.compile(
    r"\b(next steps?|next:|nxt|will (send|call|meet|present|share|book|come back|follow)|follow[- ]?up|f/u|booked|"
    r"scheduled|set up|agreed (to|on)|planned|invite (sent|accepted)|diary|calendar)\b",
    re.I,
)
_NONE = re.compile(r"\b(no (next step|date|follow[- ]?up)|nothing (agreed|booked|in the diary)|tbc|tbd|\?\?\?)", re.I)


def resolve(expression: str, base: date | None) -> date | None:
    """A date expression as a date, relative to `base` (the note's date); None when it is not a date."""
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "future", "DATE_ORDER": "MDY"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    parsed = dateparser.parse(expression, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def dates_in(text: str, base: date | None) -> list[date]:
    doc = parse([text])[0]
    out = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME", "CARDINAL") and re.search(
            r"\d|day|week|month|tomorrow|end of", ent.text, re.I
        ):
            value = resolve(ent.text, base)
            if value is not None:
                out.append(value)
    return out


def next_step(spans: list[Sentence], notes: list[Note], people: set[str]) -> NextStep | None:
    """The next step stated in the latest note that states one (none when that note says there is none)."""
    by_note: dict[str, list[Sentence]] = {}
    for s in spans:
        by_note.setdefault(s.note_id, []).append(s)
    for note in reversed(notes):
        for s in by_note.get(note.note_id, []):
            if _NONE.search(s.text):
                return None
            if not _NEXT.search(s.text):
                continue
            due = dates_in(s.text, note.date)
            who = next((p for p in sorted(people) if p.split()[0] in s.text), None)
            return NextStep(shorten(s.text, 160), who, due[0] if due else None, note.note_id)
    return None
