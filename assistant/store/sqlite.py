"""SQLite stores under COACH_HOME share one way to connect: a connection per thread, WAL, rows by name."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class SQLiteStore:
    """Base of the catalog, the audit log and the key store: creates the schema, hands out connections."""

    schema = ""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        if self.schema:
            self._con().executescript(self.schema)

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable on process crash, ~10x cheaper commits
            con.execute("PRAGMA foreign_keys=ON")
            self._local.con = con
        return con
