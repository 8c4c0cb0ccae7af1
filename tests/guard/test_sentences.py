"""Sentence splitting: abbreviations, question marks, newlines, bullets and quoted text."""

from __future__ import annotations

import pytest

from assistant.guard.sentences import sentence_spans, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Patel signed. Then we met.", ["Dr. Patel signed.", "Then we met."]),
        ("Trackwise vs. us, e.g. on price. Next point.", ["Trackwise vs. us, e.g. on price.", "Next point."]),
        ("We have approx. 20 users. Omar wants 30.", ["We have approx. 20 users.", "Omar wants 30."]),
        ("Is it 12.5% or 15%? Omar didn't say!", ["Is it 12.5% or 15%?", "Omar didn't say!"]),
        ("What changed? who signs? ok", ["What changed?", "who signs?", "ok"]),
        ("Met Mr. J. Smith at Acme Inc. yesterday.", ["Met Mr. J. Smith at Acme Inc. yesterday."]),
        ("We covered pricing, legal, etc. Then we stopped.", ["We covered pricing, legal, etc.", "Then we stopped."]),
        ("It stalled...and then. Omar called.", ["It stalled...and then.", "Omar called."]),
        ("No. We did not.", ["No.", "We did not."]),
        ("See clause No. 5 for terms.", ["See clause No. 5 for terms."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_newlines_and_bullets_are_items() -> None:
    text = "- What does Omar need?\n* Call Reyna.\n\n1. Did you ask about budget?\n2) Who signs\n   \n• Last one"
    assert split_sentences(text) == [
        "What does Omar need?",
        "Call Reyna.",
        "Did you ask about budget?",
        "Who signs",
        "Last one",
    ]


def test_quoted_email_stays_one_sentence() -> None:
    text = "Here's the email you should send: 'Hi Omar, can we book 30 minutes? Thanks.' Then call him."
    assert split_sentences(text) == [
        "Here's the email you should send: 'Hi Omar, can we book 30 minutes? Thanks.'",
        "Then call him.",
    ]
    assert split_sentences('He said "Call me. Now." Then left.') == ['He said "Call me. Now."', "Then left."]


def test_apostrophes_do_not_open_quotes() -> None:
    text = "Omar's team can't sign. Reyna's can."
    assert split_sentences(text) == ["Omar's team can't sign.", "Reyna's can."]


def test_every_sentence_is_an_exact_substring_in_order() -> None:
    text = "  - First, e.g. this one.  Second?\n\n\tThird! Fourth  \n- fifth"
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == split_sentences(text)
    assert spans == sorted(spans)
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []
    assert split_sentences("- ") == []
    assert split_sentences("-5% is our floor.") == ["-5% is our floor."]
