"""Has the skill the last review focused on moved since? Its gap score then (the deal as its notes up to the
review day read it) against now, with the evidence of the change.

Fix one or two skills at a time, and stay with them until they move: a focus skill that improved is said to have
improved, with the notes that show it; one that did not stays in view in the next prep pack.
"""

from __future__ import annotations

from datetime import date

from ..context import Context
from ..knowledge import KnowledgeBase
from ..models import Review
from ..schemas import Evidence, SkillProgress
from ..understand.service import deal_model_as_of
from .assess import DealAssessment, assess

IMPROVED = 0.8  # the score fell by at least a fifth
WORSE = 1.2


def trend(then: float, now: float) -> str:
    """improved, not_improved or worse: one reading of a skill's gap score moving, for packs and histories."""
    if now <= then * IMPROVED - 1e-9 or (then > 0 and now == 0):
        return "improved"
    if now >= max(then * WORSE, then + 0.3):
        return "worse"
    return "not_improved"


def score_on(ctx: Context, kb: KnowledgeBase, team: str, deal_id: str, on: date) -> DealAssessment | None:
    """The deal assessed from its notes written on or before `on`; None when none was written by then."""
    model = deal_model_as_of(ctx, team, deal_id, on)
    return None if model is None else assess(kb, model)


def _evidence(now: DealAssessment, skill: str, since: date, status: str) -> list[Evidence]:
    """Improved: what the notes since the review show (strengths, then anything of the skill's). Not improved:
    the gaps that still stand."""
    sa = now.skills[skill]
    if status == "improved":
        found = [f for f in sa.strengths if f.on is not None and f.on > since]
        found += [
            h for h in now.model.signals if h.skill == skill and h.polarity == "strength" and h.on and h.on > since
        ]
    else:
        found = now.evidence(skill)
    seen: dict[str, Evidence] = {}
    for f in found:
        seen.setdefault(f.note_id, Evidence(note_id=f.note_id, quote=f.quote))
    return list(seen.values())[:3]


def review_progress(ctx: Context, kb: KnowledgeBase, now: DealAssessment, reviews: list[Review]) -> list[SkillProgress]:
    """Each focus skill of the deal's last review that named one: then, now, and the evidence."""
    last = next((r for r in reversed(reviews) if r.focus), None)
    if last is None:
        return []
    then = score_on(ctx, kb, now.model.team, now.model.deal_id, last.held_on)
    out = []
    for skill in last.focus:
        before = then.skills[skill].score if then is not None else 0.0
        after = now.skills[skill].score
        status = trend(before, after)
        out.append(
            SkillProgress(
                skill=skill,
                review_id=last.review_id,
                reviewed_on=last.held_on.isoformat(),
                score_then=before,
                score_now=after,
                status=status,  # type: ignore[arg-type]
                evidence=_evidence(now, skill, last.held_on, status),
            )
        )
    return out


def keep_in_view(assessment: DealAssessment, progress: list[SkillProgress]) -> None:
    """A reviewed skill that has not moved and still shows a gap stays a focus area (second, at most two)."""
    for p in progress:
        if p.status == "improved" or p.skill in assessment.focus or not assessment.skills[p.skill].gaps:
            continue
        assessment.focus = [assessment.focus[0], p.skill]
