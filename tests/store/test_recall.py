"""Retrieval quality on the sample team's labelled queries (recall@5, note-level)."""

from __future__ import annotations

from assistant.context import Context
from assistant.store.recall import recall_at_k
from tests.conftest import EXAMPLES


def test_recall_at_5_on_sample_team(summit: Context) -> None:
    hybrid = recall_at_k(summit.retriever, EXAMPLES / "labels.yaml", k=5)
    bm25 = recall_at_k(summit.retriever, EXAMPLES / "labels.yaml", k=5, mode="bm25")
    print(f"recall@5 hybrid={hybrid.recall:.3f} bm25={bm25.recall:.3f} over {hybrid.queries} queries")
    assert hybrid.queries >= 25
    assert hybrid.recall >= 0.85, hybrid.misses
    assert hybrid.recall >= bm25.recall
