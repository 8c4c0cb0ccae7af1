"""A long-running process on the embedded index sees another process's writes (issue 13).

chromadb's embedded client keeps the vector index it loaded; before the reload on a revision change, a search in a
process that opened the index before another process ingested failed with "Error finding id" (or missed the new
vectors). Here a searcher subprocess opens the store and searches, a `coach ingest` subprocess adds 1,200 notes to
the same team, and the searcher searches again: it must give what a process opened after the write gives, and find
each new chunk by its own vector."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.search import search_notes
from assistant.store.vectors import team_collection
from tests.conftest import ROOT, make_context

QUERIES = ["economic buyer never met", "pricing discount request", "security review and procurement"]

SEARCHER = """
import json, sys
from pathlib import Path
from assistant.context import Context
from assistant.search import search_notes
from assistant.settings import Settings
from assistant.store.vectors import team_collection

ctx = Context(Settings(home=Path(sys.argv[1]), _env_file=None))
queries = json.loads(sys.argv[2])
for q in queries:
    search_notes(ctx, "summit", q)  # the index is loaded, as in a running `coach serve`
print("ready", flush=True)
probe = json.loads(sys.stdin.readline())  # after the other process's write: {chunk id: vector}
results = {q: [r["chunk_id"] for r in search_notes(ctx, "summit", q)["results"]] for q in queries}
found = {c: ctx.vectors.query(team_collection("summit"), v, 1)[0][1] for c, v in probe.items()}
print(json.dumps({"results": results, "found": found}), flush=True)
"""


def _new_notes(path: Path, count: int) -> None:
    """`count` notes on new deals, each text distinct (a serial in it), so every new vector is its own nearest."""
    with (ROOT / "examples" / "summit" / "notes.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for i in range(count):
        row = dict(rows[i % len(rows)])
        row["note_id"], row["deal_id"] = f"X-{i:05d}", f"DX-{i // 20:04d}"
        row["text"] = f"{row['text']} (follow-up {i}: ticket {i * 7919 % 100003})"
        out.append(row)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(out[0]))
        writer.writeheader()
        writer.writerows(out)


@pytest.mark.slow  # ingests 1,200 notes (past Chroma's sync threshold): about 90 s, make test-slow
def test_a_searcher_sees_what_another_process_ingested(summit_home: Path, tmp_path: Path) -> None:
    if os.environ.get("COACH_DATABASE_URL") or os.environ.get("COACH_CHROMA_HOST"):
        pytest.skip("the embedded index only: a Chroma server is shared by construction")
    home = tmp_path / "home"
    shutil.copytree(summit_home, home)
    env = {**os.environ, "COACH_HOME": str(home), "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    searcher = subprocess.Popen(
        [sys.executable, "-c", SEARCHER, str(home), json.dumps(QUERIES)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert searcher.stdout is not None and searcher.stdin is not None
        assert searcher.stdout.readline().strip() == "ready"
        notes = tmp_path / "more.csv"
        _new_notes(notes, 1200)  # above chroma's sync threshold (1,000): the writer persists a new HNSW index
        ingest = subprocess.run(
            [sys.executable, "-m", "assistant", "ingest", str(notes), "--team", "summit"],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert ingest.returncode == 0, ingest.stderr[-2000:]
        # opened after the write, in this process (which never opened this folder): the truth to compare with
        after = make_context(home)
        new = [c.chunk_id for c in after.catalog.chunks("summit") if c.note_id.startswith("X-")]
        assert len(new) >= 1200
        probe = after.vectors.get_embeddings(team_collection("summit"), new[::100])
        searcher.stdin.write(json.dumps({c: v.tolist() for c, v in probe.items()}) + "\n")
        searcher.stdin.flush()
        line = searcher.stdout.readline()
        assert line, "the searcher died (before the reload: 'Error finding id')"
        seen = json.loads(line)
        expected = {q: [r["chunk_id"] for r in search_notes(after, "summit", q)["results"]] for q in QUERIES}
        assert seen["results"] == expected
        assert len(seen["found"]) == len(probe) and all(sim > 0.9999 for sim in seen["found"].values())
    finally:
        searcher.kill()
        searcher.wait(timeout=30)
