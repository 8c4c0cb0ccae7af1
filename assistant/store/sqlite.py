"""SQLite stores under COACH_HOME share one way to connect: a connection per thread, WAL, rows by name."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class SQLiteStore:
    """Base of the catalog, the audit log and the key store: creates the schema, hands out connections.

    `create=False` (read-only commands) never makes a file: a store that does not exist yet is read as an empty
    in-memory database with the same schema, so "unknown team" comes out of the usual code path.
    """

    schema = ""

    def __init__(self, path: Path, create: bool = True) -> None:
        self.path = path
        self.in_memory = not create and not path.exists()
        if not self.in_memory:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        if self.schema and not self.in_memory:
            self._con().executescript(self.schema)

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            target = ":memory:" if self.in_memory else self.path
            con = sqlite3.connect(target, timeout=30, isolation_level=None, check_same_thread=False)
            con.row_factory = sqlite3.Row
            if self.in_memory and self.schema:  # each thread's in-memory database starts empty
                con.executescript(self.schema)
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable on process crash, ~10x cheaper commits
            con.execute("PRAGMA foreign_keys=ON")
            self._local.con = con
        return con
