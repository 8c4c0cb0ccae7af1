"""The chat with an LLM engine, through the official openai SDK against the live server, the model being the
scripted fake server: tool calls (the same functions, the same access rules), malformed tool arguments, a refused
call, a stream cut off mid-sentence, and the guard holding each sentence back until it passes."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openai import OpenAI

from assistant.api import create_app
from assistant.guard import telling_sentences
from tests.api.helpers import Keys, LiveServer, settings_for
from tests.engines.fake_openai import FakeOpenAI

MODEL = "openai:test-model"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


def _serve(api_home: Path, fake: FakeOpenAI, tmp_path_factory: pytest.TempPathFactory, timeout: float) -> LiveServer:
    """A live app on a copy of the API home whose LLM engine is the fake server, with this model deadline."""
    if not api_home.exists():  # the PostgreSQL + Chroma server param: the tool calls do not depend on the store
        pytest.skip("the LLM chat is tested on the embedded store")
    home = tmp_path_factory.mktemp("llmchat") / "home"
    shutil.copytree(api_home, home)
    settings = settings_for(home, openai_base_url=fake.url, openai_api_key=None, llm_timeout=timeout)
    return LiveServer(create_app(settings)).start()


@pytest.fixture(scope="module")
def llm_live(api_home: Path, keys: Keys, fake: FakeOpenAI, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a copy of the API home (made after the keys, so they are in it)."""
    server = _serve(api_home, fake, tmp_path_factory, timeout=20)
    yield server.url
    server.stop()


@pytest.fixture(autouse=True)
def _clean(fake: FakeOpenAI) -> None:
    fake.script.clear()
    fake.requests.clear()


def stream(url: str, key: str, text: str) -> tuple[list[str], dict[str, Any]]:
    client = OpenAI(base_url=f"{url}/v1", api_key=key, max_retries=0, timeout=300)
    messages: list[Any] = [{"role": "user", "content": text}]
    chunks = list(client.chat.completions.create(model=MODEL, messages=messages, stream=True))
    pieces = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    final = next(c for c in chunks if c.choices and c.choices[0].finish_reason == "stop")
    return pieces, (final.model_extra or {})["coach"]


def tool_results(fake: FakeOpenAI) -> list[dict[str, Any]]:
    return [json.loads(m["content"]) for r in fake.requests for m in r["messages"] if m["role"] == "tool"]


def test_the_model_calls_a_tool_and_each_sentence_passes_the_guard(llm_live: str, keys: Keys, fake: FakeOpenAI) -> None:
    fake.tool_calls(("prep", '{"deal_id": "D-201"}'))
    fake.reply(
        "Graham Osei has not been met in three months. Just call Graham yourself and close it. "
        "What has Dana Whitfield told you about Graham Osei's priorities? Is the deal going to close?"
    )
    pieces, coach = stream(llm_live, keys.manager, "Help me prepare the Harlow review")
    text = "".join(pieces)
    assert "Graham Osei has not been met in three months." in pieces[0]
    assert "call Graham yourself" not in text and not telling_sentences(text)
    assert "What has Dana Whitfield told you about Graham Osei's priorities?" in text
    assert "Is the deal going to close?" not in text  # closed: rewritten as an open question or dropped
    assert coach["kind"] == "llm" and coach["payload"]["tools"] == [
        {"name": "prep", "arguments": '{"deal_id": "D-201"}', "error": None}
    ] and coach["payload"]["dropped"] >= 1  # fmt: skip
    (result,) = tool_results(fake)
    assert result["deal_id"] == "D-201" and result["questions"]  # the same prep pack the default chat uses
    assert fake.requests[0]["tools"] and fake.requests[0]["stream"] is True


def test_malformed_arguments_and_refused_calls_come_back_to_the_model(
    llm_live: str, keys: Keys, fake: FakeOpenAI
) -> None:
    fake.tool_calls(("prep", '{"deal_id": '), ("prep", '{"deal_id": "D-201", "team": "acme"}'))
    fake.reply("What would Graham Osei need to see before signing?")
    _, coach = stream(llm_live, keys.manager, "prep harlow")
    errors = [r["error"] for r in tool_results(fake)]
    assert errors[0].startswith("invalid arguments for prep") and errors[1].startswith("refused: a key sees only")
    assert [t["error"] is not None for t in coach["payload"]["tools"]] == [True, True]
    fake.requests.clear()
    fake.tool_calls(("prep", '{"deal_id": "D-201"}'), ("team_risk", "{}"), ("rep_plan", '{"rep": "Marcus Delgado"}'))
    fake.reply("What would make the next call with Hugo Valdez worth his time?")
    pieces, _ = stream(llm_live, keys.rep, "how is copperline looking?")  # Rhys Tanaka's key
    assert [r["error"] for r in tool_results(fake)] == [
        "refused: a rep key sees only that rep's own deals",
        "refused: the team view needs a manager key",
        "refused: a rep key sees only that rep's own plan",
    ]
    assert "".join(pieces).startswith("What would make the next call with Hugo Valdez worth his time?")


def test_a_stream_cut_off_mid_sentence_holds_that_sentence_back(llm_live: str, keys: Keys, fake: FakeOpenAI) -> None:
    fake.cut("Dana Whitfield is the only contact so far. What would Graham Osei need to see before he sig")
    pieces, coach = stream(llm_live, keys.manager, "prep D-201")
    assert "".join(pieces).strip() == "Dana Whitfield is the only contact so far."
    assert coach["kind"] == "llm" and coach["payload"]["cut_off"].startswith("model error")


def test_a_failing_model_falls_back_to_the_default_chat(llm_live: str, keys: Keys, fake: FakeOpenAI) -> None:
    fake.fail(500)
    pieces, coach = stream(llm_live, keys.manager, "prep D-201")
    assert coach["kind"] == "prep" and coach["payload"]["engine"].startswith("default (fallback: ")
    assert "Questions for the review:" in "".join(pieces)


@pytest.fixture(scope="module")
def llm_short(api_home: Path, keys: Keys, fake: FakeOpenAI, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same app with a 2-second model deadline."""
    server = _serve(api_home, fake, tmp_path_factory, timeout=2)
    fake.fail(500)
    stream(server.url, keys.manager, "prep D-201")  # the first answer loads the models: not the model's time
    yield server.url
    server.stop()


def test_a_trickling_stream_is_cut_at_the_turns_deadline(llm_short: str, keys: Keys, fake: FakeOpenAI) -> None:
    """Every read succeeds (a byte every 50 ms), so the SDK's per-read timeout never fires; the turn's does."""
    fake.trickle("What would make the next call with Hugo Valdez worth his time? " * 3, every=0.05)
    started = time.monotonic()
    pieces, coach = stream(llm_short, keys.manager, "prep D-201")
    assert time.monotonic() - started < 8
    assert coach["kind"] == "prep" and "still answering after 2 s" in coach["payload"]["engine"]
    assert "Questions for the review:" in "".join(pieces)


def test_the_deadline_covers_every_round_of_tool_calls(llm_short: str, keys: Keys, fake: FakeOpenAI) -> None:
    fake.tool_calls(("prep", json.dumps({"deal_id": "D-201"})))
    fake.hang()
    started = time.monotonic()
    _, coach = stream(llm_short, keys.manager, "prep D-201")
    assert time.monotonic() - started < 8
    assert len(fake.requests) == 2 and "still answering after 2 s" in coach["payload"]["engine"]
