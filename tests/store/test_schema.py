"""Schema versions: a store made before versions existed upgrades with its rows intact; the migrations give
exactly the tables of store/tables.py on both backends; the revision files form one chain per store; a store
newer than the code is refused with a clear error."""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from assistant.api.keys import KeyStore, _digest
from assistant.errors import BackendError
from assistant.store.audit import AuditLog
from assistant.store.catalog import Catalog
from assistant.store.schema import MIGRATIONS, current, head, revisions, version_table
from assistant.store.tables import METADATA
from tests.conftest import make_context
from tests.servers import BACKENDS, server_backend
from tests.store.fixtures import legacy_schema

SECRET = "s" * 32


def legacy_home(home: Path) -> Path:
    """COACH_HOME as the unversioned code left it: three SQLite files with rows in every table."""
    home.mkdir(parents=True)
    with sqlite3.connect(home / "coach.db") as con:
        con.executescript(legacy_schema.CATALOG)
        con.execute(
            "INSERT INTO notes VALUES ('t','N1','D1','The CFO signs','Acme','Ann','Proposal',50000.0,"
            "'2026-03-01','2026-01-05','Ann','crm.csv')"
        )
        con.execute("INSERT INTO chunks VALUES ('t','N1#0','N1','D1','Ann',0,'The CFO signs')")
        con.execute("INSERT INTO meta VALUES ('revision:t','7')")
        con.execute("INSERT INTO deal_models VALUES ('t','D1','7:abc','{\"deal\": 1}')")
    with sqlite3.connect(home / "keys.db") as con:
        con.executescript(legacy_schema.KEYS)
        salt = b"0123456789abcdef"
        con.execute(
            "INSERT INTO keys VALUES ('abc123def456','t','manager',NULL,?,?,'2026-01-01T00:00:00+00:00',NULL)",
            [salt, _digest(salt, SECRET)],
        )
    with sqlite3.connect(home / "audit.db") as con:
        con.executescript(legacy_schema.AUDIT)
        con.execute(
            "INSERT INTO answers VALUES ('ans_1','abc123def456','t','manager',NULL,'prep','{\"deal_id\": \"D1\"}',"
            "'{\"ok\": true}',0,1,'2026-01-02T00:00:00+00:00')"
        )
        con.execute("INSERT INTO feedback VALUES ('fb_1','ans_1','abc123def456','t',-1,'too long','2026-01-03')")
    return home


