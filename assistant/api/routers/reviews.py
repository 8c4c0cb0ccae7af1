"""Deal reviews and the rep's commitments: recorded by a manager, followed up in the next prep pack.

A manager records reviews and sees every review of the team, plus the commitments reps shared. A rep sees the
reviews of their own deals and all of their own commitments; one they saved from self-coaching stays private
until they share it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...coaching.history import rep_history
from ...coaching.record import Pledged, record_review, save_self_commitment
from ...coaching.rep_plan import rep_deals
from ...schemas import RepHistory
from ..access import check_rep, deal_notes, same_person
from ..deps import RepDep, ServicesDep, TeamManagerDep, TeamMemberDep
from ..errors import forbidden, not_found
from ..schemas.requests import ReviewRequest, SelfCommitmentRequest
from ..schemas.responses import CommitmentOut, ReviewOut
from .common import ERRORS

router = APIRouter(tags=["reviews"], responses=ERRORS)
TEAM = "/v1/teams/{team}"


@router.post(TEAM + "/deals/{deal_id}/reviews", response_model=ReviewOut, status_code=201)
def add_review(deal_id: str, body: ReviewRequest, who: TeamManagerDep, services: ServicesDep) -> ReviewOut:
    """Record a review (manager key): each commitment in the rep's words; a manager's own task or an order to the
    rep is refused (400) and nothing is stored."""
    deal_notes(services.ctx, who, deal_id)
    pledges = [Pledged(c.text, c.due) for c in body.commitments]
    review = record_review(services.ctx, who.team, deal_id, pledges, body.focus, body.note, body.held_on, who.key_id)
    return ReviewOut.model_validate(review)


@router.get(TEAM + "/deals/{deal_id}/reviews", response_model=list[ReviewOut])
def deal_reviews(deal_id: str, who: TeamMemberDep, services: ServicesDep) -> list[ReviewOut]:
    """The deal's reviews, oldest first (a rep key: only for the rep's own deals)."""
    deal_notes(services.ctx, who, deal_id)
    return [ReviewOut.model_validate(r) for r in services.ctx.reviews.reviews(who.team, deal_id=deal_id)]


@router.get(TEAM + "/reviews", response_model=list[ReviewOut])
def team_reviews(
    who: TeamMemberDep,
    services: ServicesDep,
    deal_id: Annotated[str | None, Query(max_length=64)] = None,
    rep: Annotated[str | None, Query(max_length=200)] = None,
) -> list[ReviewOut]:
    """The team's reviews (a rep key: the rep's own), optionally of one deal or one rep."""
    if not who.is_manager:
        if rep is not None and not same_person(rep, who.rep):
            raise forbidden("a rep key sees only that rep's own reviews")
        rep = who.rep
    found = services.ctx.reviews.reviews(who.team, deal_id=deal_id, rep=rep)
    return [ReviewOut.model_validate(r) for r in found]


@router.get(TEAM + "/commitments", response_model=list[CommitmentOut])
def team_commitments(who: TeamMemberDep, services: ServicesDep) -> list[CommitmentOut]:
    """A manager: every review commitment and the ones reps shared. A rep: all of their own."""
    found = services.ctx.reviews.commitments(who.team)
    if who.is_manager:
        return [CommitmentOut.model_validate(c) for c in found if c.visible_to_manager]
    return [CommitmentOut.model_validate(c) for c in found if same_person(c.rep, who.rep)]


@router.get(TEAM + "/reps/{rep}/history", response_model=RepHistory)
def history(rep: str, who: TeamMemberDep, services: ServicesDep) -> RepHistory:
    """The same JSON as `coach rep REP --history --json` (a rep key: its own only)."""
    check_rep(who, rep)
    name, _ = rep_deals(services.ctx, who.team, rep)
    return rep_history(services.ctx, who.team, name, services.ctx.reviews.reviews(who.team, rep=name))


@router.post("/v1/self/commitments", response_model=CommitmentOut, status_code=201)
def save_commitment(body: SelfCommitmentRequest, who: RepDep, services: ServicesDep) -> CommitmentOut:
    """A rep saves their own commitment (private unless shared)."""
    assert who.rep is not None
    deal_notes(services.ctx, who, body.deal_id)
    return CommitmentOut.model_validate(
        save_self_commitment(services.ctx, who.team, who.rep, body.deal_id, body.text, shared=body.shared)
    )


@router.post("/v1/self/commitments/{commitment_id}/share", response_model=CommitmentOut)
def share_commitment(commitment_id: str, who: RepDep, services: ServicesDep) -> CommitmentOut:
    """Let the manager see one of the rep's own saved commitments."""
    found = services.ctx.reviews.commitment(who.team, commitment_id)
    if found is None or not same_person(found.rep, who.rep):
        raise not_found(f"unknown commitment {commitment_id!r}")
    services.ctx.reviews.share(who.team, commitment_id)
    shared = services.ctx.reviews.commitment(who.team, commitment_id)
    assert shared is not None
    return CommitmentOut.model_validate(shared)
