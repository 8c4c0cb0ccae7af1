"""Who is who across a team's notes: matching a found person to a labelled one, and our own people."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.models import Note
from assistant.understand.people import same_person
from assistant.understand.service import _our_people


@pytest.mark.parametrize(
    ("label", "title", "found", "same"),
    [
        ("Ron Moore", None, "Jenna Moore", False),  # father and daughter
        ("Helen Shaw", None, "Dr Shaw", True),
        ("Claire Dufresne", "CFO", "the CFO", True),
        ("Marek", None, "Marek Nowak", True),
        ("Marek Nowak", None, "Marek Nowak", True),
    ],
)
def test_same_person(label: str, title: str | None, found: str, same: bool) -> None:
    assert same_person(label, title, found) is same


def _note(i: int, account: str, text: str) -> Note:
    return Note(
        team="t",
        note_id=f"n{i}",
        deal_id=account[:3],
        account=account,
        rep="Lena Park",
        text=text,
        date=date(2026, 10, 1),
    )


def test_a_customer_named_once_in_another_accounts_notes_stays_a_customer() -> None:
    notes = [
        _note(i, "Harvest Basket", t)
        for i, t in enumerate(
            [
                "Demo with Linda Park, the CFO.",
                "Linda confirmed budget.",
                "Linda wants the legal review.",
                "Linda: yes.",
            ]
        )
    ]
    notes += [_note(10, "Sunnyside", "Linda Park at Harvest Basket knows half the Ohio CFOs - ask her.")]
    notes += [
        _note(20 + i, a, f"Demo with Jonas Adler (SE) for {a}.") for i, a in enumerate(["Harvest Basket", "Sunnyside"])
    ]
    ours = _our_people(notes)
    assert "Linda Park" not in ours
    assert "Jonas Adler" in ours