def sqlite_tables(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as con:
        return dict(con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL").fetchall())


def test_a_store_from_before_versions_upgrades_with_its_data(tmp_path: Path) -> None:
    home = legacy_home(tmp_path / "home")
    before = {name: sqlite_tables(home / f"{name}.db") for name in ("coach", "keys", "audit")}
    ctx = make_context(home)
    note = ctx.catalog.notes("t")[0]
    assert (note.note_id, note.account, note.amount, str(note.close_date), note.source) == (
        "N1",
        "Acme",
        50000.0,
        "2026-03-01",
        "crm.csv",
    )
    assert [c.text for c in ctx.catalog.chunks("t")] == ["The CFO signs"]
    assert ctx.catalog.revision("t") == 7
    assert ctx.catalog.get_deal_model("t", "D1", "7:abc") == '{"deal": 1}'
    keys = KeyStore(home / "keys.db")
    who = keys.verify(f"coach_abc123def456_{SECRET}")
    assert who is not None and (who.team, who.role) == ("t", "manager")
    audit = AuditLog(home / "audit.db")
    answer = audit.answer("ans_1")
    assert answer is not None and answer["request"] == {"deal_id": "D1"} and answer["shared"] is True
    assert [f["comment"] for f in audit.feedback(team="t", negative_only=True)] == ["too long"]
    for store, name in (("catalog", "coach"), ("keys", "keys"), ("audit", "audit")):
        after = sqlite_tables(home / f"{name}.db")
        assert {k: v for k, v in after.items() if k in before[name]} == before[name]  # old tables untouched
        assert version_table(store) in after
    assert current(ctx.catalog.engine, "catalog") == head("catalog")
    with ctx.catalog.transaction() as con:  # and the upgraded store takes writes
        ctx.catalog.bump_revision(con, "t")
    assert ctx.catalog.revision("t") == 8


@pytest.fixture(params=BACKENDS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path | str]:
    """A new, empty place for a store on each backend."""
    if request.param == "embedded":
        yield tmp_path / "store.db"
        return
    with server_backend(tmp_path / "home") as overrides:
        yield overrides["database_url"]


@pytest.mark.parametrize("store", [Catalog, KeyStore, AuditLog])
def test_migrations_give_exactly_the_declared_tables(target: Path | str, store: type[Catalog]) -> None:
    opened = store(target)
    with opened.engine.connect() as con:
        diffs = compare_metadata(MigrationContext.configure(con), METADATA[opened.store])
        version = con.execute(text(f"SELECT version_num FROM {version_table(opened.store)}")).scalar_one()
    assert [d for d in diffs if not (d[0] == "remove_table" and d[1].name.startswith("alembic_version"))] == []
    assert version == head(opened.store)
    store(target)  # opening a current store again changes nothing


@pytest.mark.parametrize("store", ["catalog", "keys", "audit"])
def test_each_store_has_one_chain_of_migrations(store: str) -> None:
    previous = None
    for rev in revisions(store):
        (path,) = (MIGRATIONS / "versions" / store).glob(f"{rev}_*.py")
        spec = importlib.util.spec_from_file_location(f"migration_{store}_{rev}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert (module.revision, module.down_revision) == (rev, previous), path.name
        previous = rev


def test_a_store_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    Catalog(tmp_path / "coach.db")
    with sqlite3.connect(tmp_path / "coach.db") as con:
        con.execute(f"UPDATE {version_table('catalog')} SET version_num = '9999'")
    with pytest.raises(BackendError, match="schema version 9999, newer than this code"):
        Catalog(tmp_path / "coach.db")


def test_a_catalog_at_the_previous_version_upgrades_to_reviews_with_its_notes(target: Path | str) -> None:
    """A catalog at 0001 (before reviews) upgrades to 0002 on open, keeping its notes; reviews then go in, and
    a review with a bad commitment row stores nothing (all or nothing)."""
    from datetime import date

    from sqlalchemy import create_engine

    from assistant.models import Commitment, Review
    from assistant.store.database import postgres_url
    from assistant.store.reviews import ReviewLog
    from assistant.store.schema import upgrade

    url = target if isinstance(target, str) else f"sqlite:///{target}"
    engine = create_engine(postgres_url(url) if isinstance(target, str) else url)
    upgrade(engine, "catalog", to="0001")
    with engine.begin() as con:
        con.execute(text("INSERT INTO notes (team, note_id, deal_id, text, source) VALUES ('t','N1','D1','hi','')"))
    engine.dispose()
    assert current(create_engine(postgres_url(url) if isinstance(target, str) else url), "catalog") == "0001"
    catalog = Catalog(target)
    assert current(catalog.engine, "catalog") == head("catalog") == "0002"
    assert [n.note_id for n in catalog.notes("t")] == ["N1"]
    log = ReviewLog(catalog)
    day = date(2026, 11, 2)
    good = Commitment("com_1", "t", "D1", "Ann", "call the CFO", day)
    log.add_review(Review("rev_1", "t", "D1", "Ann", day, ("qualification",), "", "cli", (good,)))
    clash = Commitment("com_1", "t", "D1", "Ann", "again", day)  # the same id: the insert fails
    with pytest.raises(Exception):  # noqa: B017 - the database's own integrity error, whichever backend
        log.add_review(Review("rev_2", "t", "D1", "Ann", day, (), "", "cli", (clash,)))
    assert [r.review_id for r in log.reviews("t")] == ["rev_1"]
    assert [c.text for c in log.commitments("t")] == ["call the CFO"]
    assert log.revision("t") == 1
