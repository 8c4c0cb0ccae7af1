"""One writer at a time per team's vectors, and a repair before the next write when the last one was cut off.

A write (ingest, forget) runs as: take the team's lock file, repair if the previous write left its marker (or the
index predates content hashes), commit the marker, then write the catalog and the vectors in one catalog
transaction that also clears the marker. A kill -9 anywhere in between leaves the marker committed, so the next
write, or `coach doctor --repair`, reconciles the vectors with the catalog. The lock is an OS file lock
(`filelock`), released by the kernel when its process dies, so a dead writer never blocks the next one, and a
marker seen while holding the lock always belongs to a writer that did not finish.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import BackendError
from .catalog import Catalog
from .embeddings import Embedder
from .reconcile import INDEX_FORMAT, IndexRepair, repair_index
from .vectors import VectorStore, check_team


class IndexWriter:
    def __init__(
        self, catalog: Catalog, vectors: VectorStore, embedder: Embedder, lock_dir: Path, timeout: float = 600.0
    ) -> None:
        self.catalog = catalog
        self.vectors = vectors
        self.embedder = embedder
        self.lock_dir = lock_dir
        self.timeout = timeout

    @contextmanager
    def locked(self, team: str) -> Iterator[None]:
        """Hold the team's write lock (waits for a live writer; a dead one has already let go). With PostgreSQL the
        lock is the database's (an advisory lock), so writers on different machines queue too.

        Under the lock the vector store first catches up with other processes' writes (an embedded index loaded
        before them would write over them), and afterwards notes the revision this write made as its own."""
        with self._lock(team):
            self.vectors.observe(team, self.catalog.revision(team))
            yield
            self.vectors.observe(team, self.catalog.revision(team), own=True)

    @contextmanager
    def _lock(self, team: str) -> Iterator[None]:
        if self.catalog.is_server:
            with self.catalog.server_lock(f"index:{check_team(team)}", self.timeout):
                yield
            return
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.lock_dir / f"index-{check_team(team)}.lock"), timeout=self.timeout)
        try:
            lock.acquire()
        except Timeout:
            raise BackendError(
                f"another write to team {team!r} has held the index lock for over {self.timeout:.0f}s; try again later"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def needs_repair(self, team: str) -> bool:
        """Cheap: two catalog reads. A cut-off write, or vectors written before content hashes, call for a check."""
        return self.catalog.index_dirty(team) or self.catalog.index_format(team) != INDEX_FORMAT

    def repair_if_needed(self, team: str) -> IndexRepair | None:
        """Under the lock: reconcile when needs_repair says so; None when there was nothing to check."""
        return repair_index(self.catalog, self.vectors, self.embedder, team) if self.needs_repair(team) else None

    def repair(self, team: str) -> IndexRepair | None:
        with self.locked(team):
            return self.repair_if_needed(team)

    @contextmanager
    def writing(self, team: str) -> Iterator[IndexRepair | None]:
        """Lock, repair what a cut-off write left, set the marker; the caller's transaction must call
        `Catalog.mark_index_clean` before it commits. Yields the repair made first, if any."""
        with self.locked(team):
            repaired = self.repair_if_needed(team)
            self.catalog.mark_index_dirty(team)
            yield repaired
