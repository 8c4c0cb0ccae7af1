"""Caches kept in a process (team view, deal models, BM25 lexicon, guard verdicts, principle rankings) never
serve a stale answer after another process writes: a `coach ingest` in a subprocess (another replica, nothing
shared with this process but the store) bumps the catalog revision, and this process's next prep and search see
the new note. Runs on the embedded default and on PostgreSQL + a Chroma server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.coaching.prep import prep_pack
from assistant.context import Context
from assistant.errors import NotFoundError
from assistant.search import search_notes
from assistant.understand.service import deal_model
from tests.coaching.helpers import deal, ingest_rows
from tests.conftest import ROOT, make_context
from tests.servers import BACKENDS, backend_home

TEAM = "revs"
NOTES = [
    ("2026-03-02", "Discovery call with Owen Tate (ops lead). They key 900 invoices a month by hand."),
    ("2026-03-09", "Owen likes the exception queue. No next step agreed yet."),
    ("2026-03-16", "Owen says pricing looks fine; we have not met anyone in finance."),
]
NEW = {
    "note_id": "D-1-n9",
    "deal_id": "D-1",
    "account": "Norvik Freight",
    "rep": "Mara Voss",  # a rep the team did not have: the memoised rep check must see her
    "stage": "discovery",
    "close_date": "2026-06-30",
    "date": "2026-03-23",
    "author": "Mara Voss",
    "text": "Met Ingrid Sol, the CFO, who signs anything over $50k; she wants a Zanzibar escrow clause reviewed.",
}


@pytest.fixture(params=BACKENDS)
def team_ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Context]:
    with backend_home(tmp_path / "home", request.param) as home:
        ctx = make_context(home)
        ingest_rows(ctx, tmp_path, TEAM, deal("D-1", "discovery", "2026-06-30", NOTES))
        yield ctx


def _ingest_elsewhere(ctx: Context, tmp_path: Path) -> None:
    """`coach ingest` in another process on the same store (its own COACH_HOME when the store is the servers)."""
    s = ctx.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    env.update(PYTHONPATH=str(ROOT), COACH_HOME=str(s.home))
    if s.database_url:
        env.update(
            COACH_HOME=str(tmp_path / "other-replica"),
            COACH_DATABASE_URL=s.database_url,
            COACH_CHROMA_HOST=str(s.chroma_host),
            COACH_CHROMA_PORT=str(s.chroma_port),
            COACH_CHROMA_DATABASE=s.chroma_database,
        )
    path = tmp_path / "later.jsonl"
    path.write_text(json.dumps(NEW) + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "assistant", "ingest", str(path), "--team", TEAM]
    done = subprocess.run(cmd, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_another_process_write_is_seen_by_the_warm_caches(team_ctx: Context, tmp_path: Path) -> None:
    before = prep_pack(team_ctx, TEAM, "D-1").model_dump_json()
    assert prep_pack(team_ctx, TEAM, "D-1").model_dump_json() == before  # every cache warm now
    assert all(r["note_id"] != NEW["note_id"] for r in search_notes(team_ctx, TEAM, "Zanzibar escrow")["results"])
    with pytest.raises(NotFoundError, match="unknown rep"):
        search_notes(team_ctx, TEAM, "escrow", rep="Mara Voss")
    revision = team_ctx.catalog.revision(TEAM)

    _ingest_elsewhere(team_ctx, tmp_path)

    assert team_ctx.catalog.revision(TEAM) > revision
    assert NEW["note_id"] in deal_model(team_ctx, TEAM, "D-1").note_ids
    after = prep_pack(team_ctx, TEAM, "D-1")
    assert after.model_dump_json() != before
    found = {r["note_id"]: r for r in search_notes(team_ctx, TEAM, "Zanzibar escrow")["results"]}
    assert found[NEW["note_id"]]["bm25_rank"] == 1  # the lexicon was rebuilt for the new revision
    if team_ctx.settings.chroma_host:
        # An embedded Chroma client opened before another process's write does not see its vectors, and a
        # filtered query on it fails inside chromadb ("Error finding id"): chromadb's embedded mode is one process
        # per folder. Replicas share a Chroma server, where both hold.
        assert found[NEW["note_id"]]["dense_rank"] is not None
        by_rep = search_notes(team_ctx, TEAM, "Zanzibar escrow", rep="Mara Voss")["results"]
        assert [r["note_id"] for r in by_rep] == [NEW["note_id"]]
