"""Search a team's notes (hybrid) and the coaching principles; one function for CLI, API and evals."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

import numpy as np

from .context import Context
from .errors import NotFoundError, unknown_team
from .knowledge import KnowledgeBase, Principle
from .knowledge_index import sync_knowledge
from .store.embeddings import Embedder
from .store.vectors import KNOWLEDGE_COLLECTION, check_team

# (store, team) -> (revision, has notes, reps lower-cased): counting a team's notes and listing its reps are
# scans of the team's rows; one indexed revision read tells whether the memo still holds (any replica's write
# bumps it).
_teams: dict[tuple[str, str], tuple[int, bool, frozenset[str]]] = {}


def _team_facts(ctx: Context, team: str) -> tuple[bool, frozenset[str]]:
    key = (str(ctx.settings.db_path), team)
    revision = ctx.catalog.revision(team)
    cached = _teams.get(key)
    if cached is None or cached[0] != revision:
        facts = ctx.catalog.stats(team)["notes"] > 0, frozenset(r.lower() for r in ctx.catalog.reps(team))
        cached = _teams[key] = (revision, *facts)
    return cached[1], cached[2]


def require_team(ctx: Context, team: str) -> None:
    check_team(team)
    if not _team_facts(ctx, team)[0]:
        raise unknown_team(team)


def require_deal(ctx: Context, team: str, deal_id: str) -> None:
    require_team(ctx, team)
    if not ctx.catalog.notes(team, deal_id=deal_id):
        raise NotFoundError(f"unknown deal {deal_id!r} in team {team!r}")


@lru_cache(maxsize=4096)
def _query_vector(embedder: Embedder, query: str) -> np.ndarray:
    return embedder.embed_one(query)


# Rankings by catalog key: a pure function of the knowledge (its digest is in the key) and the query, so a copy
# in the process never goes stale and a prep reads no database row for its principles.
_rankings: dict[str, list[str]] = {}
_RANKINGS = 20_000


def related_principles(ctx: Context, query: str, k: int = 3) -> list[Principle]:
    """The k principles nearest the query. The ranking is kept in the catalog per knowledge digest and query,
    so a prep from a stored deal model needs neither the embedding model nor the vector store."""
    kb = sync_knowledge(ctx)
    key = f"principles:{kb.digest}:{k}:" + hashlib.sha256(query.encode("utf-8")).hexdigest()[:24]
    ids = _rankings.get(key)
    if ids is None:
        stored = ctx.catalog.get_meta(key)
        if stored is not None:
            ids = json.loads(stored)
        else:
            ids = _nearest_principles(ctx, query, k)
            if ctx.catalog.in_memory:  # a store that exists keeps the ranking; an absent one stays absent
                return _principles_by_id(kb, ids)
            with ctx.catalog.transaction() as con:
                ctx.catalog.set_meta(con, key, json.dumps(ids))
        if len(_rankings) >= _RANKINGS:
            _rankings.clear()
        _rankings[key] = ids
    return _principles_by_id(kb, ids)


def _principles_by_id(kb: KnowledgeBase, ids: list[str]) -> list[Principle]:
    by_id = {p.id: p for p in kb.principles}
    return [by_id[i] for i in ids if i in by_id]


def _nearest_principles(ctx: Context, query: str, k: int) -> list[str]:
    vector = _query_vector(ctx.embedder, query)
    hits = ctx.vectors.query(KNOWLEDGE_COLLECTION, vector, k, {"kind": "principle"})
    if not hits:  # the index was wiped behind the catalog's back: rebuild it once
        sync_knowledge(ctx, force=True)
        hits = ctx.vectors.query(KNOWLEDGE_COLLECTION, vector, k, {"kind": "principle"})
    return [h.split(":", 1)[1] for h, _ in hits]


def search_notes(
    ctx: Context, team: str, query: str, k: int = 8, deal_id: str | None = None, rep: str | None = None
) -> dict[str, Any]:
    if deal_id is not None:
        require_deal(ctx, team, deal_id)
    else:
        require_team(ctx, team)
    if rep is not None and rep.lower() not in _team_facts(ctx, team)[1]:
        raise NotFoundError(f"unknown rep {rep!r} in team {team!r}")
    # one embedding of the query for the notes and the principles (the same function both use)
    vector = _query_vector(ctx.embedder, query)
    hits = ctx.retriever.search(team, query, k=k, deal_id=deal_id, rep=rep, query_vector=vector)
    return {
        "query": query,
        "team": team,
        "deal_id": deal_id,
        "rep": rep,
        "results": [
            {
                "rank": i,
                "note_id": h.note_id,
                "deal_id": h.deal_id,
                "chunk_id": h.chunk_id,
                "score": round(h.score, 6),
                "dense_rank": h.dense_rank,
                "bm25_rank": h.bm25_rank,
                "similarity": h.extra.get("similarity"),
                "text": h.text,
            }
            for i, h in enumerate(hits, 1)
        ],
        "principles": [{"id": p.id, "title": p.title} for p in related_principles(ctx, query)],
    }
