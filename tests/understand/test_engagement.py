"""Access to one person, read from one sentence: meetings, relays, negation, speakers, reported speech."""

from __future__ import annotations

import pytest

from assistant.understand.engagement import denies_any_meeting, engagement_of, turn_speaker
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
    ("Craig not there again - Kylie says he has the numbers.", ["Craig"], "not_met"),
    ("I asked her again to have Craig on the call for the final offer.", ["Craig"], "not_met"),
    ("The FD was a no-show at the workshop.", ["FD"], "not_met"),
    ("Priya - offer Martin a 30-min finance-only call with me, not a demo.", ["Martin"], "not_met"),
]


@pytest.mark.parametrize(("sentence", "terms", "expected"), CASES)
def test_engagement_of(sentence: str, terms: list[str], expected: str | None) -> None:
    doc = parse([sentence])[0]
    assert engagement_of(sentence, doc[:], terms, KNOWN) == expected


def test_what_a_customer_reports_in_their_own_turn_is_relayed() -> None:
    note = "[02/11 09:10] Kylie Ross: Morning. Craig says send the pricing and he will look.\n[02/11 09:12] Me: Thanks"
    sentence = "Craig says send the pricing and he will look."
    speaker = turn_speaker(note, note.index(sentence))
    assert speaker == "Kylie Ross"
    doc = parse([sentence])[0]
    assert engagement_of(sentence, doc[:], ["Craig"], KNOWN + ["ross"], speaker) is None
    assert engagement_of(sentence, doc[:], ["Craig"], KNOWN) == "met"  # the same words as the rep's own line
    assert turn_speaker(note, note.index("Kylie Ross")) is None  # a line that opens with its label


@pytest.mark.parametrize(
    ("sentence", "denies"),
    [
        ("Pipeline review: two months in and we've never met Craig.", True),
        ("Still haven't spoken to the FD.", True),
        ("We are yet to meet the board.", True),
        ("Craig wasn't in the room this time.", False),
    ],
)
def test_never_met_is_said_of_all_time(sentence: str, denies: bool) -> None:
    assert denies_any_meeting(sentence) is denies


def test_the_contact_who_relays_is_not_the_one_not_met() -> None:
    sentence = "Graham Osei (CFO, signs >$100k) still not met after 3 months; all contact goes through Dana."
    doc = parse([sentence])[0]
    assert engagement_of(sentence, doc[:], ["Graham", "Osei"], ["graham", "osei", "dana"]) == "only_through_contact"
    assert engagement_of(sentence, doc[:], ["Dana"], ["graham", "osei", "dana"]) is None
