"""The server-backed backend of the store and API tests: PostgreSQL plus a Chroma server, beside the embedded default.

`.ci/run` starts both (`.ci/servers.sh`) and exports COACH_TEST_DATABASE_URL, COACH_TEST_CHROMA_HOST and
COACH_TEST_CHROMA_PORT; without them the "servers" parameter is skipped, unless COACH_TEST_REQUIRE_SERVERS=1 (set
by .ci/run), where it fails: CI must never pass by skipping the servers. Each test home gets a fresh PostgreSQL
schema (search_path in the URL) and a fresh Chroma database, dropped afterwards, so tests never see each other's
rows or vectors. `settings_for(home)` gives the settings of a home on whichever backend it was made for.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from assistant.settings import Settings
from assistant.store.database import close_postgres

BACKENDS = ("embedded", "servers")
_overrides: dict[Path, dict[str, Any]] = {}


def servers() -> tuple[str, str, int] | None:
    url, host = os.environ.get("COACH_TEST_DATABASE_URL"), os.environ.get("COACH_TEST_CHROMA_HOST")
    if not url or not host:
        return None
    return url, host, int(os.environ.get("COACH_TEST_CHROMA_PORT", "8000"))


def require_servers() -> tuple[str, str, int]:
    found = servers()
    if found is None:
        message = "no PostgreSQL and Chroma server (COACH_TEST_DATABASE_URL, COACH_TEST_CHROMA_HOST): run .ci/run"
        if os.environ.get("COACH_TEST_REQUIRE_SERVERS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


def settings_for(home: Path, **overrides: Any) -> Settings:
    """The settings of a test home: its backend's (if it was made on the servers), then `overrides`."""
    return Settings(home=home, _env_file=None, **{**_overrides.get(home.resolve(), {}), **overrides})  # type: ignore[call-arg]


def chroma_admin(host: str, port: int) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    settings.chroma_api_impl = "chromadb.api.fastapi.FastAPI"
    settings.chroma_server_host, settings.chroma_server_http_port = host, port
    return chromadb.AdminClient(settings)


@contextlib.contextmanager
def server_backend(home: Path) -> Iterator[dict[str, Any]]:
    """A fresh PostgreSQL schema and Chroma database for `home`, registered for settings_for; dropped after."""
    import psycopg

    base, host, port = require_servers()
    name = f"t{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{name}"')
    url = base + ("&" if "?" in base else "?") + "options=" + quote(f"-csearch_path={name}")
    chroma_admin(host, port).create_database(name)
    overrides = {"database_url": url, "chroma_host": host, "chroma_port": port, "chroma_database": name}
    _overrides[home.resolve()] = overrides
    try:
        yield overrides
    finally:
        _overrides.pop(home.resolve(), None)
        close_postgres(url)
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{name}" CASCADE')
        with contextlib.suppress(Exception):
            chroma_admin(host, port).delete_database(name)


@contextlib.contextmanager
def backend_home(home: Path, backend: str) -> Iterator[Path]:
    """`home` on the embedded default (SQLite files, embedded Chroma) or on the servers."""
    if backend == "embedded":
        yield home
        return
    with server_backend(home):
        yield home
