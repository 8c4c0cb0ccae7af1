"""The audit trail: every answer the service gave (who asked, when, what was answered) and feedback on it.

Kept in SQLite under COACH_HOME. A rep's self-coaching answers are private to that rep unless shared.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime
from typing import Any

from .sqlite import SQLiteStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
  id TEXT PRIMARY KEY, key_id TEXT NOT NULL, team TEXT NOT NULL, role TEXT NOT NULL, rep TEXT,
  kind TEXT NOT NULL, request TEXT NOT NULL, response TEXT NOT NULL, private INTEGER NOT NULL DEFAULT 0,
  shared INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS answers_team ON answers(team, created);
CREATE TABLE IF NOT EXISTS feedback (
  id TEXT PRIMARY KEY, answer_id TEXT, key_id TEXT NOT NULL, team TEXT NOT NULL, rating INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '', created TEXT NOT NULL);
"""


def new_answer_id() -> str:
    return "ans_" + uuid.uuid4().hex[:16]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class AuditLog(SQLiteStore):
    schema = SCHEMA

    def record(
        self,
        key_id: str,
        team: str,
        role: str,
        rep: str | None,
        kind: str,
        request: Any,
        response: Any,
        private: bool,
        answer_id: str | None = None,
    ) -> str:
        """Store one answer; `answer_id` when the client got it before the answer was complete (a stream)."""
        answer_id = answer_id or new_answer_id()
        self._con().execute(
            "INSERT INTO answers (id, key_id, team, role, rep, kind, request, response, private, created) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [answer_id, key_id, team, role, rep, kind, json.dumps(request), json.dumps(response), int(private), now()],
        )
        return answer_id

    def answer(self, answer_id: str) -> dict[str, Any] | None:
        row = self._con().execute("SELECT * FROM answers WHERE id = ?", [answer_id]).fetchone()
        return None if row is None else self._row(row)

    def answers(self, team: str, key_id: str | None = None) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM answers WHERE team = ?", [team]
        if key_id is not None:
            sql, args = sql + " AND key_id = ?", [*args, key_id]
        return [self._row(r) for r in self._con().execute(sql + " ORDER BY created, id", args)]

    def share(self, answer_id: str) -> None:
        self._con().execute("UPDATE answers SET shared = 1 WHERE id = ?", [answer_id])

    def add_feedback(self, key_id: str, team: str, answer_id: str | None, rating: int, comment: str) -> str:
        feedback_id = "fb_" + uuid.uuid4().hex[:16]
        self._con().execute(
            "INSERT INTO feedback (id, answer_id, key_id, team, rating, comment, created) VALUES (?,?,?,?,?,?,?)",
            [feedback_id, answer_id, key_id, team, rating, comment, now()],
        )
        return feedback_id

    def feedback(self, team: str | None = None, negative_only: bool = False) -> list[dict[str, Any]]:
        sql, args = "SELECT * FROM feedback WHERE 1 = 1", []
        if team is not None:
            sql, args = sql + " AND team = ?", [team]
        if negative_only:
            sql += " AND rating < 0"
        return [dict(r) for r in self._con().execute(sql + " ORDER BY created, id", args)]

    @staticmethod
    def _row(row: sqlite3.Row) -> dict[str, Any]:
        data = dict(row)
        data["request"] = json.loads(data["request"])
        data["response"] = json.loads(data["response"])
        data["private"], data["shared"] = bool(data["private"]), bool(data["shared"])
        return data
