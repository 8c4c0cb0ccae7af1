"""Keep the knowledge collection (principles and signal examples) in step with knowledge/.

The collection is rebuilt only when the files' digest changes, so commands stay fast and the
signal-example vectors used by the deal assessment are computed once, not per request. The digest recorded in
the catalog is trusted without opening the vector store (a cold `coach prep` never imports chromadb); a reader
that finds the collection empty anyway (the index folder was wiped) calls `sync_knowledge(ctx, force=True)`.
"""

from __future__ import annotations

from contextlib import nullcontext
from functools import lru_cache
from pathlib import Path

import numpy as np

from .context import Context
from .knowledge import KnowledgeBase, load_knowledge
from .store.vectors import KNOWLEDGE_COLLECTION


def knowledge_documents(kb: KnowledgeBase) -> list[tuple[str, str, dict[str, str | int | float | bool]]]:
    """(id, text, metadata) for every principle and every signal example."""
    docs: list[tuple[str, str, dict[str, str | int | float | bool]]] = []
    for p in kb.principles:
        docs.append((f"principle:{p.id}", f"{p.title}. {p.body}", {"kind": "principle", "ref": p.id}))
    for skill in kb.skills:
        for polarity, signals in (("gap", skill.gap_signals), ("strength", skill.strength_signals)):
            for signal in signals:
                texts = [signal.description, *signal.examples]
                for i, text in enumerate(texts):
                    docs.append(
                        (
                            f"signal:{skill.id}:{signal.id}:{i}",
                            text,
                            {"kind": polarity, "ref": f"{skill.id}:{signal.id}"},
                        )
                    )
    return docs


_embedded: dict[str, np.ndarray] = {}
_principle_vectors: dict[str, tuple[tuple[str, ...], np.ndarray]] = {}  # digest -> (principle ids, rows)
_synced: set[tuple[str, str]] = set()  # (home, digest) already checked in this process


@lru_cache(maxsize=64)
def _resolved(path: Path) -> Path:
    """Folders resolved once per process: every request syncs (resolving is file-system calls each time)."""
    return path.resolve()


def sync_knowledge(ctx: Context, force: bool = False) -> KnowledgeBase:
    kb = load_knowledge(_resolved(ctx.settings.knowledge_dir))
    key = "knowledge_digest"
    synced = (str(_resolved(ctx.settings.home)), kb.digest)
    if not force and synced in _synced:
        return kb
    if ctx.catalog.in_memory:  # a read-only command on a home with no store: nothing to index, no team either
        return kb
    if not force and ctx.catalog.get_meta(key) == kb.digest:
        _synced.add(synced)
        return kb
    with ctx.catalog.server_lock("knowledge", 600) if ctx.catalog.is_server else nullcontext():
        # replicas sharing one database and one Chroma server: one rebuilds, the others find its digest
        if force or ctx.catalog.get_meta(key) != kb.digest:
            _rebuild(ctx, kb)
    _synced.add(synced)
    return kb


def _rebuild(ctx: Context, kb: KnowledgeBase) -> None:
    key = "knowledge_digest"
    docs = knowledge_documents(kb)
    vectors = _embedded.get(kb.digest)
    if vectors is None:  # embedding ~700 short texts takes seconds: do it once per process per digest
        vectors = _embedded[kb.digest] = ctx.embedder.embed([text for _, text, _ in docs])
    ctx.vectors.drop(KNOWLEDGE_COLLECTION)
    ctx.vectors.upsert(KNOWLEDGE_COLLECTION, [d[0] for d in docs], vectors, [d[1] for d in docs], [d[2] for d in docs])
    with ctx.catalog.transaction() as con:
        ctx.catalog.set_meta(con, key, kb.digest)


def principle_vectors(ctx: Context, kb: KnowledgeBase) -> tuple[tuple[str, ...], np.ndarray]:
    """The principles' ids and unit vectors as one matrix, read once per knowledge digest (a pure function of it).

    Ranking ~30 principles is one matrix product in numpy (0.04 ms) where a filtered Chroma query of the knowledge
    collection costs 1.5 ms; the order is the same (checked on 860 queries in bench/search.py's workload). An
    index wiped behind the catalog's back is rebuilt once, as the Chroma path did."""
    cached = _principle_vectors.get(kb.digest)
    if cached is not None:
        return cached
    ids = tuple(p.id for p in kb.principles)
    keys = [f"principle:{i}" for i in ids]
    found = ctx.vectors.get_embeddings(KNOWLEDGE_COLLECTION, keys)
    if len(found) < len(keys):
        sync_knowledge(ctx, force=True)
        found = ctx.vectors.get_embeddings(KNOWLEDGE_COLLECTION, keys)
    if len(found) < len(keys):  # no index to rebuild (a read-only command on an absent store): rank what is there
        kept = [(i, k) for i, k in zip(ids, keys, strict=True) if k in found]
        return tuple(i for i, _ in kept), _rows([found[k] for _, k in kept])
    matrix = _rows([found[k] for k in keys])
    cached = _principle_vectors[kb.digest] = (ids, np.ascontiguousarray(matrix, dtype=np.float32))
    return cached


def _rows(vectors: list[np.ndarray]) -> np.ndarray:
    return np.stack(vectors) if vectors else np.zeros((0, 384), dtype=np.float32)
