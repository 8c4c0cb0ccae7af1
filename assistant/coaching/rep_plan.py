"""The rep's development plan: recurring gaps across all their deals, 1-2 skills to build, strengths, questions.

Coach the person, not just this deal: a signal that recurs across deals ("economic buyer never met in
4 of 5 deals") outranks a bigger gap seen once, and the skill the rep's own deal reviews would coach more often
than the rest of the team's counts beside it.
"""

from __future__ import annotations

from collections import defaultdict

from ..context import Context
from ..errors import NotFoundError, unknown_team
from ..knowledge import QUESTION_TYPES, KnowledgeBase
from ..knowledge_index import sync_knowledge
from ..schemas import PrincipleRef, RepEvidence, RepFocusArea, RepPlan, RepQuestion, Strength
from ..search import related_principles
from .assess import DealAssessment, Finding, assess_deal
from .questions import build_questions
from .team import team_profile

SINGLE_DEAL_DISCOUNT = 0.5
# How much the deals' own focus counts beside the recurring gaps: the skill this rep's prep packs would coach
# more often than the rest of the team's is the person's to build (a recurring gap score of 1 is the strongest).
FOCUS_WEIGHT = 2.0


def rep_deals(ctx: Context, team: str, rep: str) -> tuple[str, list[str]]:
    """The rep's canonical name and deal ids (case-insensitive match on the rep field)."""
    profile = team_profile(ctx, team)
    if not profile.notes_by_deal:
        raise unknown_team(team)
    deals = sorted(
        d for d, notes in profile.notes_by_deal.items() if any((n.rep or "").lower() == rep.lower() for n in notes)
    )
    if not deals:
        raise NotFoundError(f"unknown rep {rep!r} in team {team!r}")
    name = next(n.rep for n in profile.notes_by_deal[deals[0]] if n.rep and n.rep.lower() == rep.lower())
    return name or rep, deals


def _recurring(assessments: list[DealAssessment], polarity: str) -> dict[tuple[str, str], list[Finding]]:
    """(skill, signal) -> best finding per deal showing it."""
    out: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for a in assessments:
        best: dict[tuple[str, str], Finding] = {}
        for sa in a.skills.values():
            for f in sa.gaps if polarity == "gap" else sa.strengths:
                key = (f.skill, f.signal)
                if key not in best or f.confidence > best[key].confidence:
                    best[key] = f
        for key, f in best.items():
            out[key].append(f)
    return out


def _others(ctx: Context, team: str, mine: list[str]) -> list[DealAssessment]:
    return [assess_deal(ctx, team, d) for d in sorted(team_profile(ctx, team).notes_by_deal) if d not in set(mine)]


def _team_rates(others: list[DealAssessment]) -> dict[tuple[str, str], float]:
    """How often each gap shows in the rest of the team's deals: a gap every rep has is the team's, not this rep's."""
    if not others:
        return {}
    found = _recurring(others, "gap")
    return {key: len(items) / len(others) for key, items in found.items()}


def _focus_share(assessments: list[DealAssessment]) -> dict[str, float]:
    """Per skill, the share of these deals whose prep would coach it (first focus 1, second 0.5)."""
    out: dict[str, float] = defaultdict(float)
    for a in assessments:
        for i, skill in enumerate(a.focus):
            out[skill] += (1.0 if i == 0 else 0.5) / max(1, len(assessments))
    return out


def _skill_scores(
    kb: KnowledgeBase, gaps: dict[tuple[str, str], list[Finding]], total: int, team_rate: dict[tuple[str, str], float]
) -> dict[str, float]:
    """Per skill: its most recurrent gap, by how much more often it shows in this rep's deals than in the rest of
    the team's (weighted by the signal's weight; seen in one deal only counts half), plus a little for the rest."""
    weights = {(s.id, g.id): g.weight for s in kb.skills for g in s.gap_signals}
    per_skill: dict[str, list[float]] = defaultdict(list)
    for (skill, signal), found in gaps.items():
        factor = 1.0 if len(found) >= 2 else SINGLE_DEAL_DISCOUNT
        lift = max(0.05, len(found) / total - team_rate.get((skill, signal), 0.0))
        per_skill[skill].append(weights.get((skill, signal), 1.0) * len(found) * factor * lift)
    return {skill: max(v) + 0.2 * (sum(v) - max(v)) for skill, v in per_skill.items()}


def _deal_of(assessments: list[DealAssessment], note_id: str) -> str:
    return next(a.model.deal_id for a in assessments if note_id in a.model.note_ids)


def describe_signal(kb: KnowledgeBase, skill: str, signal: str, polarity: str) -> str:
    """The signal's description as a clause ("the economic buyer is unknown, or ..."), for plans and histories."""
    signals = kb.skill(skill).gap_signals if polarity == "gap" else kb.skill(skill).strength_signals
    text = next((s.description for s in signals if s.id == signal), signal).rstrip(".")
    return text[0].lower() + text[1:]


