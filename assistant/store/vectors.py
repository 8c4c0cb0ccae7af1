"""The vector store behind a small interface, so a Chroma server can replace the embedded client.

One collection per team (isolation by construction: a query can only ever see its own team's
vectors, and an unfiltered query is much faster than a `where` on a shared collection), plus one
collection for the coaching knowledge.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..errors import BackendError, UserError
from .chroma_view import IndexView, index_view

Metadata = Mapping[str, str | int | float | bool]
KNOWLEDGE_COLLECTION = "coach-knowledge"
_TEAM_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def check_team(team: str) -> str:
    """Team ids name collections and files, so they are restricted to a safe alphabet."""
    if not _TEAM_RE.match(team or ""):
        raise UserError(
            f"invalid team id {team!r}: use 1-63 lowercase letters, digits, '-' or '_', starting with a letter or digit"
        )
    return team


def team_collection(team: str) -> str:
    return f"team-{check_team(team)}"


class VectorStore(Protocol):
    """What the rest of the package needs from a vector database."""

    def upsert(
        self,
        collection: str,
        ids: Sequence[str],
        embeddings: np.ndarray,
        documents: Sequence[str],
        metadatas: Sequence[Metadata],
    ) -> None: ...

    def delete(self, collection: str, ids: Sequence[str]) -> None: ...

    def delete_where(self, collection: str, where: Mapping[str, Any]) -> None:
        """Delete every vector whose metadata matches, whether or not the catalog knows its id."""
        ...

    def content_hashes(self, collection: str) -> dict[str, str | None]:
        """Every id in the collection with its `content_hash` metadata (None when it has none); no vectors read."""
        ...

    def records(self, collection: str, ids: Sequence[str]) -> dict[str, tuple[str, Metadata]]:
        """(document, metadata) of each id found; no vectors read."""
        ...

    def add_metadata(self, collection: str, ids: Sequence[str], metadatas: Sequence[Metadata]) -> None:
        """Merge keys into the ids' metadata, leaving their vectors and documents as they are."""
        ...

    def collections(self) -> list[str]: ...

    def query(
        self, collection: str, embedding: np.ndarray, k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """Nearest ids with cosine similarity, best first."""
        ...

    def get_embeddings(self, collection: str, ids: Sequence[str]) -> dict[str, np.ndarray]: ...

    def count(self, collection: str) -> int: ...

    def drop(self, collection: str) -> None: ...

    def observe(self, team: str, revision: int, own: bool = False) -> None:
        """The caller has just read the team's catalog revision (before reading or writing its vectors). A store
        that keeps another process's writes out of view until reopened (the embedded client) reopens when the
        revision moved since it opened; `own=True`: the move was this process's write, made under the team's lock."""
        ...


class _Collection:
    """A chroma collection handle that survives another process dropping and re-creating the collection.

    Handles name a collection by id: when a replica sharing the Chroma server rebuilds one (the knowledge index
    after a knowledge change), this process's handle points at a collection that is gone. The first call that
    hits that is retried once on a fresh handle for the same name."""

    def __init__(self, fetch: Any) -> None:
        self._fetch = fetch
        self._col = fetch()

    def __getattr__(self, name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            from chromadb.errors import NotFoundError

            try:
                return getattr(self._col, name)(*args, **kwargs)
            except NotFoundError:
                self._col = self._fetch()
                return getattr(self._col, name)(*args, **kwargs)

        return call


class ChromaStore:
    """VectorStore over chromadb: embedded (PersistentClient) or a server (HttpClient)."""

    def __init__(self, client: Any, view: IndexView | None = None) -> None:
        self._client = client
        self._collections: dict[str, Any] = {}
        self._view = view  # embedded only: what the process's chroma system for the folder has loaded

    @classmethod
    def ephemeral(cls) -> ChromaStore:
        """An empty in-memory index, for read-only commands on a COACH_HOME that has none yet."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        return cls(chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False)))

    @classmethod
    def embedded(cls, path: Path, revisions: Callable[[], dict[str, int]] | None = None) -> ChromaStore:
        """The index in a folder. `revisions` (Catalog.revisions) lets the store see other processes' writes:
        chroma's embedded client keeps the vector index it loaded (a query after another process wrote fails
        with "Error finding id"), so the store reloads it when a team's revision moved (see `observe`)."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        path.mkdir(parents=True, exist_ok=True)
        view = None if revisions is None else index_view(path, revisions)  # before the client, see index_view
        try:
            client = chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))
        except Exception as exc:  # chromadb raises many types; we report one
            raise BackendError(f"cannot open the vector index at {path}: {exc}") from exc
        return cls(client, view)

    def observe(self, team: str, revision: int, own: bool = False) -> None:
        if self._view is not None:
            self._view.observe(self._client, team, revision, own)

    @classmethod
    def server(cls, host: str, port: int, database: str = "default_database") -> ChromaStore:
        """A `chroma run` server shared by every replica; `database` (COACH_CHROMA_DATABASE) is created if missing."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        def settings() -> ChromaSettings:
            return ChromaSettings(anonymized_telemetry=False)

        try:
            if database != "default_database":
                admin_settings = settings()
                admin_settings.chroma_api_impl = "chromadb.api.fastapi.FastAPI"
                admin_settings.chroma_server_host, admin_settings.chroma_server_http_port = host, port
                admin = chromadb.AdminClient(admin_settings)
                with contextlib.suppress(Exception):  # already there (chromadb raises a generic error)
                    admin.create_database(database)
            client = chromadb.HttpClient(host=host, port=port, settings=settings(), database=database)
        except Exception as exc:  # chromadb raises many types; we report one
            raise BackendError(f"cannot reach the Chroma server at {host}:{port}: {exc}") from exc
        return cls(client)

    def _col(self, name: str) -> Any:
        col = self._collections.get(name)
        if col is None:
            # embedding_function=None: we always pass vectors, so chroma never loads (or
            # downloads) a model of its own.
            col = _Collection(
                lambda: self._client.get_or_create_collection(
                    name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
                )
            )
            self._collections[name] = col
        return col

    def upsert(
        self,
        collection: str,
        ids: Sequence[str],
        embeddings: np.ndarray,
        documents: Sequence[str],
        metadatas: Sequence[Metadata],
    ) -> None:
        col = self._col(collection)
        step = 2000
        for start in range(0, len(ids), step):
            end = start + step
            col.upsert(
                ids=list(ids[start:end]),
                embeddings=embeddings[start:end],
                documents=list(documents[start:end]),
                metadatas=[dict(m) for m in metadatas[start:end]],
            )

    def delete(self, collection: str, ids: Sequence[str]) -> None:
        if ids:
            self._col(collection).delete(ids=list(ids))

    def delete_where(self, collection: str, where: Mapping[str, Any]) -> None:
        self._col(collection).delete(where=dict(where))

    def content_hashes(self, collection: str) -> dict[str, str | None]:
        col = self._col(collection)
        out: dict[str, str | None] = {}
        page = 10_000
        while True:
            res = col.get(include=["metadatas"], limit=page, offset=len(out))
            for i, meta in zip(res["ids"], res["metadatas"] or [None] * len(res["ids"]), strict=True):
                value = (meta or {}).get("content_hash")
                out[i] = value if isinstance(value, str) else None
            if len(res["ids"]) < page:
                return out

    def records(self, collection: str, ids: Sequence[str]) -> dict[str, tuple[str, Metadata]]:
        if not ids:
            return {}
        res = self._col(collection).get(ids=list(ids), include=["documents", "metadatas"])
        return {
            i: (doc or "", meta or {})
            for i, doc, meta in zip(res["ids"], res["documents"], res["metadatas"], strict=True)
        }

    def add_metadata(self, collection: str, ids: Sequence[str], metadatas: Sequence[Metadata]) -> None:
        if ids:
            self._col(collection).update(ids=list(ids), metadatas=[dict(m) for m in metadatas])

    def collections(self) -> list[str]:
        return sorted(c if isinstance(c, str) else c.name for c in self._client.list_collections())

    def query(
        self, collection: str, embedding: np.ndarray, k: int, where: Mapping[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        # No count() first: chroma returns fewer than k when the collection holds fewer (or none), and the
        # extra round trip cost a request to a Chroma server as much as the query itself.
        res = self._col(collection).query(
            query_embeddings=[embedding], n_results=k, where=dict(where) if where else None, include=["distances"]
        )
        return [(i, 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0], strict=True)]

    def get_embeddings(self, collection: str, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        res = self._col(collection).get(ids=list(ids), include=["embeddings"])
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(res["ids"], res["embeddings"], strict=True)}

    def count(self, collection: str) -> int:
        return int(self._col(collection).count())

    def drop(self, collection: str) -> None:
        self._collections.pop(collection, None)
        with contextlib.suppress(Exception):  # dropping a missing collection is fine
            self._client.delete_collection(collection)
