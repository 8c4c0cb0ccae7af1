"""Open rewrites: the brief's examples, None where no rewrite is due, and every rewrite classifies as open."""

from __future__ import annotations

import re

import pytest

from assistant.guard.accuracy import DEFAULT_DATASET, load_items
from assistant.guard.acts import classify_act
from assistant.guard.suggest import suggest_open_question

from .test_acts import CONVENTIONS, UNSEEN

ITEMS = load_items(DEFAULT_DATASET)


@pytest.mark.parametrize(
    ("sentence", "act", "expected"),
    [
        ("Did you ask about budget?", "closed_question", "What have you learned so far about budget?"),
        ("I'll call Reyna myself.", "takeover", "What would make a conversation with Reyna worth their time?"),
        ("You need to loop in legal.", "directive", "How are you thinking about involving legal?"),
        ("Why didn't you book a next step?", "leading_question", "What got in the way of booking a next step?"),
        ("Why haven't you met Reyna yet?", "leading_question", "What got in the way of meeting Reyna?"),
        ("Call Omar today.", "directive", "What do you want to get out of your next conversation with Omar?"),
        ("I'll set the discount at 12%.", "takeover", "How do you plan to handle the discount?"),
        ("Isn't it too early to talk price with Vantage?", "leading_question", "What's your read on Vantage?"),
        (
            "Do you know who signs the contract at Kestrel?",
            "closed_question",
            "Who signs the contract at Kestrel, and how do you know?",
        ),
    ],
)
def test_examples(sentence: str, act: str, expected: str) -> None:
    assert suggest_open_question(sentence, act) == expected


@pytest.mark.parametrize("act", ["open_question", "statement", "unknown"])
def test_no_suggestion_for_open_questions_and_statements(act: str) -> None:
    assert suggest_open_question("What would Reyna need to believe?", act) is None


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item["text"][:60])
def test_every_dataset_suggestion_is_open(item: dict[str, str]) -> None:
    for act in {item["act"], classify_act(item["text"])}:
        suggestion = suggest_open_question(item["text"], act)
        if act in {"open_question", "statement"}:
            assert suggestion is None
        else:
            assert suggestion is not None
            assert suggestion.endswith("?") and suggestion.count("?") == 1
            assert classify_act(suggestion) == "open_question", suggestion


@pytest.mark.parametrize(("sentence", "act"), CONVENTIONS + UNSEEN)
def test_unseen_suggestions_are_open(sentence: str, act: str) -> None:
    suggestion = suggest_open_question(sentence, act)
    assert suggestion is None or classify_act(suggestion) == "open_question", suggestion


@pytest.mark.parametrize(
    ("sentence", "act", "keeps"),
    [
        ("I'll call their CFO myself.", "takeover", "their CFO"),
        ("Ask Priya to set up a meeting with Gunnar.", "directive", "Priya"),
        ("Get the security review done this week.", "directive", "the security review"),
        ("Is Trackwise still in the running?", "closed_question", "Trackwise"),
        ("Is the 30 June close date in the CRM still current?", "closed_question", "the 30 June close date"),
        ("It might be worth looping in the SE.", "directive", "the SE"),
    ],
)
def test_keeps_people_and_topic(sentence: str, act: str, keeps: str) -> None:
    suggestion = suggest_open_question(sentence, act)
    assert suggestion is not None and keeps in suggestion


def test_neutral_wording() -> None:
    """A rewrite must not smuggle the manager's answer back in (no loaded adjectives, no 'just', no tags)."""
    for item in ITEMS:
        suggestion = suggest_open_question(item["text"], item["act"]) or ""
        assert not re.search(r"\b(?:just|simply|real|obvious|surely|right\?)", suggestion), suggestion


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        ("Why didn't you call Omar, and why not Reyna?", "leading_question"),
        ("Did Surely Inc sign?", "closed_question"),
        ("???", "directive"),
        ("", "takeover"),
    ],
)
def test_odd_input_still_gets_an_open_question(sentence: str, act: str) -> None:
    suggestion = suggest_open_question(sentence, act)
    assert suggestion is not None and classify_act(suggestion) == "open_question"
