"""A rep's progress across reviews: per skill, their gap score at each review date and now; what to keep, one
thing to start and one to stop, each with evidence from their deals.

People first, numbers second: the scores are only the trace of what the notes show, and every item names the
notes. A rep's score for a skill at a date is the mean, over their deals with notes by then, of the deal's gap
score as its notes up to that day read it (`progress.score_on`): a review recorded after the notes were imported
reads the same as one recorded live.
"""

from __future__ import annotations

from datetime import date

from ..context import Context
from ..knowledge import SKILLS, KnowledgeBase
from ..knowledge_index import sync_knowledge
from ..models import Review
from ..schemas import HistoryItem, RepEvidence, RepHistory, ReviewRef, SkillHistory, SkillPoint
from .assess import DealAssessment, Finding, assess_deal
from .progress import score_on, trend
from .rep_plan import describe_signal, rep_deals


def _mean_scores(assessments: list[DealAssessment]) -> dict[str, float]:
    if not assessments:
        return {s: 0.0 for s in SKILLS}
    return {s: round(sum(a.skills[s].score for a in assessments) / len(assessments), 4) for s in SKILLS}


def _evidence(found: list[Finding], deal_of: dict[str, str], limit: int = 3) -> list[RepEvidence]:
    out: dict[str, RepEvidence] = {}
    for f in found:
        out.setdefault(f.note_id, RepEvidence(deal_id=deal_of.get(f.note_id, ""), note_id=f.note_id, quote=f.quote))
    return list(out.values())[:limit]


def _items(
    kb: KnowledgeBase, now: list[DealAssessment], skills: list[SkillHistory], first_review: date | None
) -> tuple[HistoryItem | None, HistoryItem | None, HistoryItem | None]:
    """Keep: the strength the notes show most (in the skill that improved most, when one did). Start: the
    counterpart of the heaviest gap in the skill that stands worst. Stop: the most recurrent other gap."""
    deal_of = {nid: a.model.deal_id for a in now for nid in a.model.note_ids}
    strengths = [f for a in now for sa in a.skills.values() for f in sa.strengths]
    gaps = [f for a in now for sa in a.skills.values() for f in sa.gaps]
    moved = sorted(skills, key=lambda h: h.points[-1].score - h.points[0].score)
    keep = None
    order = [h.skill for h in moved if h.trend == "improved"] + list(SKILLS)
    for skill in order:
        found = [
            f for f in strengths if f.skill == skill and (first_review is None or (f.on or date.min) > first_review)
        ]
        found = found or [f for f in strengths if f.skill == skill]
        if found:
            signal = max({f.signal for f in found}, key=lambda s: (sum(f.signal == s for f in found), s))
            what = f"keep it up: {describe_signal(kb, skill, signal, 'strength')}"
            keep = HistoryItem(
                skill=skill, what=what, evidence=_evidence([f for f in found if f.signal == signal], deal_of)
            )
            break
    worst = max(skills, key=lambda h: (h.points[-1].score, h.skill))
    start = stop = None
    mine = sorted((f for f in gaps if f.skill == worst.skill), key=lambda f: (-f.confidence, f.note_id))
    if worst.points[-1].score > 0 and mine:
        signal = mine[0].signal
        counter = next(
            ((sk, s.id) for sk, pol, s in kb.all_signals() if pol == "strength" and signal in s.resolves), None
        )
        what = (
            f"start on this: {describe_signal(kb, counter[0], counter[1], 'strength')}"
            if counter
            else f"start on this: {describe_signal(kb, worst.skill, signal, 'gap')} (not yet)"
        )
        start = HistoryItem(
            skill=worst.skill, what=what, evidence=_evidence([f for f in mine if f.signal == signal], deal_of)
        )
    recurring: dict[tuple[str, str], set[str]] = {}
    for f in gaps:
        recurring.setdefault((f.skill, f.signal), set()).add(deal_of.get(f.note_id, ""))
    taken = {(start.skill, mine[0].signal)} if start is not None else set()
    ranked = sorted((k for k in recurring if k not in taken), key=lambda k: (-len(recurring[k]), k))
    if ranked:
        skill, signal = ranked[0]
        found = [f for f in gaps if (f.skill, f.signal) == (skill, signal)]
        stop = HistoryItem(
            skill=skill,
            what=f"stop letting this stand: {describe_signal(kb, skill, signal, 'gap')}",
            evidence=_evidence(found, deal_of),
        )
    return keep, start, stop


def stalled_skills(reviews: list[Review], skills: list[SkillHistory]) -> list[str]:
    """Skills the last two reviews both focused on whose score has not improved from the first of them to now."""
    if len(reviews) < 2:
        return []
    a, b = reviews[-2], reviews[-1]
    by_skill = {h.skill: h for h in skills}
    out = []
    for skill in [s for s in b.focus if s in a.focus]:
        points = by_skill[skill].points
        then = next((p.score for p in points if p.review_id == a.review_id), None)
        if then is not None and trend(then, points[-1].score) != "improved":
            out.append(skill)
    return out


def rep_history(ctx: Context, team: str, rep: str, reviews: list[Review]) -> RepHistory:
    """`reviews` are the rep's, oldest first (the caller has applied who may see what)."""
    kb = sync_knowledge(ctx)
    name, deal_ids = rep_deals(ctx, team, rep)
    points: dict[str, list[SkillPoint]] = {s: [] for s in SKILLS}
    for r in reviews:
        then = [x for d in deal_ids if (x := score_on(ctx, kb, team, d, r.held_on)) is not None]
        for s, v in _mean_scores(then).items():
            points[s].append(SkillPoint(on=r.held_on.isoformat(), score=v, review_id=r.review_id))
    now = [assess_deal(ctx, team, d) for d in deal_ids]
    as_of = max((a.model.as_of for a in now if a.model.as_of), default=None)
    for s, v in _mean_scores(now).items():
        points[s].append(SkillPoint(on=as_of.isoformat() if as_of else "now", score=v))
    skills = [
        SkillHistory(skill=s, points=points[s], trend=trend(points[s][0].score, points[s][-1].score))  # type: ignore[arg-type]
        for s in SKILLS
    ]
    keep, start, stop = _items(kb, now, skills, reviews[0].held_on if reviews else None)
    return RepHistory(
        rep=name,
        team=team,
        reviews=[
            ReviewRef(review_id=r.review_id, deal_id=r.deal_id, held_on=r.held_on.isoformat(), focus=list(r.focus))
            for r in reviews
        ],
        skills=skills,
        keep=keep,
        start=start,
        stop=stop,
        stalled=stalled_skills(reviews, skills),
    )
