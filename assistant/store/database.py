"""Where the catalog, the keys and the audit log live: SQLite files under COACH_HOME, or one PostgreSQL database.

`COACH_DATABASE_URL=postgresql://user:pass@host/db` puts all three stores in PostgreSQL so several `coach serve`
replicas share one state; unset, each store is an SQLite file (the embedded default). Both go through SQLAlchemy
Core with the tables of `store/tables.py`, so a store's code is the same for both.

SQLite: the driver's own transaction handling is switched off and BEGIN is issued here (SQLAlchemy's documented
recipe for pysqlite), so a write transaction is `BEGIN IMMEDIATE` (it takes the write lock at once: two writers
queue instead of failing on a lock upgrade). WAL, synchronous=NORMAL and foreign keys are set on every connection,
as before.

Both backends: a writer pool (transactions) and a reader pool in autocommit (a read is one statement, no BEGIN or
ROLLBACK around it); with PostgreSQL both pools are per URL per process, shared by the three stores.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.pool import SingletonThreadPool
from sqlalchemy.schema import CreateIndex, CreateTable

from ..errors import BackendError, UserError
from .schema import ensure_schema

WRITE = "coach_write"  # execution option: this connection's transaction writes (SQLite: BEGIN IMMEDIATE)
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")

_pg_engines: dict[str, tuple[Engine, Engine]] = {}
_pg_lock = threading.Lock()


def postgres_url(url: str) -> str:
    """The SQLAlchemy URL for COACH_DATABASE_URL (psycopg 3 as the driver); a clear error for anything else."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise UserError(
            f"COACH_DATABASE_URL {url!r} is not a database URL: use postgresql://USER:PASS@HOST/DB"
        ) from None
    if parsed.drivername not in _SCHEMES:
        raise UserError(
            f"COACH_DATABASE_URL must be a postgresql:// URL (got {parsed.drivername}://); "
            "leave it unset for the embedded SQLite files under COACH_HOME"
        )
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def postgres_engines(url: str) -> tuple[Engine, Engine]:
    """(writer, reader) pools per database per process, shared by the catalog, the keys and the audit log.

    The reader runs in autocommit: a read needs no BEGIN or ROLLBACK. Both pools pre-ping on checkout (one loopback
    round trip, about 0.1 ms), so a request after a database restart gets a fresh connection instead of failing."""
    sa_url = postgres_url(url)
    with _pg_lock:
        engines = _pg_engines.get(sa_url)
        if engines is None:
            writer = create_engine(sa_url, pool_size=4, max_overflow=8, pool_pre_ping=True)
            reader = create_engine(
                sa_url,
                pool_size=8,
                max_overflow=8,
                isolation_level="AUTOCOMMIT",
                pool_reset_on_return=None,
                pool_pre_ping=True,
            )
            engines = _pg_engines[sa_url] = (writer, reader)
        return engines


def _sqlite_events(engine: Engine, metadata: MetaData | None) -> None:
    _sqlite_connect(engine, metadata)

    @event.listens_for(engine, "begin")
    def _begin(con: Connection) -> None:
        con.exec_driver_sql("BEGIN IMMEDIATE" if con.get_execution_options().get(WRITE) else "BEGIN")


def _sqlite_connect(engine: Engine, metadata: MetaData | None) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_con: Any, _record: Any) -> None:
        dbapi_con.isolation_level = None  # BEGIN is ours (see _begin)
        if metadata is not None:  # an in-memory store: each connection (thread) starts empty, with the schema
            for table in metadata.sorted_tables:
                dbapi_con.execute(str(CreateTable(table).compile(engine)))
                for index in table.indexes:
                    dbapi_con.execute(str(CreateIndex(index).compile(engine)))
        dbapi_con.execute("PRAGMA journal_mode=WAL")
        dbapi_con.execute("PRAGMA synchronous=NORMAL")  # with WAL: durable on process crash, ~10x cheaper commits
        dbapi_con.execute("PRAGMA foreign_keys=ON")


