"""Self-coaching for reps: questions back, never their work done for them. Private to the rep by default."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ...coaching.record import save_self_commitment
from ...engines import get_engine
from ...errors import UserError
from ...schemas import SelfReply
from ..access import deal_notes
from ..deps import RepDep, ServicesDep
from ..schemas.requests import SelfRequest
from .common import ANSWER_HEADER, ERRORS

router = APIRouter(prefix="/v1", tags=["self-coaching"], responses=ERRORS)


@router.post("/self", response_model=SelfReply)
def self_coach(body: SelfRequest, who: RepDep, services: ServicesDep, response: Response) -> SelfReply:
    """The team and the rep come from the key. A deal, if given, must be one of the rep's own."""
    assert who.rep is not None  # rep keys always name their rep
    if body.deal_id is not None:
        deal_notes(services.ctx, who, body.deal_id)
    engine_id = services.settings.engine
    reply = get_engine(engine_id).self_coach(services.ctx, who.team, who.rep, body.message, body.deal_id)
    services.count_fallback(engine_id, reply.engine)
    if body.save_commitment:
        if reply.commitment_offer is None or reply.deal_id is None:
            raise UserError('nothing to save: end the message with what you will do ("I\'ll ask Pete for 30 minutes")')
        saved = save_self_commitment(services.ctx, who.team, who.rep, reply.deal_id, reply.commitment_offer)
        reply = reply.model_copy(update={"saved_commitment": saved.commitment_id})
    request = {"message": body.message, "deal_id": body.deal_id, "rep": who.rep}
    response.headers[ANSWER_HEADER] = services.record(who, "self", request, reply.model_dump(mode="json"))
    return reply
