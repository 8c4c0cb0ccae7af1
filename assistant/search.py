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
from .knowledge_index import principle_vectors, sync_knowledge
from .store.embeddings import Embedder
from .store.vectors import check_team

# (store, team) -> (revision, has notes, reps lower-cased): counting a team's notes and listing its reps are
# scans of the team's rows; one indexed revision read tells whether the memo still holds (any replica's write
# bumps it).
_teams: dict[tuple[str, str], tuple[int, bool, frozenset[str]]] = {}


def _team_facts(ctx: Context, team: str) -> tuple[int, bool, frozenset[str]]:
    """(revision, has notes, reps lower-cased) for a checked team id."""
    key = (str(ctx.settings.db_path), team)
    revision = ctx.catalog.revision(team)
    cached = _teams.get(key)
    if cached is None or cached[0] != revision:
        facts = ctx.catalog.stats(team)["notes"] > 0, frozenset(r.lower() for r in ctx.catalog.reps(team))
        cached = _teams[key] = (revision, *facts)
    return cached


def require_team(ctx: Context, team: str) -> tuple[int, bool, frozenset[str]]:
    """The team's facts (see _team_facts), or the usual not-found error; the revision read serves the caller too."""
    check_team(team)
    facts = _team_facts(ctx, team)
    if not facts[1]:
        raise unknown_team(team)
    return facts


def require_deal(ctx: Context, team: str, deal_id: str) -> tuple[int, bool, frozenset[str]]:
    facts = require_team(ctx, team)
    if not ctx.catalog.notes(team, deal_id=deal_id):
        raise NotFoundError(f"unknown deal {deal_id!r} in team {team!r}")
    return facts


@lru_cache(maxsize=4096)
def _query_vector(embedder: Embedder, query: str) -> np.ndarray:
    return embedder.embed_one(query)


# Rankings by catalog key: a pure function of the knowledge (its digest is in the key) and the query, so a copy
# in the process never goes stale and a prep reads no database row for its principles.
_rankings: dict[str, list[str]] = {}
_RANKINGS = 20_000


def related_principles(ctx: Context, query: str, k: int = 3, vector: np.ndarray | None = None) -> list[Principle]:
    """The k principles nearest the query. The ranking is kept in the catalog per knowledge digest and query,
    so a prep from a stored deal model needs neither the embedding model nor the vector store.

    A caller that has the query's vector already (a search) passes it: ranking it is cheaper than reading the
    stored ranking, and a search's free-text query is not written to the catalog (one row per distinct query)."""
    kb = sync_knowledge(ctx)
    if vector is not None:
        return _principles_by_id(kb, _rank_principles(ctx, kb, vector, k))
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
    return _rank_principles(ctx, sync_knowledge(ctx), _query_vector(ctx.embedder, query), k)


def _rank_principles(ctx: Context, kb: KnowledgeBase, vector: np.ndarray, k: int) -> list[str]:
    """Exact cosine ranking over the principles' stored vectors (unit length, so a dot product); ties keep the
    knowledge order. The same order the filtered Chroma query gave, at 0.04 instead of 1.5 ms."""
    ids, matrix = principle_vectors(ctx, kb)
    if not ids or k <= 0:
        return []
    order = np.argsort(-(matrix @ vector), kind="stable")[:k]
    return [ids[i] for i in order]


def search_notes(
    ctx: Context, team: str, query: str, k: int = 8, deal_id: str | None = None, rep: str | None = None
) -> dict[str, Any]:
    revision, _, reps = require_deal(ctx, team, deal_id) if deal_id is not None else require_team(ctx, team)
    if rep is not None and rep.lower() not in reps:
        raise NotFoundError(f"unknown rep {rep!r} in team {team!r}")
    # one embedding of the query for the notes and the principles; the team's revision read once, just above
    vector = _query_vector(ctx.embedder, query)
    hits = ctx.retriever.search(team, query, k=k, deal_id=deal_id, rep=rep, query_vector=vector, revision=revision)
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
        "principles": [{"id": p.id, "title": p.title} for p in related_principles(ctx, query, vector=vector)],
    }
