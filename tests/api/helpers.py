"""What the API tests share: the sample team's names, keys per kind of caller, a live server, a Socratic check."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from assistant.guard import check_text, telling_sentences
from assistant.settings import Settings
from tests import servers

TEAM, REP, OTHER_REP, OTHER_TEAM = "summit", "Rhys Tanaka", "Jenna Okafor", "acme"
REP_DEAL = "D-227"  # Rhys Tanaka's deal (Osprey Analytics)
BAD_KEY = "coach_0123456789ab_" + "x" * 32

# Debian's chromium, driven by Playwright (Playwright's own browser download does not work here).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"
]


def chromium_executable() -> Path:
    """The chromium binary for Playwright, or skip the test (`make browser` installs it)."""
    if CHROMIUM.exists():
        return CHROMIUM
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("no chromium binary found (apt-get install -y chromium)")
    return Path(found)


def settings_for(home: Path, **overrides: Any) -> Settings:
    """The home's settings on its backend (embedded, or PostgreSQL + Chroma server: tests/servers.py)."""
    return servers.settings_for(home, **overrides)


@dataclass(frozen=True)
class Keys:
    manager: str
    rep: str
    other_rep: str
    other_team: str
    revoked: str
    admin: str

    def header(self, who: str) -> dict[str, str]:
        """Headers for one of: none, bad, other_team, other_rep, rep, manager, revoked, admin."""
        if who == "none":
            return {}
        key = BAD_KEY if who == "bad" else getattr(self, who)
        return {"Authorization": f"Bearer {key}"}


class LiveServer:
    """uvicorn in a thread on 127.0.0.1, port chosen by the OS; `url` once it has started."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = ""

    def start(self, timeout: float = 180.0) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


def assert_socratic(text: str) -> None:
    """No sentence tells the rep what to do or takes the deal over, and the reply asks open questions."""
    assert not telling_sentences(text), [s.text for s in telling_sentences(text)]
    opens = [s for s in check_text(text) if s.act == "open_question"]
    assert len(opens) >= 2 and "?" in text, text
