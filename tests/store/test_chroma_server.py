"""The same VectorStore over a real Chroma server (`chroma run` on a loopback port) instead of the embedded client."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.context import Context
from assistant.ingest import ingest_paths
from assistant.settings import Settings
from assistant.store.vectors import team_collection


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    binary = shutil.which("chroma") or str(Path(__import__("sys").executable).parent / "chroma")
    if not Path(binary).exists():
        pytest.skip("the chroma server binary is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [binary, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("chroma server did not start")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_ingest_and_search_through_a_chroma_server(chroma_server: int, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", chroma_host="127.0.0.1", chroma_port=chroma_server, _env_file=None)  # type: ignore[call-arg]
    ctx = Context(settings)
    notes = tmp_path / "n.csv"
    notes.write_text("note_id,deal_id,text\nN1,D1,The CFO signs anything over 50k\nN2,D2,Pilot went live in March\n")
    assert ingest_paths(ctx, [notes], "srv").added == 2
    assert ctx.vectors.count(team_collection("srv")) == 2
    hits = ctx.retriever.search("srv", "who signs the contract", k=2)
    assert hits[0].note_id == "N1"
    assert not (tmp_path / "home" / "chroma").exists()  # nothing went to the embedded store
