"""/v1/chat/completions with real OpenAI clients (the official SDK and LangChain) against the live server."""

from __future__ import annotations

import json

import httpx
import openai
import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from openai import OpenAI

from assistant.tokens import count_tokens
from tests.api.helpers import REP, REP_DEAL, Keys, LiveServer, assert_socratic

QUESTION = "Help me prepare the review of D-201. Should I just call their CFO myself?"


def sdk(live: LiveServer, key: str) -> OpenAI:
    # the first turn of a session builds every deal model of the team (the entity linker's names)
    return OpenAI(base_url=f"{live.url}/v1", api_key=key, max_retries=0, timeout=300)


def test_sdk_manager_non_streaming(live: LiveServer, keys: Keys, http: httpx.Client) -> None:
    raw = sdk(live, keys.manager).chat.completions.with_raw_response.create(
        model="coach",
        messages=[{"role": "system", "content": "You are helpful."}, {"role": "user", "content": QUESTION}],
        temperature=0.2,
        max_tokens=400,
        top_p=1,
        n=1,
        user="manager-1",
    )
    completion = raw.parse()
    assert completion.object == "chat.completion" and completion.model == "coach"
    assert completion.id == raw.headers["X-Coach-Answer-Id"] and completion.id.startswith("ans_")
    choice = completion.choices[0]
    assert choice.index == 0 and choice.finish_reason == "stop" and choice.message.role == "assistant"
    text = choice.message.content or ""
    assert "D-201" in text
    assert_socratic(text)
    assert completion.usage is not None
    assert completion.usage.completion_tokens == count_tokens(text)
    assert completion.usage.prompt_tokens == count_tokens("You are helpful.") + count_tokens(QUESTION)
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + completion.usage.completion_tokens
    extra = (completion.model_extra or {})["coach"]
    assert extra["kind"] == "prep" and extra["deal_id"] == "D-201" and len(extra["payload"]["questions"]) >= 5
    answers = http.get("/v1/answers", headers=keys.header("manager")).json()["answers"]
    stored = next(a for a in answers if a["id"] == completion.id)
    assert stored["kind"] == "chat_manager" and stored["request"]["messages"] == [QUESTION]


def test_sdk_rep_streaming_with_usage(live: LiveServer, keys: Keys) -> None:
    stream = sdk(live, keys.rep).chat.completions.create(
        model="coach",
        messages=[{"role": "user", "content": f"Just tell me what to do on {REP_DEAL}, write the email for me."}],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1 and chunks[0].id.startswith("ans_")
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 3  # really streamed in pieces
    finals = [c for c in chunks if c.choices and c.choices[0].finish_reason == "stop"]
    assert len(finals) == 1
    assert chunks[-1].choices == [] and chunks[-1].usage is not None
    assert chunks[-1].usage.completion_tokens == count_tokens(text)
    assert_socratic(text)


def test_sse_wire_format_ends_with_done(http: httpx.Client, keys: Keys) -> None:
    body = {"model": "coach", "stream": True, "messages": [{"role": "user", "content": "Prep me for D-212"}]}
    with http.stream("POST", "/v1/chat/completions", json=body, headers=keys.header("manager")) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line for line in response.iter_lines() if line]
    assert events[-1] == "data: [DONE]" and all(e.startswith("data: ") for e in events)
    chunks = [json.loads(e[6:]) for e in events[:-1]]
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": ""}
    assert "usage" not in chunks[-1]  # no include_usage: no usage chunk
    assert chunks[-1]["coach"]["kind"] == "prep" and chunks[-1]["coach"]["deal_id"] == "D-212"


def test_multi_turn_uses_the_whole_history(live: LiveServer, keys: Keys) -> None:
    client = sdk(live, keys.rep)
    history: list[dict[str, str]] = []
    answers = []
    for message in (f"I am stuck on {REP_DEAL}.", "Just tell me the answer.", "Come on, give me the answer."):
        history.append({"role": "user", "content": message})
        reply = client.chat.completions.create(model="coach", messages=history)  # type: ignore[arg-type]
        text = reply.choices[0].message.content or ""
        assert_socratic(text)
        answers.append(text)
        history.append({"role": "assistant", "content": text})
    assert answers[2].startswith("You have asked for the answer more than once")  # third user turn seen


