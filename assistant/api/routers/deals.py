"""A team's deals: the list, one deal's model, its notes, and its deal-review prep pack."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ...engines import get_engine
from ...schemas import PrepPack
from ...understand.model import DealModel
from ...understand.service import deal_model, deal_models
from ..access import deal_notes, same_person
from ..deps import ServicesDep, TeamMemberDep
from ..schemas.responses import DealSummary, NoteOut
from .common import ANSWER_HEADER, CACHE_HEADER, ERRORS, wants_fresh

router = APIRouter(prefix="/v1/teams/{team}/deals", tags=["deals"], responses=ERRORS)
EngineQuery = Annotated[str | None, Query(max_length=100, description="Engine id; default: the configured one.")]


@router.get("", response_model=list[DealSummary])
def list_deals(who: TeamMemberDep, services: ServicesDep) -> list[DealSummary]:
    """Every deal of the team (a rep key: only that rep's), read from the stored deal models."""
    return [
        DealSummary(
            deal_id=m.deal_id,
            account=m.account,
            rep=m.rep,
            stage=m.stage,
            notes=len(m.note_ids),
            last_date=m.last_contact,
        )
        for m in deal_models(services.ctx, who.team)
        if who.is_manager or same_person(m.rep, who.rep)
    ]


@router.get("/{deal_id}", response_model=DealModel)
def get_deal(deal_id: str, who: TeamMemberDep, services: ServicesDep) -> DealModel:
    """The deal model (the same JSON as `coach deal --json`): people and access, MEDDPICC, risks, history."""
    deal_notes(services.ctx, who, deal_id)
    return deal_model(services.ctx, who.team, deal_id)


@router.get("/{deal_id}/notes", response_model=list[NoteOut])
def list_notes(deal_id: str, who: TeamMemberDep, services: ServicesDep) -> list[NoteOut]:
    """The deal's notes, so a client can show the notes a question cites."""
    return [
        NoteOut(note_id=n.note_id, deal_id=n.deal_id, date=n.date, author=n.author, stage=n.stage, text=n.text)
        for n in deal_notes(services.ctx, who, deal_id)
    ]


@router.get("/{deal_id}/prep", response_model=PrepPack)
def prep(
    deal_id: str,
    who: TeamMemberDep,
    services: ServicesDep,
    request: Request,
    response: Response,
    engine: EngineQuery = None,
) -> PrepPack:
    """Deal-review prep pack (the same JSON as `coach prep --json`); its answer id is in X-Coach-Answer-Id."""
    engine_id = engine or services.settings.engine
    coach = get_engine(engine_id)
    deal_notes(services.ctx, who, deal_id)

    def compute() -> tuple[PrepPack, dict[str, Any]]:
        pack = coach.prep(services.ctx, who.team, deal_id)
        services.count_fallback(engine_id, pack.engine)
        return pack, pack.model_dump(mode="json")

    (pack, dumped), hit = services.coach(engine_id, coach, "prep", who.team, deal_id, compute, wants_fresh(request))
    asked = {"deal_id": deal_id, "engine": engine_id}
    response.headers[ANSWER_HEADER] = services.record(who, "prep", asked, dumped)
    response.headers[CACHE_HEADER] = "hit" if hit else "miss"
    return pack
