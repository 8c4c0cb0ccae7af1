"""The services one request needs (catalog, vector store, embedder, retriever), opened once.

CLI commands, the API and the evals all go through a Context, so they share one code path. A Context with
`create=False` (read-only commands: stats, search, deal, prep, rep, self; forget) creates nothing under COACH_HOME:
a store that is not there reads as empty, so the command fails with the usual "unknown team" and leaves no trace.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .settings import Settings
from .store.catalog import Catalog
from .store.vectors import ChromaStore, VectorStore

if TYPE_CHECKING:  # imported when first used: BM25 pulls in scipy, the embedder onnxruntime
    from .store.embeddings import Embedder
    from .store.index_writer import IndexWriter
    from .store.retrieval import HybridRetriever
    from .store.reviews import ReviewLog


class Context:
    def __init__(self, settings: Settings, vectors: VectorStore | None = None, create: bool = True) -> None:
        self.settings = settings
        self._vectors = vectors
        self.create = create

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.settings.store_target("coach"), create=self.create)

    @cached_property
    def reviews(self) -> ReviewLog:
        """Deal reviews and commitments, in the catalog's database."""
        from .store.reviews import ReviewLog

        return ReviewLog(self.catalog)

    @cached_property
    def vectors(self) -> VectorStore:
        if self._vectors is not None:
            return self._vectors
        s = self.settings
        if s.chroma_host:
            return ChromaStore.server(s.chroma_host, s.chroma_port, s.chroma_database)
        if not self.create and not self.settings.chroma_path.exists():
            return ChromaStore.ephemeral()
        return ChromaStore.embedded(self.settings.chroma_path, self.catalog.revisions)

    @cached_property
    def embedder(self) -> Embedder:
        from .store.embeddings import get_embedder

        return get_embedder(self.settings.embed_batch_size)

    @cached_property
    def index_writer(self) -> IndexWriter:
        """Serialises writes to a team's vectors and repairs after a cut-off one (see store/index_writer.py)."""
        from .store.index_writer import IndexWriter

        return IndexWriter(self.catalog, self.vectors, self.embedder, self.settings.home / "locks")

    @cached_property
    def retriever(self) -> HybridRetriever:
        from .store.retrieval import HybridRetriever

        return HybridRetriever(self.catalog, self.vectors, self.embedder, self.settings.rrf_k)
