"""Schema versions: each store's migrations (Alembic) in `store/migrations/versions/STORE/NNNN_what.py`.

A store opened by this code is brought to the newest version first. The version is kept in the store's own table
(`alembic_version_catalog`, `..._keys`, `..._audit`), so with PostgreSQL the three chains share one database.
Revision ids are the four-digit file prefixes and each file's `down_revision` is the one before, so the newest
version is known from the file names alone: opening a store that is already current reads one row and never
imports Alembic. The first migration of each chain creates the tables only where they are missing, which is
the upgrade of a store made before versions existed (the same tables, no version table).

Adding a table (or a column) is one file: `NNNN_what.py` with `revision = "NNNN"`, `down_revision` the previous
number, and an `upgrade()` using `op` (on SQLite use `op.batch_alter_table` to change an existing table); add
the table to `store/tables.py` as well (tests/store/test_schema.py checks the two agree on both backends).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from ..errors import BackendError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_FILE = re.compile(r"^(\d{4})_\w+\.py$")
_LOCK_KEY = 0x636F6163  # "coac": one advisory lock serialises migrations of every replica on PostgreSQL


def version_table(store: str) -> str:
    return f"alembic_version_{store}"


@cache
def revisions(store: str) -> tuple[str, ...]:
    """The store's revision ids, oldest first, from the migration file names."""
    folder = MIGRATIONS / "versions" / store
    return tuple(sorted(m.group(1) for p in folder.iterdir() if (m := _FILE.match(p.name))))


def head(store: str) -> str:
    return revisions(store)[-1]


def current(engine: Engine, store: str) -> str | None:
    """The store's schema version, None when it has none (new, or made before versions existed)."""
    try:
        with engine.connect() as con:
            row = con.execute(text(f"SELECT version_num FROM {version_table(store)}")).first()  # noqa: S608
    except DBAPIError:  # no version table yet
        return None
    return None if row is None else str(row[0])


def ensure_schema(engine: Engine, store: str) -> None:
    """Migrate the store to this code's newest version (a no-op, one read, when it is there already)."""
    now = current(engine, store)
    if now == head(store):
        return
    if now is not None and now not in revisions(store):
        raise BackendError(
            f"the {store} store is at schema version {now}, newer than this code knows ({head(store)}): "
            "upgrade the coach package on this machine"
        )
    upgrade(engine, store)


def upgrade(engine: Engine, store: str, to: str = "head") -> None:
    """Run the store's migrations in one transaction (one migrating process at a time on PostgreSQL)."""
    from alembic import command
    from alembic.config import Config

    from .database import WRITE

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("version_locations", str(MIGRATIONS / "versions" / store))
    config.set_main_option("path_separator", "os")
    with engine.connect().execution_options(**{WRITE: True}) as con, con.begin():
        if con.dialect.name == "postgresql":
            con.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        config.attributes.update(connection=con, version_table=version_table(store))
        command.upgrade(config, to)
