"""Shared fixtures: real model, real chromadb in temp dirs, and no network beyond loopback."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.context import Context
from assistant.ingest import ingest_paths
from tests.servers import settings_for

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "summit"

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: object) -> None:
    host = address[0] if isinstance(address, tuple) else None
    if isinstance(host, str):
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            ip = None
        if ip is None and host != "localhost" or ip is not None and not ip.is_loopback:
            raise OSError(f"network access to {host} blocked in tests (offline by construction)")
    _real_connect(self, address)  # type: ignore[arg-type]


@pytest.fixture(autouse=True, scope="session")
def _offline() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


def make_context(home: Path) -> Context:
    """A Context on the home's backend: the embedded default, or the servers (tests/servers.py)."""
    return Context(settings_for(home))


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    return make_context(tmp_path / "home")


@pytest.fixture(scope="session")
def summit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample team ingested once per test session (copy it before writing to it)."""
    home = tmp_path_factory.mktemp("summit") / "home"
    ingest_paths(make_context(home), [EXAMPLES], "summit")
    return home


@pytest.fixture
def summit(summit_home: Path) -> Context:
    return make_context(summit_home)


@pytest.fixture
def summit_copy(summit_home: Path, tmp_path: Path) -> Context:
    home = tmp_path / "home"
    shutil.copytree(summit_home, home)
    return make_context(home)
