"""The package API: label, check_question, check_text, telling_sentences and check_lines (`coach check`)."""

from __future__ import annotations

import dataclasses

import pytest

from assistant.guard import (
    ACTS,
    REASONS,
    CheckResult,
    Labelled,
    check_lines,
    check_question,
    check_text,
    label,
    telling_sentences,
)


def test_label_open_question() -> None:
    item = label("What would Reyna need to believe before she signs?")
    assert item == Labelled(
        text="What would Reyna need to believe before she signs?",
        act="open_question",
        type="perspective",
        suggestion=None,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.act = "directive"  # type: ignore[misc]


def test_label_gives_type_only_to_open_questions() -> None:
    item = label("Did you ask about budget?")
    assert (item.act, item.type) == ("closed_question", None)
    assert item.suggestion == "What have you learned so far about budget?"
    assert label("The pilot ended on Friday.").suggestion is None


@pytest.mark.parametrize(
    "question",
    [
        "What would Reyna need to believe before she signs?",
        "Can you walk me through the Vantage pilot so far?",
        "  Given the budget freeze, how are you thinking about the Halden timeline?  ",
        "What will you have done before our next review?",
    ],
)
def test_check_question_accepts_good_questions(question: str) -> None:
    assert check_question(question) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Did you ask about budget?", "closed question"),
        ("What's the close date on Halden?", "closed question"),
        ("Don't you think Trackwise is a threat?", "leading question"),
        ("Why didn't you book a next step?", "leading question"),
        ("Could you please send me the deck?", "contains a directive"),
        ("Call Omar today, and what will you ask him?", "contains a directive"),
        ("What you should do is call Omar and ask for the meeting?", "contains a directive"),
        ("Why don't I just call Gunnar myself?", "contains a takeover"),
        ("What does Omar need, and I'll handle pricing with procurement?", "contains a takeover"),
        ("What does Omar need? Who signs at Vantage?", "stacked questions"),
        ("What does Omar need?? ", "stacked questions"),
        ("Thanks for the update. What does Omar need?", "more than one sentence"),
        ("Walk me through what happened on the last call with Priya.", "does not end with '?'"),
        ("Tell me more about the pilot.", "not a question"),
        ("", "empty"),
    ],
)
def test_check_question_rejects_each_bad_kind(text: str, reason: str) -> None:
    reasons = check_question(text)
    assert reason in reasons
    assert set(reasons) <= set(REASONS)
    assert len(reasons) == len(set(reasons))


def test_directive_inside_an_open_looking_question() -> None:
    assert "contains a directive" in check_question("What will you ask Omar - call him today?")
    assert "contains a directive" in check_question("How will you open the call, and make sure you mention pricing?")


def test_check_text_and_telling_sentences() -> None:
    reply = (
        "The notes don't mention a meeting with Gunnar. What would make a meeting with Gunnar worth his time? "
        "You should send the security questionnaire to Corvane today. I'll write the agenda for your meeting."
    )
    labelled = check_text(reply)
    assert [item.act for item in labelled] == ["statement", "open_question", "directive", "takeover"]
    assert [item.text for item in telling_sentences(reply)] == [
        "You should send the security questionnaire to Corvane today.",
        "I'll write the agenda for your meeting.",
    ]
    assert check_text("") == []


def test_check_lines_keeps_order_and_text() -> None:
    text = (
        "What would Reyna need to believe before she signs?\n"
        "- Did you ask about budget?\n"
        "\n"
        "You need to loop in legal. Why didn't you book a next step?\n"
        "  I'll call Reyna myself.  \n"
        "Tell me about the security review at Corvane?"
    )
    result = check_lines(text)
    assert isinstance(result, CheckResult)
    texts = [item.text for item in result.items]
    assert texts == [
        "What would Reyna need to believe before she signs?",
        "Did you ask about budget?",
        "You need to loop in legal.",
        "Why didn't you book a next step?",
        "I'll call Reyna myself.",
        "Tell me about the security review at Corvane?",
    ]
    positions = [text.index(t) for t in texts]
    assert positions == sorted(positions)
    assert [item.act for item in result.items] == [
        "open_question",
        "closed_question",
        "directive",
        "leading_question",
        "takeover",
        "open_question",
    ]
    summary = result.summary
    assert summary["total"] == len(result.items) == 6
    assert set(summary["counts"]) == set(ACTS)
    assert sum(summary["counts"].values()) == summary["total"]
    assert sum(summary["types"].values()) == summary["counts"]["open_question"]
    assert summary["telling"] == summary["counts"]["directive"] + summary["counts"]["takeover"] == 2
    assert summary["share_open"] == pytest.approx(2 / 6, abs=1e-4)
    assert 0.0 <= summary["share_open"] <= 1.0
    assert summary["verdict"].startswith("2 of 6 items are open questions")
    assert "1 tells the rep what to do" in summary["verdict"]
    for item in result.items:
        assert (item.type is not None) == (item.act == "open_question")
        assert (item.suggestion is None) == (item.act in {"open_question", "statement"})


def test_check_lines_verdict_counts_lines() -> None:
    text = "What does Omar need?\nWho else signs at Vantage?\nSend the proposal by Friday.\n"
    result = check_lines(text)
    assert result.summary["verdict"] == "2 of 3 lines are open questions; 1 tells the rep what to do"
    assert check_lines("What does Omar need?").summary["verdict"] == (
        "1 of 1 line is an open question; none tells the rep what to do"
    )


def test_check_lines_empty() -> None:
    result = check_lines("\n  \n")
    assert result.items == []
    assert result.summary["total"] == 0
    assert result.summary["share_open"] == 0.0
    assert result.summary["verdict"] == "nothing to check"
