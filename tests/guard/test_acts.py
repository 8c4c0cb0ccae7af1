"""Speech-act rules, with the tricky cases from the labelling conventions and sentences not in the dataset."""

from __future__ import annotations

import pytest

from assistant.guard.accuracy import DEFAULT_DATASET, load_items
from assistant.guard.acts import ACTS, classify_act, telling_kind

# The rules the guard must get right (labelling conventions of evals/datasets/speech_acts.yaml).
CONVENTIONS = [
    ("Can you walk me through the Vantage pilot so far?", "open_question"),
    ("Could you talk me through how Halden's procurement process works?", "open_question"),
    ("Walk me through what happened on the last call with Priya.", "open_question"),
    ("Tell me about the security review at Corvane?", "open_question"),
    ("Can you get Hana the redlines by Monday?", "directive"),
    ("Please loop in legal before the call.", "directive"),
    ("Could you please send me the deck?", "directive"),
    ("Call Omar today, and what will you ask him?", "directive"),
    ("What you should do is call Omar and ask for the meeting?", "directive"),
    ("It might be worth looping in the SE.", "directive"),
    ("If I were you I'd call the CFO.", "directive"),
    ("Don't you think you should call the CFO?", "leading_question"),
    ("Wouldn't it be better to offer a discount?", "leading_question"),
    ("Shouldn't you loop in legal?", "leading_question"),
    ("Isn't Trackwise the real threat here?", "leading_question"),
    ("Why didn't you book a next step?", "leading_question"),
    ("Why don't you just call the CFO?", "leading_question"),
    ("How about offering a discount?", "leading_question"),
    ("What if you offered 10% off?", "leading_question"),
    ("You've talked to the CFO, right?", "leading_question"),
    ("Have you considered just sending the proposal now?", "leading_question"),
    ("I'll call their CFO myself.", "takeover"),
    ("Let me handle it.", "takeover"),
    ("Leave it to me.", "takeover"),
    ("I'll join the call and run the pricing discussion.", "takeover"),
    ("Here's the email you should send: 'Hi Omar, can we book 30 minutes with Reyna next week?'", "takeover"),
    ("Forward me the thread and I'll write the reply.", "takeover"),
    ("Why don't I just call Gunnar myself?", "takeover"),
    ("I'll set the discount at 12%.", "takeover"),
    ("I'll call the CFO tomorrow.", "statement"),
    ("I'm going to send the revised proposal on Friday.", "statement"),
    ("Let me check with Priya and come back to you.", "statement"),
    ("Let me know how the call goes.", "statement"),
    ("Tell me more about the pilot.", "statement"),
    ("I'd love to hear how you see the Trackwise risk.", "statement"),
    ("What's the close date?", "closed_question"),
    ("How much is the deal worth?", "closed_question"),
    ("Who is your main contact at Petrel?", "closed_question"),
    ("When is the close date?", "closed_question"),
    ("Which stage is Petrel at in the CRM?", "closed_question"),
    ("Can you tell me the renewal date for Northgate?", "closed_question"),
    ("Have you thought about who else signs?", "closed_question"),
    ("Who besides Omar has to agree before Vantage signs?", "open_question"),
    ("What's the next step you own on Halden?", "open_question"),
    ("When you talk to Reyna, what do you want her to walk away with?", "open_question"),
    ("Why is the Bluewater pilot scoped to a single warehouse?", "open_question"),
    ("What support do you need from me to get to Reyna?", "open_question"),
]

