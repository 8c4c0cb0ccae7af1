"""What the chat understands, through the official openai SDK against the live server: the issue's messages,
100+ messages holding id-like tokens (none answered with an error), state carried in the history the client
sends, follow-ups, a system message as context, a rep with no deal named, and the sentence-by-sentence stream."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openai import OpenAI, PermissionDeniedError

from assistant.api.keys import KeyStore
from assistant.api.services import keys_path
from assistant.conversation.dataset import CHAT_DIR
from assistant.guard import check_question, split_sentences, telling_sentences
from tests.api.helpers import REP, TEAM, Keys, LiveServer, assert_socratic, settings_for

ID_LIKE = [json.loads(line) for line in (CHAT_DIR / "id_like_tokens.jsonl").read_text().splitlines()]
REPS = sorted({r["as_rep"] for r in ID_LIKE if r["as_rep"]})
OPEN_RHYS, CLOSED_RHYS = ["D-206", "D-212", "D-218", "D-223"], "D-227"


def sdk(live: LiveServer, key: str) -> OpenAI:
    return OpenAI(base_url=f"{live.url}/v1", api_key=key, max_retries=0, timeout=300)


@pytest.fixture(scope="module")
def rep_keys(api_home: Path, keys: Keys) -> dict[str, str]:
    store = KeyStore(keys_path(settings_for(api_home)))
    return {rep: store.create(TEAM, "rep", rep, known_reps=REPS) for rep in REPS}


def ask(client: OpenAI, *users: str, system: str | None = None) -> tuple[str, dict[str, Any]]:
    messages: list[Any] = [{"role": "system", "content": system}] if system else []
    messages += [{"role": "user", "content": u} for u in users]
    reply = client.chat.completions.create(model="coach", messages=messages)
    return reply.choices[0].message.content or "", (reply.model_extra or {})["coach"]


def test_the_issues_manager_messages_are_understood(live: LiveServer, keys: Keys) -> None:
    manager = sdk(live, keys.manager)
    text, coach = ask(manager, "which deals are at risk?")
    assert coach["kind"] == "team_risk" and coach["payload"]["at_risk"] and "D-2" in text
    assert_socratic(text)
    text, coach = ask(manager, "how is the team doing on qualification?")
    assert coach["kind"] == "skill_overview" and coach["payload"]["skill"] == "qualification"
    assert "Marcus Delgado" in text and "qualification" in text
    text, coach = ask(manager, "help me write questions about the CFO", system="We are reviewing D-201 today.")
    assert coach["kind"] == "topic" and coach["deal_id"] == "D-201" and "Graham Osei" in text
    text, coach = ask(manager, "help me write questions about the CFO")  # no deal anywhere: which one?
    assert coach["kind"] == "clarify" and "D-201 Harlow Logistics" in text and text.rstrip().endswith("?")
    for message, deal in (("d-201", "D-201"), ("the Harlow deal", "D-201"), ("prep d 212", "D-212")):
        assert ask(manager, message)[1]["deal_id"] == deal, message
    text, coach = ask(manager, "Marcus")
    assert coach["kind"] == "rep_plan" and coach["rep"] == "Marcus Delgado"


def test_no_message_with_an_id_like_token_is_answered_with_an_error(
    live: LiveServer, keys: Keys, rep_keys: dict[str, str]
) -> None:
    assert len(ID_LIKE) >= 50
    for row in ID_LIKE:
        client = sdk(live, rep_keys[row["as_rep"]] if row["speaker"] == "rep" else keys.manager)
        text, coach = ask(client, *row["history"], row["text"])  # an error raises here
        assert text.strip() and "?" in text, row["text"]
        assert coach["deal_id"] is None or coach["deal_id"] not in {t.upper() for t in row["tokens"]}
        assert not telling_sentences(text), (row["text"], [s.text for s in telling_sentences(text)])


def test_follow_ups_use_the_history(live: LiveServer, keys: Keys) -> None:
    manager = sdk(live, keys.manager)
    first, _ = ask(manager, "prep the harlow deal")
    why, coach = ask(manager, "prep the harlow deal", "why?")
    assert coach["kind"] == "explain" and coach["deal_id"] == "D-201" and "N-1160" in why and why != first
    short, coach = ask(manager, "prep the harlow deal", "shorter please")
    assert coach["deal_id"] == "D-201" and len(short) < len(first) / 2
    assert sum(1 for line in short.splitlines() if line[:2] in ("1.", "2.", "3.", "4.")) == 3
    rival, coach = ask(manager, "prep the harlow deal", "what about the competitor?")
    assert coach["kind"] == "topic" and coach["deal_id"] == "D-201" and "Tallyforge" in rival
    assert_socratic(rival)
    carried, coach = ask(manager, "prep D-206", "questions about pricing", "and the timeline?")
    assert coach["kind"] == "topic" and coach["deal_id"] == "D-206" and coach["payload"]["topic"] == "timeline"
    switched, coach = ask(manager, "prep D-206", "and for Sofia?")
    assert coach["rep"] == "Sofia Lindqvist" and coach["deal_id"] is None


def test_unclear_gets_one_clarifying_question_with_real_choices(live: LiveServer, keys: Keys) -> None:
    for message in ("not sure", "hmm", "help"):
        text, coach = ask(sdk(live, keys.manager), message)
        questions = [s for s in split_sentences(text) if s.endswith("?")]
        assert coach["kind"] == "clarify" and len(questions) == 1 and "D-2" in text, text
    text, coach = ask(sdk(live, keys.manager), "what's the weather like in Lisbon")
    assert coach["kind"] == "clarify" and text.rstrip().endswith("?")


def test_a_rep_naming_no_deal_is_asked_which_open_deal(live: LiveServer, keys: Keys) -> None:
    rep = sdk(live, keys.rep)
    for message in ("should I just send the proposal?", "write the email for me"):
        text, coach = ask(rep, message)
        assert coach["kind"] == "clarify" and coach["deal_id"] is None, text
        assert all(d in text for d in OPEN_RHYS) and CLOSED_RHYS not in text
    text, coach = ask(rep, "should I just send the proposal?", system="I am working on D-212.")
    assert coach["kind"] == "self" and coach["deal_id"] == "D-212"
    assert_socratic(text)
    text, coach = ask(rep, "copperline wants a discount, is it ok to give 10%?")
    assert coach["deal_id"] == "D-212" and coach["payload"]["intent"] == "decide"
    with pytest.raises(PermissionDeniedError):  # another rep's deal, named by its account
        ask(rep, "how do I move the harlow deal forward?")
    assert REP == "Rhys Tanaka"


def test_check_my_questions_is_answered_as_coach_check_does(live: LiveServer, keys: Keys) -> None:
    pasted = "Check these for my review with Marcus:\nDid you call the CFO?\nWhat would Graham need to see?"
    text, coach = ask(sdk(live, keys.manager), pasted)
    assert coach["kind"] == "check" and [i["act"] for i in coach["payload"]["items"]][:2] == [
        "closed_question", "open_question"
    ]  # fmt: skip
    assert "Line 1 is a closed question." in text and "Line 2 is an open question" in text


def test_the_stream_sends_one_guarded_sentence_at_a_time(live: LiveServer, keys: Keys) -> None:
    client = sdk(live, keys.manager)
    messages: list[Any] = [{"role": "user", "content": "prep the harlow deal"}]
    pieces = [
        c.choices[0].delta.content
        for c in client.chat.completions.create(model="coach", messages=messages, stream=True)
        if c.choices and c.choices[0].delta.content
    ]
    whole = client.chat.completions.create(model="coach", messages=messages).choices[0].message.content or ""
    assert "".join(pieces).rstrip() == whole and len(pieces) >= 8
    for piece in pieces:
        sentences = split_sentences(piece.split(" [")[0].lstrip("0123456789. "))
        assert len(sentences) == 1, piece  # one sentence or one question per event, not slices of words
        assert not telling_sentences(piece)
        if piece[:1].isdigit():
            assert not check_question(sentences[0]), piece
