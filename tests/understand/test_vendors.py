"""The experimental vendor reader (understand/vendors.py): its candidates, features and label matching. Its
figures against the cue rule come from `python -m assistant.evals.vendors` (tests/evals/test_vendors_eval.py)."""

from __future__ import annotations

from datetime import date

from assistant.embedding import get_embedder
from assistant.knowledge import load_knowledge
from assistant.models import Note
from assistant.settings import get_settings
from assistant.understand.build import TeamView, read_deal
from assistant.understand.classifier import load_model
from assistant.understand.vendors import FEATURES, Candidate, _clean, names_label, vendor_candidates


def _candidates(*texts: str) -> dict[str, dict[str, float]]:
    notes = [
        Note(team="t", note_id=f"n{i}", deal_id="D1", account="Harrow Foods", rep="Lena Park", text=t,
             date=date(2026, 10, 1 + i))
        for i, t in enumerate(texts)
    ]  # fmt: skip
    kb, model = load_knowledge(get_settings().knowledge_dir), load_model()
    view = TeamView(frozenset({"Lena Park"}), frozenset(), date(2026, 10, 30))
    embedder = get_embedder()
    read = read_deal(kb, model, notes, view, lambda spans: embedder.embed([s.text for s in spans]))
    found: list[Candidate] = vendor_candidates(read, notes, view)
    assert all(len(c.x) == len(FEATURES) for c in found)
    return {c.name: dict(zip(FEATURES, map(float, c.x), strict=True)) for c in found}


def test_names_are_cleaned_of_shorthand_articles_and_punctuation() -> None:
    assert _clean("the Clarion LIMS demo") == ["Clarion LIMS"]
    assert _clean("Samsara vs Geotab") == ["Samsara", "Geotab"]
    assert _clean("FYI") == [] and _clean("CFO") == []


def test_a_vendor_is_described_by_every_occurrence() -> None:
    got = _candidates(
        "Call w/ Ines Moreau (ops lead). comp: Brightwell Telematics, they quoted 20% under us.",
        "Ines says Brightwell Telematics pricing is sharper. Harrow Foods budget is approved for Q1.",
    )
    vendor = got["Brightwell Telematics"]
    assert vendor["log_occurrences"] > 1.0 and vendor["strong_cue_before"] == 1.0 and vendor["cue_after"] == 1.0
    assert vendor["two_words"] == 1.0 and vendor["person_word"] == 0.0
    assert got["Ines Moreau"]["person_word"] == 1.0
    assert got["Harrow Foods"]["account_word"] == 1.0 and got["Harrow Foods"]["strong_cue_before"] == 0.0


def test_names_match_labels_by_their_words() -> None:
    assert names_label("Clarion", ["Clarion LIMS"]) and names_label("Clarion LIMS", ["clarion"])
    assert not names_label("Clarity", ["Clarion LIMS"]) and not names_label("", ["x"])