def test_langchain_chat_openai(live: LiveServer, keys: Keys) -> None:
    llm = ChatOpenAI(base_url=f"{live.url}/v1", api_key=keys.manager, model="coach", max_retries=0, timeout=60)  # type: ignore[arg-type]
    reply = llm.invoke([SystemMessage("Be brief."), HumanMessage(QUESTION)])
    assert isinstance(reply, AIMessage) and "D-201" in str(reply.content)
    assert_socratic(str(reply.content))
    streamed = "".join(str(chunk.content) for chunk in llm.stream([HumanMessage("And for D-212?")]))
    assert "D-212" in streamed
    assert_socratic(streamed)


def test_langchain_rep_multi_turn(live: LiveServer, keys: Keys) -> None:
    llm = ChatOpenAI(base_url=f"{live.url}/v1", api_key=keys.rep, model="default", max_retries=0, timeout=60)  # type: ignore[arg-type]
    first = llm.invoke([HumanMessage(f"How do I get {REP_DEAL} moving?")])
    second = llm.invoke([HumanMessage(f"How do I get {REP_DEAL} moving?"), first, HumanMessage("Tell me what to do.")])
    assert_socratic(str(second.content))
    assert str(second.content).startswith("You would rather have a straight answer")


def test_openai_style_errors(live: LiveServer, keys: Keys) -> None:
    with pytest.raises(openai.NotFoundError) as missing:
        sdk(live, keys.manager).chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}])
    assert missing.value.code == "model_not_found" and missing.value.param == "model"
    with pytest.raises(openai.AuthenticationError):
        sdk(live, "coach_nope_" + "x" * 30).chat.completions.create(
            model="coach", messages=[{"role": "user", "content": "hi"}]
        )
    with pytest.raises(openai.BadRequestError) as bad:
        sdk(live, keys.manager).chat.completions.create(model="coach", messages=[{"role": "wizard", "content": "hi"}])  # type: ignore[misc,list-item]
    assert "messages.0.role" in str(bad.value)
    with pytest.raises(openai.BadRequestError):
        sdk(live, keys.manager).chat.completions.create(model="coach", messages=[])
    with pytest.raises(openai.BadRequestError) as only_system:
        sdk(live, keys.manager).chat.completions.create(model="coach", messages=[{"role": "system", "content": "x"}])
    assert only_system.value.param == "messages"
    # a deal id that is not one of the team's is no error: one clarifying question with the team's real deals
    unknown = sdk(live, keys.manager).chat.completions.create(
        model="coach", messages=[{"role": "user", "content": "Prep D-999?"}]
    )
    text = unknown.choices[0].message.content or ""
    assert "There is no deal D-999" in text and "D-201" in text and text.rstrip().endswith("?")


def test_content_parts_and_unknown_fields_are_accepted(http: httpx.Client, keys: Keys) -> None:
    body = {
        "model": "coach",
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Review D-201 please"}], "name": "pat"}],
        "frequency_penalty": 0,
        "presence_penalty": 0,
        "seed": 7,
        "logit_bias": {},
        "response_format": {"type": "text"},
        "some_future_option": True,
    }
    r = http.post("/v1/chat/completions", json=body, headers=keys.header("manager"))
    assert r.status_code == 200, r.text
    assert r.json()["coach"]["deal_id"] == "D-201"


def test_clarifies_when_nothing_is_named_and_models_list(http: httpx.Client, keys: Keys) -> None:
    body = {"model": "coach", "messages": [{"role": "user", "content": "Hello"}]}
    r = http.post("/v1/chat/completions", json=body, headers=keys.header("manager"))
    assert r.status_code == 200 and r.json()["coach"]["kind"] == "clarify"
    assert "?" in r.json()["choices"][0]["message"]["content"]
    models = http.get("/v1/models", headers=keys.header("rep")).json()
    assert {"coach", "default"} <= {m["id"] for m in models["data"]}
    assert REP  # the rep key works on /v1/models too
