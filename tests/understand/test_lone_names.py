"""Lone capitalised words and capitalised pairs the parse did not read as a person: the learned lone name model."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.knowledge import load_knowledge
from assistant.models import Note
from assistant.settings import get_settings
from assistant.text import sentences
from assistant.understand.lone_names import FEATURES, LONE_NAMES_JSON, load_lone_names
from assistant.understand.people import find_people, lone_candidates


def _notes(*texts: str) -> list[Note]:
    return [
        Note(team="t", note_id=f"n{i}", deal_id="D1", account="Harrow Foods", rep="Lena Park", text=t,
             date=date(2026, 10, 1 + i))
        for i, t in enumerate(texts)
    ]  # fmt: skip


def _people(notes: list[Note], spread: dict[str, float] | None = None) -> set[str]:
    kb = load_knowledge(get_settings().knowledge_dir)
    spans = [s for n in notes for s in sentences(n.note_id, n.text)]
    return {p.label for p in find_people(kb, notes, spans, {"Lena Park"}, spread or {})}


def test_a_surname_after_an_honorific_is_a_person() -> None:
    notes = _notes(
        "Chantal says let her handle it, Mr. Abrahams doesn't like suppliers in the boardroom.",
        "Asked again who signs. Mr. Abrahams, she says, and he is away until March.",
    )
    assert "Abrahams" in _people(notes)


def test_a_word_written_across_the_teams_deals_is_not_a_person() -> None:
    """The same sentence shape, once for a word most of the team's deals write (a product or a town)."""
    notes = _notes("Drove to Witbank for the survey, three hours each way.", "Witbank depot has the old meters.")
    assert "Witbank" not in _people(notes, {"Witbank": 0.4})


def test_the_features_are_the_models() -> None:
    kb = load_knowledge(get_settings().knowledge_dir)
    notes = _notes("Mr. Abrahams will decide.")
    _, candidates = lone_candidates(kb, notes, {"Lena Park"}, {}, frozenset())
    assert candidates and all(len(x) == len(FEATURES) for _, x in candidates)
    model = load_lone_names()
    assert len(model.weights) == len(FEATURES)


def test_lone_name_model_was_fitted_on_enough_words() -> None:
    """Freshness and the dev teams are checked with the other label models (test_classifier)."""
    meta = json.loads(LONE_NAMES_JSON.read_text(encoding="utf-8"))
    assert meta["words"] > 100


@pytest.mark.slow  # ingests every dev team
def test_lone_name_model_is_reproducible(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from assistant.understand.train_names import train

    train(tmp_path / "l.json")
    assert (tmp_path / "l.json").read_bytes() == LONE_NAMES_JSON.read_bytes()
