"""The note catalog: SQLite under COACH_HOME, the source of truth for notes and chunks.

Vectors live in the vector store; everything else (deal facts, stats, BM25 corpus) is read
from here, so a lost vector index can be rebuilt from the catalog.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from ..models import Chunk, Note
from .sqlite import SQLiteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
  team TEXT NOT NULL, note_id TEXT NOT NULL, deal_id TEXT NOT NULL, text TEXT NOT NULL,
  account TEXT, rep TEXT, stage TEXT, amount REAL, close_date TEXT, date TEXT, author TEXT,
  source TEXT NOT NULL DEFAULT '', PRIMARY KEY (team, note_id));
CREATE INDEX IF NOT EXISTS notes_deal ON notes(team, deal_id);
CREATE INDEX IF NOT EXISTS notes_rep ON notes(team, rep);
CREATE TABLE IF NOT EXISTS chunks (
  team TEXT NOT NULL, chunk_id TEXT NOT NULL, note_id TEXT NOT NULL, deal_id TEXT NOT NULL,
  rep TEXT, seq INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (team, chunk_id));
CREATE INDEX IF NOT EXISTS chunks_note ON chunks(team, note_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deal_models (
  team TEXT NOT NULL, deal_id TEXT NOT NULL, key TEXT NOT NULL, model TEXT NOT NULL, PRIMARY KEY (team, deal_id));
"""

_NOTE_COLS = "team, note_id, deal_id, text, account, rep, stage, amount, close_date, date, author, source"


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _row_to_note(row: sqlite3.Row) -> Note:
    return Note(
        team=row["team"],
        note_id=row["note_id"],
        deal_id=row["deal_id"],
        text=row["text"],
        account=row["account"],
        rep=row["rep"],
        stage=row["stage"],
        amount=row["amount"],
        close_date=_d(row["close_date"]),
        date=_d(row["date"]),
        author=row["author"],
        source=row["source"],
    )


