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
