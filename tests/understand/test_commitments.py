"""Reading commitments (who does what by when) and whether a later note shows one carried out."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.understand.commitments import offered_commitment, read_pledge, second_person
from assistant.understand.followthrough import load_followthrough
from assistant.understand.train_followthrough import WEIGHTS, corpus_digest, train, writers

MADE = date(2026, 10, 1)  # a Thursday


@pytest.mark.parametrize(
    ("text", "doer", "action", "due"),
    [
        ("I'll meet Ilse Brandt on the 14th", "speaker", "meet Ilse Brandt on the 14th", date(2026, 10, 14)),
        ("Dana will send the MAP by Friday", "named", "send the MAP by Friday", date(2026, 10, 2)),
        ("send MAP to Joe by Fri", "none", "send MAP to Joe by Fri", date(2026, 10, 2)),
        ("You need to get the CFO by Friday", "addressee", "get the CFO by Friday", date(2026, 10, 2)),
        (
            "I'm going to get the CFO on a call by 11/20",
            "speaker",
            "get the CFO on a call by 11/20",
            date(2026, 11, 20),
        ),
        (
            "Marcus says he'll map the approval chain before the 30th",
            "named",
            "map the approval chain before the 30th",
            date(2026, 10, 30),
        ),
        ("Dana to book the demo for 11/20", "named", "book the demo for 11/20", date(2026, 11, 20)),
    ],
)
def test_a_commitment_is_read_into_doer_action_and_due(text: str, doer: str, action: str, due: date) -> None:
    pledge = read_pledge(text, MADE)
    assert (pledge.doer, pledge.action, pledge.due) == (doer, action, due)


def test_a_noun_phrase_commitment_has_no_verb_but_keeps_its_words_and_date() -> None:
    pledge = read_pledge("CFO meeting booked by 20th", MADE)
    assert pledge.verb is None and pledge.action == "CFO meeting booked by 20th" and pledge.due == date(2026, 10, 20)


def test_the_reps_words_are_turned_to_the_rep() -> None:
    assert second_person("send my deck to Joe myself") == "send your deck to Joe yourself"


def test_a_self_coaching_message_ending_with_what_the_rep_will_do_is_offered_as_a_commitment() -> None:
    message = "Ilse keeps dodging the budget talk. So I'll ask Pete to set up 30 min with her by Friday."
    assert offered_commitment(message) == "I'll ask Pete to set up 30 min with her by Friday."
    assert offered_commitment("How do I get to the CFO?") is None
    assert offered_commitment("Should I discount? I think I will.") is None


def test_the_follow_through_model_is_fresh_for_the_writers_pairs() -> None:
    assert len(writers()) >= 3
    assert load_followthrough().digest == corpus_digest(), "run `make train`: the follow-through pairs changed"
    assert json.loads(WEIGHTS.read_text())["writers"] == writers()


@pytest.mark.slow
def test_the_follow_through_model_is_rebuilt_byte_for_byte_from_the_writers_pairs(tmp_path: Path) -> None:
    train(path=tmp_path / "f.json")
    assert (tmp_path / "f.json").read_bytes() == WEIGHTS.read_bytes()
