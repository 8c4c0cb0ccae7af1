"""Thumbs up or down on an answer, stored for the evals (`assistant.evals.feedback` drafts cases from it)."""

from __future__ import annotations

from fastapi import APIRouter

from ..access import hidden_from_manager, readable
from ..deps import AuditDep, PrincipalDep, TeamManagerDep
from ..errors import not_found
from ..schemas.requests import FeedbackRequest
from ..schemas.responses import FeedbackCreated, FeedbackOut
from .common import ERRORS

router = APIRouter(tags=["feedback"], responses=ERRORS)


@router.post("/v1/feedback", response_model=FeedbackCreated, status_code=201)
def add_feedback(body: FeedbackRequest, who: PrincipalDep, audit: AuditDep) -> FeedbackCreated:
    """Any key may rate an answer it can read (404 for any other id, so ids of private answers stay hidden)."""
    if body.answer_id is not None:
        answer = audit.answer(body.answer_id)
        if answer is None or not readable(who, answer):
            raise not_found(f"unknown answer {body.answer_id!r}")
    feedback_id = audit.add_feedback(who.key_id, who.team, body.answer_id, body.rating, body.comment)
    return FeedbackCreated(id=feedback_id, answer_id=body.answer_id)


@router.get("/v1/teams/{team}/feedback/export", response_model=list[FeedbackOut])
def export_feedback(who: TeamManagerDep, audit: AuditDep) -> list[FeedbackOut]:
    """The team's feedback. Feedback on a rep's private (unshared) answer is left out entirely: its rating, comment
    and id would tell the manager that the answer exists and what the rep thought of it."""
    answers = {a["id"]: a for a in audit.answers(who.team)}
    out = []
    for fb in audit.feedback(team=who.team):
        answer = answers.get(fb["answer_id"] or "")
        if answer is not None and hidden_from_manager(answer):
            continue
        out.append(FeedbackOut(**fb))
    return out