# Sentences written for these tests, not in the dataset: they guard against rules that only fit the dataset.
UNSEEN = [
    ("What does Omar need to see before he takes this to Reyna?", "open_question"),
    ("If Ulla says no, who else could approve it?", "open_question"),
    ("Omar, what has changed since the demo?", "open_question"),
    ("What do you think you should do next?", "open_question"),
    ("How will you make sure Reyna hears the business case?", "open_question"),
    ("What do you need to believe about Reyna before you call her?", "open_question"),
    ("Can you explain how the budget gets approved at Kestrel?", "open_question"),
    ("What's one question you could ask Omar to test his influence?", "open_question"),
    ("What's the risk if Reyna isn't involved?", "open_question"),
    ("What would you like me to do?", "open_question"),
    ("What's the deal size?", "closed_question"),
    ("Who's the economic buyer at Corvane?", "closed_question"),
    ("How long is the legal review?", "closed_question"),
    ("Do you think Omar is on board?", "closed_question"),
    ("Can you see any risk in the timeline?", "closed_question"),
    ("Will the board meet in October?", "closed_question"),
    ("Why haven't you called the CFO yet?", "leading_question"),
    ("Have you thought about offering a discount?", "leading_question"),
    ("The CFO is the real blocker, isn't she?", "leading_question"),
    ("Do you really think Omar will sign?", "leading_question"),
    ("What's the harm in calling Reyna directly?", "leading_question"),
    ("Why don't we ask Omar for an intro?", "leading_question"),
    ("Could you send me the notes from the call?", "directive"),
    ("Would you be willing to call Reyna?", "directive"),
    ("We need to get to Reyna this week.", "directive"),
    ("My advice is to go straight to the CFO.", "directive"),
    ("I'd suggest a call with Hana's team.", "directive"),
    ("I'd love for you to call Reyna this week.", "directive"),
    ("You could ask Omar for an intro.", "directive"),
    ("A good next step would be to call Reyna.", "directive"),
    ("Next time, ask for the next step before you hang up.", "directive"),
    ("Get Omar to introduce you to Reyna, then what will you say?", "directive"),
    ("Do loop in legal before Friday.", "directive"),
    ("Have a look at the ROI numbers before Thursday.", "directive"),
    ("Perhaps loop in legal?", "directive"),
    ("What got in the way of calling Omar, and why not Reyna?", "leading_question"),
    ("If it isn't Omar, who signs?", "open_question"),
    ("What if I called Reyna myself?", "takeover"),
    ("Would you like me to write the email?", "takeover"),
    ("Send me the contract and I'll handle the redlines.", "takeover"),
    ("Happy to run the demo for you.", "takeover"),
    ("I've written the email for you below.", "takeover"),
    ("I'll get on a call with their CFO.", "takeover"),
    ("Chase said the budget is approved.", "statement"),
    ("Call notes show Omar is worried about price.", "statement"),
    ("Offer letters went out last week.", "statement"),
    ("Keep me in the loop on Halden.", "statement"),
    ("Let's start with Halden.", "statement"),
    ("I can help if you need it.", "statement"),
    ("Omar asked me to join the next call.", "statement"),
]


@pytest.mark.parametrize(("sentence", "act"), CONVENTIONS + UNSEEN)
def test_classify_act(sentence: str, act: str) -> None:
    assert classify_act(sentence) == act


def test_acts_tuple_is_the_contract() -> None:
    assert ACTS == ("open_question", "closed_question", "leading_question", "directive", "takeover", "statement")


@pytest.mark.parametrize(
    "sentence",
    [
        "Call Omar today, and what will you ask him?",
        "What will you ask Omar - call him today?",
        "How will you prepare, and make sure you send the deck first?",
        "What will you say to Reyna? You need to call her today.",
        "Why don't I just call Gunnar myself?",
    ],
)
def test_telling_never_passes_as_open(sentence: str) -> None:
    assert classify_act(sentence) != "open_question"
    assert telling_kind(sentence) in {"directive", "takeover"}


def test_telling_kind() -> None:
    assert telling_kind("What would make a meeting with Reyna worth her time?") is None
    assert telling_kind("You need to loop in legal.") == "directive"
    assert telling_kind("Loop in legal and I'll handle pricing.") == "takeover"


def test_normalisation() -> None:
    assert classify_act("\u201cCould you please send me the deck?\u201d") == "directive"
    assert classify_act("- Don\u2019t you think Trackwise is a threat?") == "leading_question"
    assert classify_act("  what   would Reyna need to believe?  ") == "open_question"


@pytest.mark.parametrize("sentence", ["", "   ", "?", "...", "- "])
def test_degenerate_input_is_a_statement(sentence: str) -> None:
    assert classify_act(sentence) == "statement"


def test_question_form_without_question_mark() -> None:
    assert classify_act("What is the close date") == "closed_question"
    assert classify_act("What would Reyna need to believe before she signs") == "open_question"
    assert classify_act("What Omar said about timing was useful.") == "statement"


def _variants(text: str) -> list[str]:
    base = text.rstrip(".?!")
    lowered = text[0].lower() + text[1:]
    return [text.lower(), base + "?", base, "So, " + lowered, "Okay, " + base.lower() + "?", "Omar, " + lowered]


@pytest.mark.parametrize(
    "item",
    [item for item in load_items(DEFAULT_DATASET) if item["act"] in {"directive", "takeover"}],
    ids=lambda item: item["text"][:60],
)
def test_telling_variants_never_pass_as_open(item: dict[str, str]) -> None:
    """Bias toward flagging: case, punctuation and openers must not turn telling into asking."""
    for variant in _variants(item["text"]):
        assert classify_act(variant) != "open_question", variant
