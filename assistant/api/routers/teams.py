"""A team as a whole: the manager's overview (at-risk deals, reps x skills, the common gap, deals due a review)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...coaching.team_view import team_overview
from ..deps import ServicesDep, TeamMemberDep
from ..schemas.team import TeamOverviewOut
from .common import ERRORS

router = APIRouter(prefix="/v1/teams/{team}", tags=["teams"], responses=ERRORS)


@router.get("/overview", response_model=TeamOverviewOut)
def overview(
    who: TeamMemberDep,
    services: ServicesDep,
    days: Annotated[int, Query(ge=1, le=365, description="Deals not prepared in this many days are listed.")] = 14,
) -> TeamOverviewOut:
    """The same JSON as `coach team --json`. A manager key sees the whole team; a rep key sees only that rep's own
    row and deals (the common gap is then the rep's own)."""
    rep = None if who.is_manager else who.rep
    return TeamOverviewOut.of(team_overview(services.ctx, who.team, rep=rep, stale_days=days))
