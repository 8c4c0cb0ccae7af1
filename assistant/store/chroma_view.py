"""An embedded Chroma index sees other processes' writes: it is reloaded when a team's catalog revision moved.

chromadb's PersistentClient loads a collection's vector index once and keeps it: after another process (a
`coach ingest` beside a running `coach serve`) writes to the same folder, queries here miss the new vectors or fail
with "Error finding id", and a second client on the folder in this process shares the same stale system. Every
write bumps the team's revision in the catalog, and every search reads that revision anyway, so a search (and a
write, under the team's lock) compares it with the revisions the index was loaded at and reloads on a change.
This process's own writes are noted as its own (made under the lock), so they cost no reload.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import BackendError


class IndexView:
    """The catalog revisions an embedded index was loaded at. Chroma shares one system per folder in a process, so
    this is kept per folder too (every ChromaStore on it sees the same loaded index)."""

    def __init__(self, revisions: Callable[[], dict[str, int]]) -> None:
        self.revisions = revisions
        self.loaded_at = revisions()
        self.lock = threading.Lock()

    def observe(self, client: Any, team: str, revision: int, own: bool) -> None:
        if self.loaded_at.get(team, 0) == revision:
            return
        with self.lock:
            if self.loaded_at.get(team, 0) == revision:
                return
            if own:
                self.loaded_at[team] = revision
                return
            loaded_at = self.revisions()  # read before the reload: a write after it moves a revision again
            reload_index(client)
            self.loaded_at = loaded_at


_views: dict[str, IndexView] = {}
_views_lock = threading.Lock()


def index_view(path: Path, revisions: Callable[[], dict[str, int]]) -> IndexView:
    """The folder's view, made on first use in the process. Called before the folder's client is opened, so the
    revisions it reads are no newer than what the client loads (a write after the read moves one again)."""
    with _views_lock:
        view = _views.get(str(path.resolve()))
        if view is None:
            view = _views[str(path.resolve())] = IndexView(revisions)
        return view


def reload_index(client: Any) -> None:
    """Make an embedded chroma client load the index afresh from disk, for every client of that folder in this
    process (chroma shares one system per folder, so a second PersistentClient would see the same stale view).

    The rust bindings are rebuilt in place: `start()` assigns new bindings (the sqlite log and the HNSW files as
    they are now) and the old ones go when the last call using them returns, so a query in another thread is not
    cut off. Collection ids are unchanged, so handles stay valid."""
    server = getattr(client, "_server", None)
    if server is None or not hasattr(server, "bindings"):
        raise BackendError(
            "this chromadb cannot reload its embedded index; run one process per COACH_HOME, or a Chroma server"
        )
    server.start()