class Catalog(SQLiteStore):
    """Thin, typed access to the SQLite catalog. One connection per thread."""

    schema = SCHEMA

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        con = self._con()
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    # -- reads -------------------------------------------------------------
    def notes(self, team: str, deal_id: str | None = None, rep: str | None = None) -> list[Note]:
        sql, args = f"SELECT {_NOTE_COLS} FROM notes WHERE team = ?", [team]
        if deal_id is not None:
            sql, args = sql + " AND deal_id = ?", [*args, deal_id]
        if rep is not None:
            sql, args = sql + " AND rep = ? COLLATE NOCASE", [*args, rep]
        rows = self._con().execute(sql + " ORDER BY date, note_id", args).fetchall()
        return [_row_to_note(r) for r in rows]

    def notes_by_id(self, team: str, note_ids: Iterable[str]) -> dict[str, Note]:
        ids = list(note_ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = (
            self._con()
            .execute(f"SELECT {_NOTE_COLS} FROM notes WHERE team = ? AND note_id IN ({marks})", [team, *ids])
            .fetchall()
        )
        return {r["note_id"]: _row_to_note(r) for r in rows}

    def chunks(self, team: str) -> list[Chunk]:
        rows = (
            self._con()
            .execute(
                "SELECT chunk_id, note_id, deal_id, rep, seq, text FROM chunks WHERE team = ? ORDER BY chunk_id", [team]
            )
            .fetchall()
        )
        return [Chunk(r["chunk_id"], r["note_id"], r["deal_id"], r["rep"], r["seq"], r["text"]) for r in rows]

    def chunk_ids(self, team: str, note_ids: Iterable[str]) -> list[str]:
        ids = list(note_ids)
        out: list[str] = []
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            out += [
                r[0]
                for r in self._con().execute(
                    f"SELECT chunk_id FROM chunks WHERE team = ? AND note_id IN ({marks})", [team, *part]
                )
            ]
        return out

    def stats(self, team: str) -> dict[str, int]:
        row = (
            self._con()
            .execute(
                "SELECT COUNT(*) AS notes, COUNT(DISTINCT deal_id) AS deals, COUNT(DISTINCT rep) AS reps "
                "FROM notes WHERE team = ?",
                [team],
            )
            .fetchone()
        )
        return {"notes": row["notes"], "deals": row["deals"], "reps": row["reps"]}

    def teams(self) -> list[str]:
        return [r[0] for r in self._con().execute("SELECT DISTINCT team FROM notes ORDER BY team")]

    def deal_ids(self, team: str) -> list[str]:
        return [
            r[0]
            for r in self._con().execute("SELECT DISTINCT deal_id FROM notes WHERE team = ? ORDER BY deal_id", [team])
        ]

    def reps(self, team: str) -> list[str]:
        return [
            r[0]
            for r in self._con().execute(
                "SELECT DISTINCT rep FROM notes WHERE team = ? AND rep IS NOT NULL ORDER BY rep", [team]
            )
        ]

    def get_meta(self, key: str) -> str | None:
        row = self._con().execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def revision(self, team: str) -> int:
        return int(self.get_meta(f"revision:{team}") or 0)

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
    def mark_index_clean(con: sqlite3.Connection, team: str, index_format: str) -> None:
        """In the transaction that commits the write (or the repair): the vectors now match the catalog."""
        con.execute("DELETE FROM meta WHERE key = ?", [f"index_dirty:{team}"])
        Catalog.set_meta(con, f"index_format:{team}", index_format)

    def get_deal_model(self, team: str, deal_id: str, key: str) -> str | None:
        """The stored deal model (JSON) when it was computed for this key (revision and digests), else None."""
        row = (
            self._con()
            .execute("SELECT model FROM deal_models WHERE team = ? AND deal_id = ? AND key = ?", [team, deal_id, key])
            .fetchone()
        )
        return None if row is None else str(row[0])

    def put_deal_model(self, team: str, deal_id: str, key: str, model: str) -> None:
        """Store a deal's model for this key; models of older keys (revisions, digests) are dropped with it."""
        with self.transaction() as con:
            con.execute("DELETE FROM deal_models WHERE team = ? AND deal_id = ? AND key != ?", [team, deal_id, key])
            con.execute(
                "INSERT OR REPLACE INTO deal_models (team, deal_id, key, model) VALUES (?, ?, ?, ?)",
                [team, deal_id, key, model],
            )

    @staticmethod
    def delete_deal_models(con: sqlite3.Connection, team: str, deal_ids: Iterable[str]) -> None:
        """Derived data goes with the notes: a forgotten note's quotes must not live on in a stored deal model."""
        for deal_id in sorted(set(deal_ids)):
            con.execute("DELETE FROM deal_models WHERE team = ? AND deal_id = ?", [team, deal_id])

    # -- writes (inside a transaction) ---------------------------------------
    @staticmethod
    def put_note(con: sqlite3.Connection, note: Note, chunks: list[Chunk]) -> None:
        con.execute("DELETE FROM chunks WHERE team = ? AND note_id = ?", [note.team, note.note_id])
        con.execute(
            f"INSERT OR REPLACE INTO notes ({_NOTE_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                note.team,
                note.note_id,
                note.deal_id,
                note.text,
                note.account,
                note.rep,
                note.stage,
                note.amount,
                note.close_date.isoformat() if note.close_date else None,
                note.date.isoformat() if note.date else None,
                note.author,
                note.source,
            ],
        )
        con.executemany(
            "INSERT INTO chunks (team, chunk_id, note_id, deal_id, rep, seq, text) VALUES (?,?,?,?,?,?,?)",
            [(note.team, c.chunk_id, c.note_id, c.deal_id, c.rep, c.seq, c.text) for c in chunks],
        )

    @staticmethod
    def delete_notes(con: sqlite3.Connection, team: str, note_ids: list[str]) -> None:
        for start in range(0, len(note_ids), 500):
            part = note_ids[start : start + 500]
            marks = ",".join("?" * len(part))
            con.execute(f"DELETE FROM chunks WHERE team = ? AND note_id IN ({marks})", [team, *part])
            con.execute(f"DELETE FROM notes WHERE team = ? AND note_id IN ({marks})", [team, *part])

    @staticmethod
    def set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
        con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

    def bump_revision(self, con: sqlite3.Connection, team: str) -> None:
        row = con.execute("SELECT value FROM meta WHERE key = ?", [f"revision:{team}"]).fetchone()
        self.set_meta(con, f"revision:{team}", str(int(row[0]) + 1 if row else 1))
