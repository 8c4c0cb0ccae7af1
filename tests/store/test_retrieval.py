"""Hybrid retrieval: team isolation, deal/rep filters, fusion and chunking."""

from __future__ import annotations

import json
import random
from pathlib import Path

from assistant.context import Context
from assistant.ingest import ingest_paths
from assistant.models import Note
from assistant.store.chunking import chunk_note
from assistant.store.fusion import rrf
from assistant.tokens import count_tokens


def jsonl(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_team_isolation(ctx: Context, tmp_path: Path) -> None:
    canary = "CANARY-7731 the budget committee meets on Thursday"
    ingest_paths(ctx, [jsonl(tmp_path / "a.jsonl", [{"deal_id": "A1", "text": canary}])], "team-a")
    ingest_paths(ctx, [jsonl(tmp_path / "b.jsonl", [{"deal_id": "B1", "text": "pricing call went well"}])], "team-b")
    for query in ("budget committee Thursday", "CANARY-7731", "pricing"):
        hits = ctx.retriever.search("team-b", query, k=10)
        assert all(h.deal_id == "B1" for h in hits)
        assert all("CANARY" not in h.text for h in hits)
    assert ctx.retriever.search("team-a", "CANARY-7731", k=1)[0].deal_id == "A1"


def test_deal_and_rep_filters(ctx: Context, tmp_path: Path) -> None:
    rows = [
        {"deal_id": "D1", "rep": "Ann", "text": "CFO signs off on anything above 50k"},
        {"deal_id": "D2", "rep": "Bob", "text": "CFO budget approval pending"},
        {"deal_id": "D3", "rep": "Ann", "text": "The CFO wants a business case"},
    ]
    ingest_paths(ctx, [jsonl(tmp_path / "a.jsonl", rows)], "t")
    assert {h.deal_id for h in ctx.retriever.search("t", "CFO", k=10, deal_id="D2")} == {"D2"}
    assert {h.deal_id for h in ctx.retriever.search("t", "CFO", k=10, rep="ann")} == {"D1", "D3"}
    assert {h.deal_id for h in ctx.retriever.search("t", "CFO", k=10, deal_id="D1", rep="Bob")} == set()


def test_rrf_fuses_and_is_deterministic() -> None:
    fused = rrf([["a", "b", "c"], ["c", "a", "d"]], k=60)
    assert [x for x, _ in fused][:2] == ["a", "c"]
    assert rrf([["x", "y"], ["y", "x"]]) == rrf([["x", "y"], ["y", "x"]])
    assert [x for x, _ in rrf([["x", "y"], ["y", "x"]])] == ["y", "x"]  # a tie: last position in the lists


def _rrf_two_tables(rankings: list[list[str]], k: int = 60) -> list[tuple[str, float]]:
    """The fusion as first written (scores, then a separate table of last positions): the one-pass rrf must give
    the same list, scores bit for bit and the same tie order, or search results would change."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    order = {item: i for i, item in enumerate(x for r in rankings for x in r)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def test_rrf_equals_the_two_table_fusion() -> None:
    rnd = random.Random(7)
    for _ in range(500):
        pool = [f"c{i}" for i in range(rnd.randint(1, 120))]
        rankings = [rnd.sample(pool, rnd.randint(0, min(50, len(pool)))) for _ in range(rnd.randint(1, 3))]
        assert rrf(rankings) == _rrf_two_tables(rankings)


def test_long_notes_are_chunked_by_tokens() -> None:
    text = " ".join(f"Point {i}: the rollout of the new approvals module in region {i}." for i in range(80))
    chunks = chunk_note(Note(team="t", note_id="N", deal_id="D", text=text), max_tokens=120, overlap=16)
    assert len(chunks) > 3
    assert all(count_tokens(c.text) <= 120 for c in chunks)
    assert [c.chunk_id for c in chunks] == [f"N#{i}" for i in range(len(chunks))]
    assert chunk_note(Note(team="t", note_id="S", deal_id="D", text="short note"))[0].text == "short note"
