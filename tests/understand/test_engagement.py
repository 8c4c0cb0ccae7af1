"""Access to one person, read from one sentence: meetings, relays, negation, speakers, reported speech."""

from __future__ import annotations

import pytest

from assistant.understand.engagement import engagement_of
from assistant.understand.nlp import parse

KNOWN = ["sarah", "jones", "cfo", "dana", "paweł", "kerry", "fd", "kylie", "craig", "seamus", "deb", "nathan"]

CASES = [
    ("Presented to the CFO on Tuesday", ["CFO"], "met"),
    ("Took the CFO to lunch", ["CFO"], None),
    ("Met Sarah Jones; procurement takes about six weeks to sign", ["Sarah", "Jones"], "met"),
    ("Walked the CFO through the pricing model", ["CFO"], None),
    ("Sarah Jones signed via the portal", ["Sarah", "Jones"], None),
    ("Proposal call with Seamus.", ["Seamus"], "met"),
    ("Hopped on a call with Sarah Jones", ["Sarah", "Jones"], "met"),
    ("Not sure yet, but met the CFO Friday", ["CFO"], "met"),
    ("Next steps: Sarah Jones confirmed the budget", ["Sarah", "Jones"], "met"),
    ("She will take it to Paweł herself.", ["Paweł"], "only_through_contact"),
    ("We can only reach the FD through Kerry.", ["FD"], "only_through_contact"),
    ("We can only reach the FD through Kerry.", ["Kerry"], None),
    ("Still no meeting with the FD, haven't met him.", ["FD"], "not_met"),
    ("I proposed a meeting with Sarah and our CEO.", ["Sarah"], "not_met"),
    ("Kylie: Craig asked why not a 4-weekly route.", ["Craig"], None),
    ("Deb told Nathan the case was not strong enough.", ["Deb"], None),
    ("Dana asked many technical questions.", ["Dana"], "met"),
]


@pytest.mark.parametrize(("sentence", "terms", "expected"), CASES)
def test_engagement_of(sentence: str, terms: list[str], expected: str | None) -> None:
    doc = parse([sentence])[0]
    assert engagement_of(sentence, doc[:], terms, KNOWN) == expected