def sqlite_engines(path: Path | None, metadata: MetaData | None = None) -> tuple[Engine, Engine]:
    """(writer, reader) of a file store; the reader in autocommit (each SELECT its own snapshot, no BEGIN). With
    path None: an empty in-memory store with `metadata`'s tables, one per thread, reader and writer alike."""
    if path is None:
        engine = create_engine("sqlite://", poolclass=SingletonThreadPool, connect_args={"check_same_thread": False})
        _sqlite_events(engine, metadata)
        return engine, engine
    args = {"timeout": 30, "check_same_thread": False}
    writer = create_engine(f"sqlite:///{path}", connect_args=args)
    reader = create_engine(
        f"sqlite:///{path}", connect_args=args, isolation_level="AUTOCOMMIT", pool_reset_on_return=None
    )
    _sqlite_events(writer, None)
    _sqlite_connect(reader, None)
    return writer, reader


class SQLStore:
    """Base of the catalog, the audit log and the key store: opens the backend, migrates it, hands out connections.

    `target` is the SQLite file of this store, or a PostgreSQL URL (COACH_DATABASE_URL). `create=False`
    (read-only commands) never makes a file: an SQLite store that does not exist yet is read as an empty in-memory
    database with the same schema, so "unknown team" comes out of the usual code path. A PostgreSQL database is
    the operator's: it is migrated to this code's schema when opened.
    """

    store = ""  # catalog, keys or audit: which tables and which migrations
    metadata: MetaData

    def __init__(self, target: Path | str, create: bool = True) -> None:
        self.url = target if isinstance(target, str) else None
        self.path = target if isinstance(target, Path) else None
        self.in_memory = self.path is not None and not create and not self.path.exists()
        self.engine: Engine
        self._reader: Engine
        if self.url is not None:
            self.engine, self._reader = postgres_engines(self.url)
        elif self.in_memory:
            self.engine, self._reader = sqlite_engines(None, self.metadata)
        else:
            assert self.path is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine, self._reader = sqlite_engines(self.path)
        if not self.in_memory:
            try:
                ensure_schema(self.engine, self.store)
            except DBAPIError as exc:
                raise BackendError(f"cannot open the {self.store} store at {self.identity}: {exc.orig}") from exc

    @property
    def is_server(self) -> bool:
        """True on PostgreSQL: state shared with other processes and machines (locks must be the database's)."""
        return self.url is not None

    @property
    def identity(self) -> str:
        """Names the database for in-process caches (no password)."""
        if self.url is not None:
            return make_url(postgres_url(self.url)).render_as_string(hide_password=True)
        return str(self.path.resolve()) if self.path is not None else ":memory:"

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        with self._reader.connect() as con:
            yield con

    @contextmanager
    def server_lock(self, name: str, timeout: float) -> Iterator[None]:
        """PostgreSQL only: an advisory lock held by this process across every replica (released by the server
        when the holding connection dies, so a killed writer never blocks the next one)."""
        with self._reader.connect() as con:
            con.execute(text("SELECT set_config('lock_timeout', :t, false)"), {"t": f"{int(timeout * 1000)}ms"})
            try:
                con.execute(text("SELECT pg_advisory_lock(hashtext(:name))"), {"name": name})
            except OperationalError:
                raise BackendError(
                    f"another replica has held the lock {name!r} for over {timeout:.0f}s; try again later"
                ) from None
            finally:
                con.execute(text("RESET lock_timeout"))
            try:
                yield
            finally:
                con.execute(text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": name})

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """All or nothing: commits when the block ends, rolls back on any exception."""
        with self.engine.connect().execution_options(**{WRITE: True}) as con, con.begin():
            yield con


def close_postgres(url: str) -> None:
    """Close this process's pool for the database (tests that drop it; a replica shutting down)."""
    with _pg_lock:
        engines = _pg_engines.pop(postgres_url(url), None)
    for engine in engines or ():
        engine.dispose()
