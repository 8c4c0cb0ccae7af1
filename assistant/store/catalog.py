"""The note catalog: the source of truth for notes and chunks (SQLite under COACH_HOME, or PostgreSQL).

Vectors live in the vector store; everything else (deal facts, stats, BM25 corpus) is read
from here, so a lost vector index can be rebuilt from the catalog. The team's revision counter lives here too:
every ingest and forget bumps it in its own transaction, and every in-process cache is keyed by it, so with a
shared PostgreSQL a replica's caches see another replica's ingest on their next read.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, Integer, RowMapping, Text, bindparam, cast, delete, distinct, func, select

from ..models import Chunk, Note
from .database import SQLStore
from .tables import catalog_metadata, chunks, deal_models, meta, notes

_BATCH = 500


def _notes_where(*conditions: Any) -> Any:
    return select(notes).where(notes.c.team == bindparam("team"), *conditions).order_by(notes.c.date, notes.c.note_id)


# Reads built once: a prebuilt statement runs about 3x faster than one built per call (no construction, and its
# cache key is memoised), which matters for revision() and get_meta(): every cached answer checks them.
_SQL = {
    "notes": _notes_where(),
    "notes_deal": _notes_where(notes.c.deal_id == bindparam("deal_id")),
    "notes_rep": _notes_where(func.lower(notes.c.rep) == bindparam("rep")),
    "notes_deal_rep": _notes_where(
        notes.c.deal_id == bindparam("deal_id"), func.lower(notes.c.rep) == bindparam("rep")
    ),
    "notes_ids": select(notes).where(
        notes.c.team == bindparam("team"), notes.c.note_id.in_(bindparam("ids", expanding=True))
    ),
    "chunks": select(chunks).where(chunks.c.team == bindparam("team")).order_by(chunks.c.chunk_id),
    "chunk_ids": select(chunks.c.chunk_id).where(
        chunks.c.team == bindparam("team"), chunks.c.note_id.in_(bindparam("ids", expanding=True))
    ),
    "stats": select(
        func.count().label("notes"),
        func.count(distinct(notes.c.deal_id)).label("deals"),
        func.count(distinct(notes.c.rep)).label("reps"),
    ).where(notes.c.team == bindparam("team")),
    "teams": select(notes.c.team).distinct().order_by(notes.c.team),
    "deal_ids": select(notes.c.deal_id).distinct().where(notes.c.team == bindparam("team")).order_by(notes.c.deal_id),
    "reps": select(notes.c.rep)
    .distinct()
    .where(notes.c.team == bindparam("team"), notes.c.rep.is_not(None))
    .order_by(notes.c.rep),
    "meta": select(meta.c.value).where(meta.c.key == bindparam("key")),
    "revisions": select(meta.c.key, meta.c.value).where(meta.c.key.like("revision:%")),
    "deal_model": select(deal_models.c.model).where(
        deal_models.c.team == bindparam("team"),
        deal_models.c.deal_id == bindparam("deal_id"),
        deal_models.c.key == bindparam("key"),
    ),
}


def iso_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _row_to_note(row: RowMapping) -> Note:
    return Note(
        team=row["team"],
        note_id=row["note_id"],
        deal_id=row["deal_id"],
        text=row["text"],
        account=row["account"],
        rep=row["rep"],
        stage=row["stage"],
        amount=row["amount"],
        close_date=iso_date(row["close_date"]),
        date=iso_date(row["date"]),
        author=row["author"],
        source=row["source"],
    )


def upsert(con: Connection, table: Any, values: dict[str, Any], update: dict[str, Any] | None = None) -> None:
    """INSERT, or on a primary-key clash UPDATE (`update`, default: every non-key value): one statement, both
    dialects (what `INSERT OR REPLACE` was on SQLite alone)."""
    stmt: Any
    if con.dialect.name == "postgresql":  # imported when used: the embedded default never loads this dialect
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(table).values(**values)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table).values(**values)
    keys = [c.name for c in table.primary_key.columns]
    changes = update if update is not None else {k: stmt.excluded[k] for k in values if k not in keys}
    con.execute(stmt.on_conflict_do_update(index_elements=keys, set_=changes))


class Catalog(SQLStore):
    """Thin, typed access to the catalog. Writes take the connection of a `transaction()` block."""

    store = "catalog"
    metadata = catalog_metadata

    # -- reads -------------------------------------------------------------
    def _rows(self, name: str, **params: Any) -> list[RowMapping]:
        with self.reading() as con:
            return list(con.execute(_SQL[name], params).mappings())

    def _scalars(self, name: str, **params: Any) -> list[Any]:
        with self.reading() as con:
            return list(con.execute(_SQL[name], params).scalars())

    def notes(self, team: str, deal_id: str | None = None, rep: str | None = None) -> list[Note]:
        name = "notes" + ("_deal" if deal_id is not None else "") + ("_rep" if rep is not None else "")
        params = {"team": team, "deal_id": deal_id, "rep": rep.lower() if rep is not None else None}
        return [_row_to_note(r) for r in self._rows(name, **{k: v for k, v in params.items() if v is not None})]

    def notes_by_id(self, team: str, note_ids: Iterable[str]) -> dict[str, Note]:
        ids = list(note_ids)
        out: dict[str, Note] = {}
        for start in range(0, len(ids), _BATCH):
            rows = self._rows("notes_ids", team=team, ids=ids[start : start + _BATCH])
            out.update({r["note_id"]: _row_to_note(r) for r in rows})
        return out

    def chunks(self, team: str) -> list[Chunk]:
        rows = self._rows("chunks", team=team)
        return [Chunk(r["chunk_id"], r["note_id"], r["deal_id"], r["rep"], r["seq"], r["text"]) for r in rows]

    def chunk_ids(self, team: str, note_ids: Iterable[str]) -> list[str]:
        ids = list(note_ids)
        out: list[str] = []
        for start in range(0, len(ids), _BATCH):
            out += self._scalars("chunk_ids", team=team, ids=ids[start : start + _BATCH])
        return out

    def stats(self, team: str) -> dict[str, int]:
        row = self._rows("stats", team=team)[0]
        return {"notes": row["notes"], "deals": row["deals"], "reps": row["reps"]}

    def teams(self) -> list[str]:
        return self._scalars("teams")

    def deal_ids(self, team: str) -> list[str]:
        return self._scalars("deal_ids", team=team)

    def reps(self, team: str) -> list[str]:
        return self._scalars("reps", team=team)

    def get_meta(self, key: str) -> str | None:
        values = self._scalars("meta", key=key)
        return None if not values else str(values[0])

    def revision(self, team: str) -> int:
        """The team's revision: one indexed read of the database, so every process sees every other's writes."""
        return int(self.get_meta(f"revision:{team}") or 0)

    def revisions(self) -> dict[str, int]:
        """Every team's revision in one read (the embedded vector index notes them when it opens)."""
        return {r["key"].split(":", 1)[1]: int(r["value"]) for r in self._rows("revisions")}

    # -- the vector write marker (see store/index_writer.py) --------------------
    def index_dirty(self, team: str) -> bool:
        """True while a write to the team's vectors is under way, or after one was cut off."""
        return self.get_meta(f"index_dirty:{team}") is not None

    def index_format(self, team: str) -> str | None:
        return self.get_meta(f"index_format:{team}")

    def mark_index_dirty(self, team: str) -> None:
        """Committed on its own before any vector is touched, so a kill during the vector write leaves it set."""
        with self.transaction() as con:
            self.set_meta(con, f"index_dirty:{team}", "1")

    @staticmethod
    def mark_index_clean(con: Connection, team: str, index_format: str) -> None:
        """In the transaction that commits the write (or the repair): the vectors now match the catalog."""
        con.execute(delete(meta).where(meta.c.key == f"index_dirty:{team}"))
        Catalog.set_meta(con, f"index_format:{team}", index_format)

    def get_deal_model(self, team: str, deal_id: str, key: str) -> str | None:
        """The stored deal model (JSON) when it was computed for this key (revision and digests), else None."""
        values = self._scalars("deal_model", team=team, deal_id=deal_id, key=key)
        return None if not values else str(values[0])

    def put_deal_model(self, team: str, deal_id: str, key: str, model: str) -> None:
        """Store a deal's model for this key; the model of an older key (revision, digests) is replaced by it."""
        with self.transaction() as con:
            upsert(con, deal_models, {"team": team, "deal_id": deal_id, "key": key, "model": model})

    @staticmethod
    def delete_deal_models(con: Connection, team: str, deal_ids: Iterable[str]) -> None:
        """Derived data goes with the notes: a forgotten note's quotes must not live on in a stored deal model."""
        for deal_id in sorted(set(deal_ids)):
            con.execute(delete(deal_models).where(deal_models.c.team == team, deal_models.c.deal_id == deal_id))

    # -- writes (inside a transaction) ---------------------------------------
    @staticmethod
    def put_note(con: Connection, note: Note, note_chunks: list[Chunk]) -> None:
        con.execute(delete(chunks).where(chunks.c.team == note.team, chunks.c.note_id == note.note_id))
        values = {
            "team": note.team,
            "note_id": note.note_id,
            "deal_id": note.deal_id,
            "text": note.text,
            "account": note.account,
            "rep": note.rep,
            "stage": note.stage,
            "amount": note.amount,
            "close_date": note.close_date.isoformat() if note.close_date else None,
            "date": note.date.isoformat() if note.date else None,
            "author": note.author,
            "source": note.source,
        }
        upsert(con, notes, values)
        if note_chunks:
            con.execute(
                chunks.insert(),
                [
                    {
                        "team": note.team,
                        "chunk_id": c.chunk_id,
                        "note_id": c.note_id,
                        "deal_id": c.deal_id,
                        "rep": c.rep,
                        "seq": c.seq,
                        "text": c.text,
                    }
                    for c in note_chunks
                ],
            )

    @staticmethod
    def delete_notes(con: Connection, team: str, note_ids: list[str]) -> None:
        for start in range(0, len(note_ids), _BATCH):
            part = note_ids[start : start + _BATCH]
            con.execute(delete(chunks).where(chunks.c.team == team, chunks.c.note_id.in_(part)))
            con.execute(delete(notes).where(notes.c.team == team, notes.c.note_id.in_(part)))

    @staticmethod
    def set_meta(con: Connection, key: str, value: str) -> None:
        upsert(con, meta, {"key": key, "value": value})

    def bump_revision(self, con: Connection, team: str) -> None:
        self.bump_counter(con, f"revision:{team}")

    @staticmethod
    def bump_counter(con: Connection, key: str) -> None:
        """+1 in one statement: two replicas writing at once both count (no read-then-write race)."""
        upsert(con, meta, {"key": key, "value": "1"}, update={"value": cast(cast(meta.c.value, Integer) + 1, Text)})
