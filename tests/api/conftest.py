"""A real uvicorn server on a loopback port, over a copy of the ingested sample team, with keys for every role.

One server per test session: starting one warms the embedding model and the knowledge index (seconds), and
the tests only write where they do not disturb each other (team `acme`, feedback, their own answers).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.api import create_app
from assistant.api.keys import KeyStore
from assistant.api.services import keys_path
from assistant.ingest import ingest_paths
from tests.api.helpers import OTHER_REP, OTHER_TEAM, REP, REP_DEAL, TEAM, Keys, LiveServer, settings_for
from tests.conftest import EXAMPLES, make_context
from tests.servers import BACKENDS, server_backend


@pytest.fixture(scope="session", params=BACKENDS)
def api_home(
    request: pytest.FixtureRequest, summit_home: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The sample team behind the API: a copy of the embedded store, or ingested into PostgreSQL + Chroma server."""
    home = tmp_path_factory.mktemp("api") / "home"
    if request.param == "embedded":
        shutil.copytree(summit_home, home)
        yield home
        return
    with server_backend(home):
        ingest_paths(make_context(home), [EXAMPLES], TEAM)
        yield home


@pytest.fixture(scope="session")
def keys(api_home: Path) -> Keys:
    store = KeyStore(keys_path(settings_for(api_home)))
    reps = [REP, OTHER_REP]
    revoked = store.create(TEAM, "manager")
    store.revoke(revoked.split("_")[1])
    return Keys(
        manager=store.create(TEAM, "manager"),
        rep=store.create(TEAM, "rep", REP, known_reps=reps),
        other_rep=store.create(TEAM, "rep", OTHER_REP, known_reps=reps),
        other_team=store.create(OTHER_TEAM, "manager"),
        revoked=revoked,
        admin=store.create(None, "admin"),
    )


@pytest.fixture(scope="session")
def live(api_home: Path, keys: Keys) -> Iterator[LiveServer]:
    server = LiveServer(create_app(settings_for(api_home))).start()
    yield server
    server.stop()


@pytest.fixture
def http(live: LiveServer) -> Iterator[httpx.Client]:
    # the first chat turn of a fresh store may wait for the team's deal models (built in the background at start-up)
    with httpx.Client(base_url=live.url, timeout=300) as client:
        yield client


@pytest.fixture
def rep_answer(http: httpx.Client, keys: Keys) -> str:
    """A fresh private self-coaching answer of Rhys Tanaka."""
    r = http.post(
        "/v1/self", json={"message": "What should I ask next?", "deal_id": REP_DEAL}, headers=keys.header("rep")
    )
    assert r.status_code == 200, r.text
    return r.headers["X-Coach-Answer-Id"]
