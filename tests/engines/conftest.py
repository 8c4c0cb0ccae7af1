"""The scripted model server (one per module) and a context over a copy of the sample team that points at it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.context import Context
from assistant.settings import Settings
from tests.engines.fake_openai import FakeOpenAI


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def llm_ctx(summit_home: Path, tmp_path: Path, fake: FakeOpenAI) -> Context:
    fake.script.clear()
    fake.requests.clear()
    home = tmp_path / "home"
    shutil.copytree(summit_home, home)
    settings = Settings(
        home=home, openai_base_url=fake.url, openai_api_key=None, llm_timeout=8, llm_backoff=0.05, _env_file=None
    )  # type: ignore[call-arg]
    return Context(settings)
