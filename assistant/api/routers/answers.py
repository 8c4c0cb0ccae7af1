"""The answers the service gave, as each key may see them, and sharing a private one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..access import hidden_from_manager, owns, readable
from ..deps import AuditDep, PrincipalDep, RepDep
from ..errors import not_found
from ..schemas.responses import AnswerList, AnswerOut, Shared
from .common import ERRORS

router = APIRouter(prefix="/v1/answers", tags=["answers"], responses=ERRORS)


@router.get("", response_model=AnswerList)
def list_answers(who: PrincipalDep, audit: AuditDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> AnswerList:
    """A rep: their own answers. A manager: their own, the reps' shared or non-private ones, and a count of the
    private ones (never their content)."""
    team_answers = audit.answers(who.team)
    visible = [AnswerOut(**a) for a in team_answers if readable(who, a)]
    private = sum(1 for a in team_answers if hidden_from_manager(a)) if who.is_manager else 0
    return AnswerList(answers=visible[-limit:], private_count=private)


@router.post("/{answer_id}/share", response_model=Shared)
def share(answer_id: str, who: RepDep, audit: AuditDep) -> Shared:
    """A rep shares one of their own answers with their manager (404 for anyone else's)."""
    answer = audit.answer(answer_id)
    if answer is None or not owns(who, answer):
        raise not_found(f"unknown answer {answer_id!r}")
    audit.share(answer_id)
    return Shared(id=answer_id, shared=True)
