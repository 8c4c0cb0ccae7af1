"""A model server that fails never costs the user an answer over HTTP (no 500), and every fallback is counted
on /metrics (coach_engine_fallbacks_total, by engine family); a good model answer is not counted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from tests.api.helpers import REP_DEAL, TEAM, Keys, settings_for
from tests.engines.answers import GOOD
from tests.engines.fake_openai import FakeOpenAI

ENGINE = "openai:test-model"


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client(api_home: Path, keys: Keys, fake: FakeOpenAI) -> Iterator[TestClient]:
    settings = settings_for(api_home, engine=ENGINE, openai_base_url=fake.url, llm_timeout=5, llm_backoff=0.01)
    with TestClient(create_app(settings, warm=False)) as client:
        yield client


def fallbacks(client: TestClient, keys: Keys) -> int:
    text = client.get("/metrics", headers=keys.header("admin")).text
    found = re.search(r'^coach_engine_fallbacks_total\{engine="openai"\} (\d+)$', text, re.M)
    assert found, text
    return int(found.group(1))


def test_fallbacks_are_answers_and_are_counted(client: TestClient, keys: Keys, fake: FakeOpenAI) -> None:
    before = fallbacks(client, keys)
    fake.script.clear()
    for _ in range(4):
        fake.raw("<html>502</html>")
    prep = client.get(f"/v1/teams/{TEAM}/deals/D-201/prep", headers=keys.header("manager"))
    assert prep.status_code == 200 and prep.json()["engine"].startswith("default (fallback: invalid response")
    chat = client.post(
        "/v1/chat/completions",
        json={"model": ENGINE, "messages": [{"role": "user", "content": "Prepare my review of D-201"}]},
        headers=keys.header("manager"),
    )
    assert chat.status_code == 200, chat.text
    assert chat.json()["coach"]["payload"]["engine"].startswith("default (fallback:")
    self_reply = client.post(
        "/v1/self", json={"message": "What should I ask next?", "deal_id": REP_DEAL}, headers=keys.header("rep")
    )
    assert self_reply.status_code == 200 and self_reply.json()["engine"].startswith("default (fallback:")
    assert fallbacks(client, keys) == before + 3

    fake.script.clear()
    fake.reply(GOOD)
    good = client.get(f"/v1/teams/{TEAM}/deals/D-201/prep", headers=keys.header("manager"))
    assert good.status_code == 200 and good.json()["engine"] == ENGINE
    assert fallbacks(client, keys) == before + 3, "a good answer was counted as a fallback"


def test_metrics_need_an_operator_key(client: TestClient, keys: Keys) -> None:
    assert client.get("/metrics").status_code == 401
    for who in ("manager", "rep", "other_team"):
        r = client.get("/metrics", headers=keys.header(who))
        assert r.status_code == 403 and "admin" in r.json()["error"]["message"]
    assert client.get(f"/v1/teams/{TEAM}/deals", headers=keys.header("admin")).status_code == 403


def test_deep_json_bodies_and_oversized_messages_are_clear_4xx(client: TestClient, keys: Keys) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    auth = {**keys.header("manager"), "Content-Type": "application/json"}
    notes = client.post(f"/v1/teams/{TEAM}/notes", content=deep, headers=auth)
    assert notes.status_code == 422 and "nested too deeply" in notes.json()["error"]["message"]
    chat_deep = client.post(
        "/v1/chat/completions", content='{"model": "coach", "messages": ' + deep + "}", headers=auth
    )
    assert chat_deep.status_code == 400
    big = {"model": "coach", "messages": [{"role": "user", "content": "x" * 4001}]}
    chat = client.post("/v1/chat/completions", json=big, headers=keys.header("manager"))
    assert chat.status_code == 400
    error = chat.json()["error"]
    assert "4,001 characters; the limit is 4,000" in error["message"] and error["param"].startswith("messages.0")
    parts = {"model": "coach", "messages": [{"role": "user", "content": [{"type": "text", "text": "y" * 3000}] * 2}]}
    assert client.post("/v1/chat/completions", json=parts, headers=keys.header("manager")).status_code == 400
    self_big = client.post("/v1/self", json={"message": "x" * 4001}, headers=keys.header("rep"))
    assert self_big.status_code == 422
