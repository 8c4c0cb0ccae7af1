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


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [  # invented sentences, in shapes the adjacency rule alone missed
        ("Lunch with Priya Raman (Regional Operations Manager) and two of her planners.", "Priya Raman", "Manager"),
        ("Tomas Berg's the head of operations there, and he wants a pilot first.", "Tomas Berg", "head of operations"),
        ("Her manager, Jan Novak (IT Director), joined for ten minutes.", "Jan Novak", "IT Director"),
    ],
)
def test_a_title_is_linked_to_its_name_by_the_learned_linker(text: str, name: str, title: str) -> None:
    from assistant.knowledge import load_knowledge
    from assistant.settings import get_settings
    from assistant.text import sentences
    from assistant.understand.people import find_people

    kb = load_knowledge(get_settings().knowledge_dir)
    notes = [_note(1, "Harrow Foods", text)]
    found = {p.name: p for p in find_people(kb, notes, sentences("n1", text), {"Lena Park"})}
    assert found[name].title is not None and title.lower() in found[name].title.lower()
