"""Hybrid retrieval: dense (Chroma) + BM25, fused with reciprocal rank fusion, team-scoped.

Each team has its own collection, and the BM25 corpus is built from that team's chunks only,
so a search can never return another team's notes.
"""

from __future__ import annotations

import threading

import numpy as np

from ..models import Chunk, Hit
from .bm25 import BM25Index
from .catalog import Catalog
from .embeddings import Embedder
from .fusion import rrf
from .vectors import VectorStore, team_collection


class _TeamLexicon:
    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        self.index = BM25Index([c.text for c in chunks])
        self.position = {c.chunk_id: i for i, c in enumerate(chunks)}
        self.deals = np.array([c.deal_id for c in chunks], dtype=object)
        self.reps = np.array([(c.rep or "").lower() for c in chunks], dtype=object)


class HybridRetriever:
    def __init__(self, catalog: Catalog, vectors: VectorStore, embedder: Embedder, rrf_k: int = 60) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self.embedder = embedder
        self.rrf_k = rrf_k
        self._lexicons: dict[str, tuple[int, _TeamLexicon]] = {}
        self._lock = threading.Lock()

    def _lexicon(self, team: str, revision: int) -> _TeamLexicon:
        with self._lock:
            cached = self._lexicons.get(team)
            if cached is None or cached[0] != revision:
                cached = (revision, _TeamLexicon(self.catalog.chunks(team)))
                self._lexicons[team] = cached
            return cached[1]

    def search(
        self,
        team: str,
        query: str,
        k: int = 8,
        deal_id: str | None = None,
        rep: str | None = None,
        depth: int = 50,
        query_vector: np.ndarray | None = None,
        mode: str = "hybrid",
        revision: int | None = None,
    ) -> list[Hit]:
        """Top-k chunks of `team` for `query`, optionally within one deal and/or one rep.

        `mode` is "hybrid" (default), or "dense" / "bm25" alone (to measure what fusion adds). `revision` is the
        team's catalog revision when the caller has just read it (a search reads it once, not twice).
        """
        revision = self.catalog.revision(team) if revision is None else revision
        lexicon = self._lexicon(team, revision)
        if not lexicon.chunks:
            return []
        self.vectors.observe(team, revision)  # another process's write since the index was opened: reload it
        where: dict[str, object] | None = None
        conditions: list[dict[str, object]] = []
        if deal_id is not None:
            conditions.append({"deal_id": deal_id})
        if rep is not None:
            conditions.append({"rep_key": rep.lower()})
        if len(conditions) == 1:
            where = conditions[0]
        elif conditions:
            where = {"$and": conditions}
        vector = self.embedder.embed_one(query) if query_vector is None else query_vector
        # Vectors the catalog does not know (left by a cut-off write until the next write or `coach doctor
        # --repair` removes them) are dropped before fusion, so they cannot push real chunks out of the top k.
        dense = [
            (cid, sim)
            for cid, sim in self.vectors.query(team_collection(team), vector, depth, where)
            if cid in lexicon.position
        ]
        mask = None
        if deal_id is not None or rep is not None:
            mask = np.ones(len(lexicon.chunks), dtype=bool)
            if deal_id is not None:
                mask &= lexicon.deals == deal_id
            if rep is not None:
                mask &= lexicon.reps == rep.lower()
        lexical = lexicon.index.search(query, depth, mask)
        dense_ids = [cid for cid, _ in dense]
        bm25_ids = [lexicon.chunks[i].chunk_id for i, _ in lexical]
        dense_rank = {cid: r for r, cid in enumerate(dense_ids, 1)}
        bm25_rank = {cid: r for r, cid in enumerate(bm25_ids, 1)}
        dense_sim = dict(dense)
        hits = []
        rankings = {"hybrid": [dense_ids, bm25_ids], "dense": [dense_ids], "bm25": [bm25_ids]}[mode]
        for cid, score in rrf(rankings, self.rrf_k)[:k]:
            chunk = lexicon.chunks[lexicon.position[str(cid)]]
            hits.append(
                Hit(
                    chunk.chunk_id,
                    chunk.note_id,
                    chunk.deal_id,
                    chunk.text,
                    score,
                    dense_rank.get(chunk.chunk_id),
                    bm25_rank.get(chunk.chunk_id),
                    {"similarity": round(dense_sim.get(chunk.chunk_id, 0.0), 4)},
                )
            )
        return hits
