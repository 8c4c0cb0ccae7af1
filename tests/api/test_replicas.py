"""Two replicas sharing one PostgreSQL and one Chroma server, over real HTTP: what one ingests, the other serves.

Each replica is a real `coach serve` process with its own COACH_HOME (nothing shared on disk); replica A runs
with `--workers 2`. Replica B's caches (the team's view, the deal models, the answer cache) are filled before A's
ingest and must be invalidated by the revision counter in the database, not by anything in B's process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.api.keys import KeyStore
from assistant.store.vectors import ChromaStore, team_collection
from tests.loopback import free_port
from tests.servers import server_backend

TEAM = "replicas"


def note(i: int, deal: str, text: str) -> dict[str, str]:
    return {"note_id": f"R-{i}", "deal_id": deal, "account": "Kestrel Foods", "rep": "Ana Ruiz",
            "stage": "discovery", "date": f"2026-04-{i:02d}", "text": text}  # fmt: skip


class Replica:
    def __init__(self, home: Path, env: dict[str, str], workers: int = 1) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home.parent / f"{home.name}.log"
        cmd = [sys.executable, "-m", "assistant", "serve", "--port", str(self.port), "--workers", str(workers)]
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(cmd, env={**env, "COACH_HOME": str(home)}, stdout=log, stderr=log)

    def wait(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"replica exited {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        pytest.fail(f"replica did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def replicas(tmp_path: Path) -> Iterator[tuple[Replica, Replica, dict[str, str], dict[str, object]]]:
    with server_backend(tmp_path / "shared") as backend:
        env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
        env.update(
            COACH_DATABASE_URL=str(backend["database_url"]),
            COACH_CHROMA_HOST=str(backend["chroma_host"]),
            COACH_CHROMA_PORT=str(backend["chroma_port"]),
            COACH_CHROMA_DATABASE=str(backend["chroma_database"]),
        )
        key = KeyStore(str(backend["database_url"])).create(TEAM, "manager")
        a, b = Replica(tmp_path / "a", env, workers=2), Replica(tmp_path / "b", env)
        try:
            a.wait()
            b.wait()
            yield a, b, {"Authorization": f"Bearer {key}"}, backend
        finally:
            a.stop()
            b.stop()


def test_each_replica_serves_what_the_other_ingested(
    replicas: tuple[Replica, Replica, dict[str, str], dict[str, object]],
) -> None:
    a, b, auth, backend = replicas
    deals = f"/v1/teams/{TEAM}/deals"
    first = [note(1, "K-1", "Intro call with Maya Chen (VP Ops). Budget is approved for a pilot this quarter.")]
    assert httpx.post(a.url + f"/v1/teams/{TEAM}/notes", json=first, headers=auth, timeout=120).json()["added"] == 1
    assert [d["notes"] for d in httpx.get(b.url + deals, headers=auth, timeout=60).json()] == [1]
    prep = httpx.get(b.url + f"{deals}/K-1/prep", headers=auth, timeout=60)
    assert prep.status_code == 200, prep.text
    assert httpx.get(b.url + f"{deals}/K-1/prep", headers=auth, timeout=60).headers["X-Coach-Cache"] == "hit"

    more = [note(2, "K-1", "Maya says the CFO Tom Hale signs anything over 100k and wants references first.")]
    assert httpx.post(a.url + f"/v1/teams/{TEAM}/notes", json=more, headers=auth, timeout=120).json()["added"] == 1
    assert [d["notes"] for d in httpx.get(b.url + deals, headers=auth, timeout=60).json()] == [2]
    again = httpx.get(b.url + f"{deals}/K-1/prep", headers=auth, timeout=60)
    assert again.status_code == 200 and again.headers["X-Coach-Cache"] == "miss"
    assert again.json()["as_of"] == "2026-04-02" != prep.json()["as_of"]
    notes = httpx.get(b.url + f"{deals}/K-1/notes", headers=auth, timeout=60).json()
    assert [n["note_id"] for n in notes] == ["R-1", "R-2"]

    other = [note(3, "K-2", "Second deal: procurement wants a security review before any trial.")]
    assert httpx.post(b.url + f"/v1/teams/{TEAM}/notes", json=other, headers=auth, timeout=120).json()["added"] == 1
    listed = {d["deal_id"]: d["notes"] for d in httpx.get(a.url + deals, headers=auth, timeout=60).json()}
    assert listed == {"K-1": 2, "K-2": 1}
    vectors = ChromaStore.server(str(backend["chroma_host"]), int(str(backend["chroma_port"])),
                                 str(backend["chroma_database"]))  # fmt: skip
    assert vectors.count(team_collection(TEAM)) == 3  # every replica wrote to the one Chroma server
