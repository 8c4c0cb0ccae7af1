"""Slot values for question patterns, taken from one deal's facts, each with the note it came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .facts import DealFacts


@dataclass(frozen=True)
class SlotValue:
    value: str
    note_id: str


def human_date(value: date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


def deal_slots(facts: DealFacts) -> dict[str, SlotValue]:
    """Every slot this deal can fill; a pattern needing any other slot is not used for it."""
    notes = facts.notes
    latest = max(notes, key=lambda n: (n.date or date.min, n.note_id))
    slots: dict[str, SlotValue] = {"account": SlotValue(facts.account or facts.deal_id, latest.note_id)}
    if facts.stage:
        slots["stage"] = SlotValue(facts.stage.replace("_", " "), latest.note_id)
    if facts.close_date_history:
        close, note_id = facts.close_date_history[-1]
        slots["close_date"] = SlotValue(human_date(close), note_id)
    silent = facts.days_silent
    if facts.last_contact and silent is not None and silent >= 14:  # "since {last_contact}" implies a silence
        slots["last_contact"] = SlotValue(human_date(facts.last_contact), latest.note_id)
    eb, champion = facts.economic_buyer, facts.champion
    if eb is not None:
        slots["economic_buyer"] = SlotValue(eb.name, eb.note_ids[0])
    if champion is not None:
        slots["champion"] = SlotValue(champion.name, champion.note_ids[0])
    others = [p for p in facts.people if p is not eb]
    if others:
        slots["stakeholder"] = SlotValue(others[0].name, others[0].note_ids[0])
    elif eb is not None:
        slots["stakeholder"] = slots["economic_buyer"]
    if facts.competitors:
        name = max(facts.competitors, key=lambda c: (len(facts.competitors[c]), c))
        slots["competitor"] = SlotValue(name, facts.competitors[name][0])
    return slots