def rep_plan(ctx: Context, team: str, rep: str, engine: str = "default") -> RepPlan:
    kb = sync_knowledge(ctx)
    name, deal_ids = rep_deals(ctx, team, rep)
    assessments = [assess_deal(ctx, team, d) for d in deal_ids]
    total = len(assessments)
    gaps = _recurring(assessments, "gap")
    others = _others(ctx, team, deal_ids)
    skill_score = _skill_scores(kb, gaps, total, _team_rates(others))
    if skill_score:
        top = max(skill_score.values()) or 1.0
        mine, theirs = _focus_share(assessments), _focus_share(others)
        skill_score = {
            s: v / top + FOCUS_WEIGHT * max(0.0, mine.get(s, 0.0) - theirs.get(s, 0.0)) for s, v in skill_score.items()
        }
    ranked = sorted(skill_score, key=lambda s: (-skill_score[s], s))
    focus = ranked[:1]
    if len(ranked) > 1 and skill_score[ranked[1]] >= 0.6 * skill_score[ranked[0]]:
        focus.append(ranked[1])
    if not focus:
        focus = [max(assessments[0].skills.values(), key=lambda s: s.score).skill]
    focus_areas = []
    for skill in focus:
        signals = sorted(((sig, f) for (sk, sig), f in gaps.items() if sk == skill), key=lambda x: -len(x[1]))
        why = "; ".join(
            f"{describe_signal(kb, skill, sig, 'gap')}: in {len(f)} of {total} deals "
            f"({', '.join(sorted(_deal_of(assessments, x.note_id) for x in f))})"
            for sig, f in signals[:3]
        )
        evidence: list[RepEvidence] = []
        seen_deals: set[str] = set()
        for _, found in signals:
            for f in sorted(found, key=lambda f: (-f.confidence, f.note_id)):
                deal = _deal_of(assessments, f.note_id)
                if deal not in seen_deals and len(evidence) < 4:
                    seen_deals.add(deal)
                    evidence.append(RepEvidence(deal_id=deal, note_id=f.note_id, quote=f.quote))
        focus_areas.append(
            RepFocusArea(
                skill=skill,
                why=f"{kb.skill(skill).title}: {why}.",
                evidence=evidence,
            )
        )
    strengths: list[Strength] = []
    for (skill, signal), found in sorted(_recurring(assessments, "strength").items(), key=lambda kv: -len(kv[1])):
        if skill in focus or len(found) < 2 or any(s.skill == skill for s in strengths):
            continue
        strengths.append(
            Strength(
                skill=skill,
                why=f"{kb.skill(skill).title}: {describe_signal(kb, skill, signal, 'strength')} "
                f"in {len(found)} of {total} deals.",
                evidence=[
                    RepEvidence(deal_id=_deal_of(assessments, f.note_id), note_id=f.note_id, quote=f.quote)
                    for f in found[:2]
                ],
            )
        )
        if len(strengths) == 3:
            break
    questions = _questions(kb, assessments, focus, gaps)
    principles = related_principles(ctx, " ".join(kb.skill(s).summary for s in focus), k=6)
    return RepPlan(
        rep=name,
        team=team,
        engine=engine,
        deals=deal_ids,
        focus_areas=focus_areas,
        strengths=strengths,
        questions=questions,
        principles=[PrincipleRef(id=p.id, title=p.title) for p in principles if set(p.skills) & set(focus)][:3],
    )


def _questions(
    kb: KnowledgeBase, assessments: list[DealAssessment], focus: list[str], gaps: dict[tuple[str, str], list[Finding]]
) -> list[RepQuestion]:
    """One question per Socratic type, each grounded in a different deal that shows the pattern."""
    showing = [a for a in assessments if any(a.skills[s].gaps for s in focus)] or assessments
    # open deals first: a question about a live deal is one the rep can still act on
    showing.sort(key=lambda a: (a.model.is_closed, a.model.deal_id))
    out: list[RepQuestion] = []
    texts: set[str] = set()
    for i, qtype in enumerate(QUESTION_TYPES):
        skill = focus[i % len(focus)] if qtype != "commitment" else focus[0]
        for a in showing[i % len(showing) :] + showing[: i % len(showing)]:
            planned = [q for q in build_questions(kb, a, [(skill, qtype)]) if q.text not in texts]
            if planned:
                q = planned[0]
                texts.add(q.text)
                out.append(
                    RepQuestion(
                        text=q.text,
                        type=q.type,
                        skill=q.skill,
                        deal_id=a.model.deal_id,
                        citations=list(q.citations),
                    )
                )
                break
    return out
