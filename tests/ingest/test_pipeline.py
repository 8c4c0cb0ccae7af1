"""Idempotency, replacement (chunks and vectors too) and forget, on the real model and chromadb."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from assistant.context import Context
from assistant.errors import NotFoundError, UserError
from assistant.ingest import ingest_paths
from assistant.ingest.pipeline import forget
from assistant.store.vectors import team_collection


def csv_file(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["note_id,deal_id,rep,text"] + [f'{n},{d},Ann,"{t}"' for n, d, t in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reingest_adds_nothing(ctx: Context, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", [("N1", "D1", "Met the CFO about budget"), ("N2", "D1", "Sent pricing")])
    first = ingest_paths(ctx, [path], "t")
    second = ingest_paths(ctx, [path], "t")
    assert (first.added, first.replaced, first.unchanged) == (2, 0, 0)
    assert (second.added, second.replaced, second.unchanged, second.chunks) == (0, 0, 2, 0)
    assert ctx.vectors.count(team_collection("t")) == 2


def test_new_text_replaces_note_chunks_and_vectors(ctx: Context, tmp_path: Path) -> None:
    long_text = " ".join(f"Sentence {i} about the warehouse migration timeline and pallets." for i in range(60))
    ingest_paths(ctx, [csv_file(tmp_path / "a.csv", [("N1", "D1", long_text), ("N2", "D1", "other")])], "t")
    old_chunks = ctx.catalog.chunk_ids("t", ["N1"])
    assert len(old_chunks) > 2
    report = ingest_paths(ctx, [csv_file(tmp_path / "b.csv", [("N1", "D1", "Quantified pain: 40 hours a week")])], "t")
    assert (report.added, report.replaced) == (0, 1)
    assert ctx.catalog.chunk_ids("t", ["N1"]) == ["N1#0"]
    assert ctx.vectors.count(team_collection("t")) == 2
    hits = ctx.retriever.search("t", "warehouse migration pallets", k=5)
    assert all("pallets" not in h.text for h in hits)
    assert hits[0].note_id in {"N1", "N2"}


def test_forget_deal_and_note(ctx: Context, tmp_path: Path) -> None:
    rows = [("N1", "D1", "alpha"), ("N2", "D1", "beta"), ("N3", "D2", "gamma")]
    ingest_paths(ctx, [csv_file(tmp_path / "a.csv", rows)], "t")
    assert forget(ctx, "t", deal_id="D1") == 2
    with pytest.raises(NotFoundError, match="unknown deal 'D1'"):
        forget(ctx, "t", deal_id="D1")
    with pytest.raises(NotFoundError, match="unknown note 'N1'"):
        forget(ctx, "t", note_id="N1")
    assert forget(ctx, "t", note_id="N3") == 1
    assert ctx.catalog.stats("t")["notes"] == 0
    assert ctx.vectors.count(team_collection("t")) == 0
    with pytest.raises(NotFoundError, match="unknown team 't'"):  # no notes left: unknown, as everywhere
        forget(ctx, "t", deal_id="D1")
    with pytest.raises(UserError, match="exactly one"):
        forget(ctx, "t")


def test_forget_drops_the_stored_deal_model(ctx: Context, tmp_path: Path) -> None:
    """A forgotten note's words must not live on in the stored deal model (quotes, evidence)."""
    from assistant.understand.service import deal_model

    secret = "Ilse Brandt, the CFO, signs anything over 80k and we have never met her"
    rows = [("N1", "D1", secret), ("N2", "D1", "Sent the pricing sheet to Dana Whitfield")]
    ingest_paths(ctx, [csv_file(tmp_path / "a.csv", rows)], "t")
    assert "Ilse Brandt" in [p.name for p in deal_model(ctx, "t", "D1").stakeholders]

    def stored() -> list[str]:
        with ctx.catalog.reading() as con:
            return [r[0] for r in con.execute(text("SELECT model FROM deal_models WHERE team = 't'")).fetchall()]

    assert any("Ilse" in m for m in stored())
    forget(ctx, "t", note_id="N1")
    assert not any("Ilse" in m for m in stored())
    assert "Ilse Brandt" not in [p.name for p in deal_model(ctx, "t", "D1").stakeholders]
    assert len(stored()) == 1
