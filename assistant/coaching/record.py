"""Recording a deal review and the rep's commitments (CLI and API alike): checked first, stored all or nothing.

Every commitment passes the guard before anything is written: a manager's own task ("I'll call the CFO") or
their order to the rep ("you need to get the CFO by Friday") is refused with the reason, and the review is
not stored in part. A due date comes from `due`, else from the commitment's own words ("by the 14th"),
resolved against the review's day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..context import Context
from ..errors import NotFoundError, UserError
from ..guard.commitments import commitment_problem
from ..knowledge import SKILLS
from ..models import Commitment, Review
from ..store.reviews import new_id
from ..understand.commitments import read_pledge
from ..understand.service import deal_model


@dataclass(frozen=True)
class Pledged:
    text: str
    due: date | None = None


def _skills(focus: list[str]) -> tuple[str, ...]:
    out = []
    for skill in focus:
        s = skill.strip().lower().replace("-", "_").replace(" ", "_")
        if s not in SKILLS:
            raise UserError(f"unknown skill {skill!r} for --focus (skills: {', '.join(SKILLS)})")
        out.append(s)
    if len(set(out)) > 2:
        raise UserError("a review focuses on one or two skills, not more: fix one or two at a time")
    return tuple(dict.fromkeys(out))


def _commitment(
    team: str, deal_id: str, rep: str | None, item: Pledged, made_on: date, by_manager: bool, **extra: object
) -> Commitment:
    pledge = read_pledge(item.text, made_on)
    problem = commitment_problem(item.text, pledge.doer, pledge.doer_name, by_manager, rep)
    if problem is not None:
        raise UserError(problem)
    due = item.due or pledge.due
    if due is not None and due < made_on:
        raise UserError(f"the due date {due} of {item.text.strip()!r} is before {made_on}, the day it was made")
    return Commitment(
        commitment_id=new_id("com"),
        team=team,
        deal_id=deal_id,
        rep=rep,
        text=item.text.strip(),
        made_on=made_on,
        due=due,
        **extra,  # type: ignore[arg-type]
    )


def record_review(
    ctx: Context,
    team: str,
    deal_id: str,
    pledges: list[Pledged],
    focus: list[str] | None = None,
    note: str = "",
    held_on: date | None = None,
    recorded_by: str = "cli",
) -> Review:
    """Check everything, then store the review and its commitments in one transaction."""
    model = deal_model(ctx, team, deal_id)  # unknown team or deal: the usual not-found error, nothing stored
    held_on = held_on or date.today()
    if len(note) > 2000:
        raise UserError("the review note is at most 2000 characters")
    review_id = new_id("rev")
    commitments = tuple(
        _commitment(team, deal_id, model.rep, p, held_on, True, source="review", review_id=review_id) for p in pledges
    )
    review = Review(
        review_id=review_id,
        team=team,
        deal_id=deal_id,
        rep=model.rep,
        held_on=held_on,
        focus=_skills(focus or []),
        note=note.strip(),
        recorded_by=recorded_by,
        commitments=commitments,
    )
    return ctx.reviews.add_review(review)


def save_self_commitment(
    ctx: Context, team: str, rep: str, deal_id: str, text: str, made_on: date | None = None, shared: bool = False
) -> Commitment:
    """A commitment the rep saved from self-coaching: private to the rep unless shared."""
    model = deal_model(ctx, team, deal_id)
    if (model.rep or "").lower() != rep.lower():
        raise NotFoundError(f"unknown deal {deal_id!r} for rep {rep!r}")
    item = _commitment(
        team,
        deal_id,
        model.rep,
        Pledged(text),
        made_on or date.today(),
        False,
        source="self",
        private=True,
        shared=shared,
    )
    return ctx.reviews.add_commitment(item)
