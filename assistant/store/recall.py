"""Retrieval quality on a labelled query set: recall@k of the expected notes (note-level)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .retrieval import HybridRetriever


@dataclass(frozen=True)
class RecallResult:
    k: int
    queries: int
    recall: float  # mean over queries of |relevant ∩ top-k notes| / |relevant|
    misses: list[dict[str, Any]]


def load_queries(labels: Path) -> tuple[str, list[dict[str, Any]]]:
    data = yaml.safe_load(labels.read_text(encoding="utf-8"))
    return data["team"], data["retrieval"]


def top_notes(
    retriever: HybridRetriever, team: str, query: str, k: int, deal_id: str | None, mode: str = "hybrid"
) -> list[str]:
    """The first k distinct notes of the ranked chunks."""
    notes: list[str] = []
    for hit in retriever.search(team, query, k=k * 4, deal_id=deal_id, mode=mode):
        if hit.note_id not in notes:
            notes.append(hit.note_id)
    return notes[:k]


def recall_at_k(retriever: HybridRetriever, labels: Path, k: int = 5, mode: str = "hybrid") -> RecallResult:
    team, queries = load_queries(labels)
    total, misses = 0.0, []
    for q in queries:
        got = top_notes(retriever, team, q["query"], k, q.get("deal_id"), mode)
        relevant = set(q["relevant"])
        found = relevant & set(got)
        total += len(found) / len(relevant)
        if found != relevant:
            misses.append({"query": q["query"], "missing": sorted(relevant - found), "got": got})
    return RecallResult(k, len(queries), total / len(queries), misses)
