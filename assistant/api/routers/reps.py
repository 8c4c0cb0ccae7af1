"""A rep's development plan across all their deals."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ...engines import get_engine
from ...schemas import RepPlan
from ..access import check_rep
from ..deps import ServicesDep, TeamMemberDep
from .common import ANSWER_HEADER, CACHE_HEADER, ERRORS, wants_fresh

router = APIRouter(prefix="/v1/teams/{team}/reps", tags=["reps"], responses=ERRORS)


@router.get("/{rep}/plan", response_model=RepPlan)
def plan(
    rep: str,
    who: TeamMemberDep,
    services: ServicesDep,
    request: Request,
    response: Response,
    engine: Annotated[str | None, Query(max_length=100)] = None,
) -> RepPlan:
    """The same JSON as `coach rep --json`. A rep key may ask for its own plan only."""
    engine_id = engine or services.settings.engine
    coach = get_engine(engine_id)
    check_rep(who, rep)

    def compute() -> tuple[RepPlan, dict[str, Any]]:
        plan = coach.rep_plan(services.ctx, who.team, rep)
        services.count_fallback(engine_id, plan.engine)
        return plan, plan.model_dump(mode="json")

    subject = rep.strip().lower()
    (result, dumped), hit = services.coach(
        engine_id, coach, "rep_plan", who.team, subject, compute, wants_fresh(request)
    )
    asked = {"rep": result.rep, "engine": engine_id}
    response.headers[ANSWER_HEADER] = services.record(who, "rep_plan", asked, dumped)
    response.headers[CACHE_HEADER] = "hit" if hit else "miss"
    return result
