"""The services one request needs (catalog, vector store, embedder, retriever), opened once.

CLI commands, the API and the evals all go through a Context, so they share one code path.
"""

from __future__ import annotations

from functools import cached_property

from .settings import Settings
from .store.catalog import Catalog
from .store.embeddings import Embedder, get_embedder
from .store.index_writer import IndexWriter
from .store.retrieval import HybridRetriever
from .store.vectors import ChromaStore, VectorStore


class Context:
    def __init__(self, settings: Settings, vectors: VectorStore | None = None) -> None:
        self.settings = settings
        self._vectors = vectors

    @cached_property
    def catalog(self) -> Catalog:
        return Catalog(self.settings.db_path)

    @cached_property
    def vectors(self) -> VectorStore:
        if self._vectors is not None:
            return self._vectors
        if self.settings.chroma_host:
            return ChromaStore.server(self.settings.chroma_host, self.settings.chroma_port)
        return ChromaStore.embedded(self.settings.chroma_path)

    @cached_property
    def embedder(self) -> Embedder:
        return get_embedder(self.settings.embed_batch_size)

    @cached_property
    def index_writer(self) -> IndexWriter:
        """Serialises writes to a team's vectors and repairs after a cut-off one (see store/index_writer.py)."""
        return IndexWriter(self.catalog, self.vectors, self.embedder, self.settings.home / "locks")

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.catalog, self.vectors, self.embedder, self.settings.rrf_k)
