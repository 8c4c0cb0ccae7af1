"""Competitors: vendors named by what vendors do in a deal, never our own company, a system or a person."""

from __future__ import annotations

import pytest

from assistant.text import sentences
from assistant.understand.competitors import competitor_names


def names_in(*texts: str, exclude: frozenset[str] = frozenset({"Hannah", "Okafor", "Owen"})) -> set[str]:
    spans = [s for i, t in enumerate(texts) for s in sentences(f"N-{i}", t)]
    return competitor_names(spans, set(exclude))


@pytest.mark.parametrize(
    ("text", "vendor"),
    [
        ("Owen say Brightwell was also presenting to them last month.", "Brightwell"),
        ("Heads up, Quorvane have been out as well, offering a free pilot.", "Quorvane"),
        ("Dalvik Monitoring quoted 20% less for the same sensors.", "Dalvik Monitoring"),
        ("They are thinking of switching from Tessaly next year.", "Tessaly"),
        ("Competitor: Marrowfield, on a three-year contract.", "Marrowfield"),
    ],
)
def test_a_vendor_is_named_by_what_it_does(text: str, vendor: str) -> None:
    assert vendor in names_in(text)


def test_our_own_company_systems_and_people_are_no_competitors() -> None:
    found = names_in(
        "Attendees: Bayside - Paul Ferreira; Lattice - Hannah Okafor (Account Executive).",
        "Four weeks past the backtest and nobody from Lattice has met the CFO. Lattice proposed a pilot.",
        "Owen was also presenting the MQTT feed to IT; MQTT quoted as the standard.",
    )
    assert "Lattice" not in found and "MQTT" not in found and "Owen" not in found
