"""Run one case through the same functions the CLI and the API use, and keep what the coach produced."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ..context import Context
from ..conversation.turns import manager_turn, rep_turn
from ..engines import Engine
from ..errors import CoachError, NotFoundError, UserError
from ..store.recall import top_notes
from .cases import Case

_recording = threading.Lock()


@dataclass
class Outcome:
    case_id: str
    kind: str
    output: dict[str, Any] | None = None  # the prep-pack / rep-plan / self-reply shape
    turns: list[dict[str, Any]] = field(default_factory=list)  # multi-turn: one output per turn
    retrieved: list[str] = field(default_factory=list)
    error: str | None = None
    error_type: str | None = None  # not_found | user | backend
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "kind": self.kind,
            "output": self.output,
            "turns": self.turns,
            "retrieved": self.retrieved,
            "error": self.error,
            "error_type": self.error_type,
            "seconds": round(self.seconds, 4),
        }


def record_once(ctx: Context, case: Case) -> None:
    """The case's reviews, recorded in the eval world once (a repeat or a second engine finds them there)."""
    from ..coaching.record import Pledged, record_review

    marker = f"eval case {case.id}"
    deal_id = _need(case.input.deal_id, "deal_id")
    with _recording:
        if any(r.note == marker for r in ctx.reviews.reviews(case.team, deal_id)):
            return
        for review in case.input.reviews:
            pledges = [Pledged(c.text, c.due) for c in review.commitments]
            record_review(ctx, case.team, deal_id, pledges, list(review.focus), marker, review.held_on, "eval")


def execute(ctx: Context, engine: Engine, case: Case) -> Outcome:
    started = time.perf_counter()
    outcome = Outcome(case.id, case.kind)
    inp = case.input
    try:
        if case.kind == "follow_up":
            deal_id = _need(inp.deal_id, "deal_id")
            record_once(ctx, case)
            outcome.output = engine.prep(ctx, case.team, deal_id).model_dump(mode="json")
        elif case.kind == "prep":
            outcome.output = engine.prep(ctx, case.team, _need(inp.deal_id, "deal_id")).model_dump(mode="json")
        elif case.kind == "rep_plan":
            outcome.output = engine.rep_plan(ctx, case.team, _need(inp.rep, "rep")).model_dump(mode="json")
        elif case.kind == "self":
            reply = engine.self_coach(ctx, case.team, _need(inp.rep, "rep"), _need(inp.message, "message"), inp.deal_id)
            outcome.output = reply.model_dump(mode="json")
        elif case.kind == "multi_turn":
            history: list[str] = []
            for message in inp.messages:
                history.append(message)
                answer = rep_turn(ctx, case.team, _need(inp.rep, "rep"), history, inp.deal_id, engine=engine)
                outcome.turns.append({"text": answer.text, **answer.payload})
            outcome.output = outcome.turns[-1] if outcome.turns else None
        elif case.kind == "manager_chat":
            texts = ([f"Let's look at {inp.deal_id}."] if inp.deal_id else []) + [_need(inp.message, "message")]
            answer = manager_turn(ctx, case.team, texts, engine=engine)
            outcome.output = {"text": answer.text, **answer.payload}
        elif case.kind == "retrieval":
            outcome.retrieved = top_notes(ctx.retriever, case.team, _need(inp.query, "query"), 5, inp.deal_id)
    except NotFoundError as exc:
        outcome.error, outcome.error_type = str(exc), "not_found"
    except UserError as exc:
        outcome.error, outcome.error_type = str(exc), "user"
    except CoachError as exc:
        outcome.error, outcome.error_type = str(exc), "backend"
    outcome.seconds = time.perf_counter() - started
    return outcome


def _need(value: str | None, name: str) -> str:
    if value is None:
        raise UserError(f"case input is missing {name!r}")
    return value
