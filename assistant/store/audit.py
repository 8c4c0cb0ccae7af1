"""The audit trail: every answer the service gave (who asked, when, what was answered) and feedback on it.

Kept in SQLite under COACH_HOME, or in PostgreSQL (COACH_DATABASE_URL). A rep's self-coaching answers are
private to that rep unless shared.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import RowMapping, select, update

from .database import SQLStore
from .tables import answers, audit_metadata, feedback


def new_answer_id() -> str:
    return "ans_" + uuid.uuid4().hex[:16]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class AuditLog(SQLStore):
    store = "audit"
    metadata = audit_metadata

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
        row = {
            "id": answer_id,
            "key_id": key_id,
            "team": team,
            "role": role,
            "rep": rep,
            "kind": kind,
            "request": json.dumps(request),
            "response": json.dumps(response),
            "private": int(private),
            "created": now(),
        }
        with self.transaction() as con:
            con.execute(answers.insert().values(**row))
        return answer_id

    def answer(self, answer_id: str) -> dict[str, Any] | None:
        with self.reading() as con:
            row = con.execute(select(answers).where(answers.c.id == answer_id)).mappings().first()
        return None if row is None else self._row(row)

    def answers(self, team: str, key_id: str | None = None) -> list[dict[str, Any]]:
        stmt = select(answers).where(answers.c.team == team)
        if key_id is not None:
            stmt = stmt.where(answers.c.key_id == key_id)
        with self.reading() as con:
            return [self._row(r) for r in con.execute(stmt.order_by(answers.c.created, answers.c.id)).mappings()]

    def share(self, answer_id: str) -> None:
        with self.transaction() as con:
            con.execute(update(answers).where(answers.c.id == answer_id).values(shared=1))

    def add_feedback(self, key_id: str, team: str, answer_id: str | None, rating: int, comment: str) -> str:
        feedback_id = "fb_" + uuid.uuid4().hex[:16]
        row = {
            "id": feedback_id,
            "answer_id": answer_id,
            "key_id": key_id,
            "team": team,
            "rating": rating,
            "comment": comment,
            "created": now(),
        }
        with self.transaction() as con:
            con.execute(feedback.insert().values(**row))
        return feedback_id

    def feedback(self, team: str | None = None, negative_only: bool = False) -> list[dict[str, Any]]:
        stmt = select(feedback)
        if team is not None:
            stmt = stmt.where(feedback.c.team == team)
        if negative_only:
            stmt = stmt.where(feedback.c.rating < 0)
        with self.reading() as con:
            return [dict(r) for r in con.execute(stmt.order_by(feedback.c.created, feedback.c.id)).mappings()]

    @staticmethod
    def _row(row: RowMapping) -> dict[str, Any]:
        data = dict(row)
        data["request"] = json.loads(data["request"])
        data["response"] = json.loads(data["response"])
        data["private"], data["shared"] = bool(data["private"]), bool(data["shared"])
        return data
