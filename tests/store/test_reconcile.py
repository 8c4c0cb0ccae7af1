"""Reconciling the vectors with the catalog on real chromadb: hashes, repair by the next write, search and forget.

The damage is made the way a cut-off write leaves it (the write marker committed, vectors written that the
catalog never got, or older chunks overwritten), through the real stores; tests/store/test_crash_trials.py
makes it for real with kill -9.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.context import Context
from assistant.errors import BackendError
from assistant.ingest import ingest_paths
from assistant.ingest.pipeline import forget
from assistant.store.reconcile import INDEX_FORMAT, check_index, chunk_hash, repair_index
from assistant.store.vectors import team_collection

COL = team_collection("t")


def notes_file(path: Path, count: int = 12, tag: str = "") -> Path:
    rows = [
        {
            "note_id": f"N{i}",
            "deal_id": f"D{i % 3}",
            "rep": "Ann",
            "text": f"{tag}Budget call {i}: the CFO wants a pilot",
        }
        for i in range(count)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def cut_off_write(ctx: Context, orphans: int = 5, overwrite: int = 2, drop: int = 1) -> None:
    """What a kill -9 during the vector write leaves: marker set, vectors the catalog never committed, chunks
    overwritten with a newer text, and stale chunks already deleted."""
    ctx.catalog.mark_index_dirty("t")
    ids = [c.chunk_id for c in ctx.catalog.chunks("t")]
    ghost = [f"G{i}#0" for i in range(orphans)]
    texts = [f"ghost note {i} about the budget" for i in range(orphans)]
    meta = [{"note_id": g[:-2], "deal_id": "D0", "rep_key": "ann", "content_hash": "x"} for g in ghost]
    ctx.vectors.upsert(COL, ghost, ctx.embedder.embed(texts), texts, meta)
    newer = ["Newer text the catalog never got"] * overwrite
    meta = [{"note_id": i[:-2], "deal_id": "D0", "rep_key": "ann", "content_hash": "y"} for i in ids[:overwrite]]
    ctx.vectors.upsert(COL, ids[:overwrite], ctx.embedder.embed(newer), newer, meta)
    ctx.vectors.delete(COL, ids[overwrite : overwrite + drop])


def test_every_vector_carries_its_chunks_hash(ctx: Context, tmp_path: Path) -> None:
    ingest_paths(ctx, [notes_file(tmp_path / "a.jsonl")], "t")
    hashes = ctx.vectors.content_hashes(COL)
    chunks = ctx.catalog.chunks("t")
    assert hashes == {c.chunk_id: chunk_hash(c) for c in chunks}
    assert len(set(hashes.values())) == len(chunks)
    check = check_index(ctx.catalog, ctx.vectors, "t")
    assert check.ok and check.counts()["vectors"] == 12 and not check.interrupted
    assert ctx.catalog.index_format("t") == INDEX_FORMAT


def test_next_ingest_repairs_even_when_every_note_is_unchanged(ctx: Context, tmp_path: Path) -> None:
    path = notes_file(tmp_path / "a.jsonl")
    ingest_paths(ctx, [path], "t")
    cut_off_write(ctx)
    found = check_index(ctx.catalog, ctx.vectors, "t")
    assert (len(found.orphans), len(found.mismatched), len(found.missing), found.interrupted) == (5, 2, 1, True)
    report = ingest_paths(ctx, [path], "t")
    assert (report.added, report.replaced, report.unchanged) == (0, 0, 12)
    assert report.repair is not None and (report.repair.orphans_removed, report.repair.re_embedded) == (5, 3)
    assert "5 orphan vectors removed, 3 chunks re-embedded" in report.summary()
    after = check_index(ctx.catalog, ctx.vectors, "t")
    assert after.ok and not after.interrupted and ctx.vectors.count(COL) == 12
    assert ingest_paths(ctx, [path], "t").repair is None  # nothing to check any more: two catalog reads


def test_search_returns_k_real_chunks_while_orphans_are_there(ctx: Context, tmp_path: Path) -> None:
    ingest_paths(ctx, [notes_file(tmp_path / "a.jsonl")], "t")
    cut_off_write(ctx, orphans=40, overwrite=0, drop=0)
    for mode in ("hybrid", "dense"):
        hits = ctx.retriever.search("t", "ghost note about the budget", k=8, mode=mode)
        assert len(hits) == 8 and all(h.note_id.startswith("N") for h in hits), mode


def test_forget_removes_a_deals_vectors_the_catalog_never_got(ctx: Context, tmp_path: Path) -> None:
    ingest_paths(ctx, [notes_file(tmp_path / "a.jsonl")], "t")
    # orphans of deal D0 without a marker (e.g. an index from before content hashes was cut off)
    texts = ["stray vector of D0"] * 3
    meta = [{"note_id": "S", "deal_id": "D0", "rep_key": "", "content_hash": "z"}] * 3
    ctx.vectors.upsert(COL, ["S#0", "S#1", "S#2"], ctx.embedder.embed(texts), texts, meta)
    assert forget(ctx, "t", deal_id="D0") == 4
    col = ctx.vectors._col(COL)  # type: ignore[attr-defined]
    assert col.get(where={"deal_id": "D0"})["ids"] == []
    assert check_index(ctx.catalog, ctx.vectors, "t").ok


def test_forget_after_a_cut_off_write_repairs_first(ctx: Context, tmp_path: Path) -> None:
    ingest_paths(ctx, [notes_file(tmp_path / "a.jsonl")], "t")
    cut_off_write(ctx)
    forget(ctx, "t", note_id="N11")
    check = check_index(ctx.catalog, ctx.vectors, "t")
    assert check.ok and not check.interrupted and check.vectors == 11


def test_an_index_from_before_hashes_gets_its_hashes_once(ctx: Context, tmp_path: Path) -> None:
    path = notes_file(tmp_path / "a.jsonl")
    ingest_paths(ctx, [path], "t")
    col = ctx.vectors._col(COL)  # type: ignore[attr-defined]
    got = col.get(include=["metadatas", "documents", "embeddings"])
    col.delete(ids=got["ids"])  # an upsert merges metadata: write them again as older versions did, no content_hash
    col.add(
        ids=got["ids"],
        embeddings=got["embeddings"],
        documents=[
            ("an older text of N0" if i == "N0#0" else d) for i, d in zip(got["ids"], got["documents"], strict=True)
        ],
        metadatas=[{k: v for k, v in m.items() if k != "content_hash"} for m in got["metadatas"]],
    )
    with ctx.catalog.transaction() as con:
        con.execute(text("DELETE FROM meta WHERE key = 'index_format:t'"))
    check = check_index(ctx.catalog, ctx.vectors, "t")
    assert len(check.mismatched) == 12 and not check.interrupted
    repair = ingest_paths(ctx, [path], "t").repair
    assert repair is not None and (repair.hashes_added, repair.re_embedded, repair.orphans_removed) == (11, 1, 0)
    assert check_index(ctx.catalog, ctx.vectors, "t").ok
    assert col.get(ids=["N0#0"], include=["documents"])["documents"] == [ctx.catalog.chunks("t")[0].text]


def test_repair_restores_what_a_replacement_cut_off_had_overwritten(ctx: Context, tmp_path: Path) -> None:
    ingest_paths(ctx, [notes_file(tmp_path / "a.jsonl")], "t")
    cut_off_write(ctx, orphans=0, overwrite=3, drop=0)
    repair_index(ctx.catalog, ctx.vectors, ctx.embedder, "t")
    col = ctx.vectors._col(COL)  # type: ignore[attr-defined]
    docs = dict(zip(*(col.get(include=["documents"])[k] for k in ("ids", "documents")), strict=True))
    assert docs == {c.chunk_id: c.text for c in ctx.catalog.chunks("t")}
    hits = ctx.retriever.search("t", "Newer text the catalog never got", k=3, mode="dense")
    assert all("Newer" not in h.text for h in hits)


def test_a_live_writer_is_waited_for_and_a_killed_one_never_blocks(ctx: Context, tmp_path: Path) -> None:
    from filelock import FileLock

    if ctx.catalog.is_server:
        pytest.skip("with PostgreSQL the lock is the database's: tests/store/test_locks.py")
    writer = ctx.index_writer
    writer.timeout = 0.3
    lock_file = writer.lock_dir / "index-t.lock"
    writer.lock_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock_file)), pytest.raises(BackendError, match="held the index lock"), writer.locked("t"):
        pass
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import filelock, time; filelock.FileLock({str(lock_file)!r}).acquire(); "
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    with writer.locked("t"):
        pass
