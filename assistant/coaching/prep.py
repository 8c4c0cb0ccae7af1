"""The deal-review prep pack: 1-2 focus areas with evidence, Socratic questions, traps to avoid, principles."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..context import Context
from ..knowledge import STAGES, KnowledgeBase, Principle
from ..knowledge_index import sync_knowledge
from ..schemas import Evidence, FocusArea, PrepPack, PrincipleRef, Question, SkillStatus
from ..search import related_principles
from ..text import Sentence
from ..understand.service import embed
from .assess import DealAssessment, assess_deal
from .followup import follow_ups
from .progress import keep_in_view, review_progress
from .questions import build_questions
from .slots import deal_slots
from .team import team_profile

# Deal-specific takeover traps, one per skill, filled with this deal's names.
TRAP_TEMPLATES = {
    "qualification": "Calling {economic_buyer} yourself, or asking {champion} to set it up for you: "
    "the rep has to earn that meeting",
    "customer_value": "Building the business case or the numbers for {account} yourself",
    "deal_strategy": "Deciding the close plan or the discount for {account} yourself",
    "call_execution": "Running the next call with {stakeholder} yourself instead of planning it with the rep",
    "time_and_resources": "Doing the rep's RFP, security or legal work on {account} yourself",
    "prospecting": "Writing the rep's outreach or picking their target accounts for them",
}


def _why(kb: KnowledgeBase, assessment: DealAssessment, skill: str) -> str:
    sa = assessment.skills[skill]
    descriptions = {g.id: g.description[0].lower() + g.description[1:].rstrip(".") for g in kb.skill(skill).gap_signals}
    parts = []
    for signal in sa.gap_signals:
        notes = len({f.note_id for f in sa.gaps if f.signal == signal})
        parts.append(f"{descriptions.get(signal, signal)} ({notes} note{'s' if notes != 1 else ''})")
    title = kb.skill(skill).title
    known = assessment.model.stage in STAGES  # a CRM label the table cannot read is not quoted as a stage
    stage = assessment.model.stage.replace("_", " ") if known and assessment.model.stage else "current"
    if not parts:
        return f"{title}: no clear gap in the notes; the least covered area at the {stage} stage."
    return f"{title}: " + "; ".join(parts) + f". At the {stage} stage this has the biggest effect on the deal."


def _avoid(kb: KnowledgeBase, assessment: DealAssessment) -> list[str]:
    slots = {k: v.value for k, v in deal_slots(assessment.model).items()}
    slots.setdefault("economic_buyer", "the economic buyer")
    slots.setdefault("champion", "your contact")
    slots.setdefault("stakeholder", "the customer")
    avoid: list[str] = []
    for skill in assessment.focus:
        avoid.append(TRAP_TEMPLATES[skill].format(**slots))
        avoid += kb.skill(skill).takeover_traps[:2]
    avoid.append("Answering your own questions or telling the rep what to do next: let them find it")
    return list(dict.fromkeys(avoid))


def _principles(ctx: Context, kb: KnowledgeBase, assessment: DealAssessment) -> list[Principle]:
    focus = set(assessment.focus)
    query = " ".join(
        g.description
        for s in assessment.focus
        for g in kb.skill(s).gap_signals
        if g.id in assessment.skills[s].gap_signals
    ) or " ".join(kb.skill(s).summary for s in focus)
    ranked = [p for p in related_principles(ctx, query, k=12) if focus & set(p.skills)][:2]
    core = next((p for p in kb.principles if p.id == "coach_dont_take_over"), None)
    if core is not None and core not in ranked:
        ranked.append(core)
    return ranked


def _vectors(ctx: Context) -> Callable[[list[str]], np.ndarray]:
    return lambda texts: embed(ctx, [Sentence("", t, 0) for t in texts])


def prep_pack(ctx: Context, team: str, deal_id: str, engine: str = "default") -> PrepPack:
    kb = sync_knowledge(ctx)
    assessment = assess_deal(ctx, team, deal_id)
    model = assessment.model
    reviews = ctx.reviews.reviews(team, deal_id)
    progress = review_progress(ctx, kb, assessment, reviews)
    keep_in_view(assessment, progress)
    follow_up = follow_ups(
        model,
        team_profile(ctx, team).notes_by_deal[deal_id],
        ctx.reviews.commitments(team, deal_id),
        reviews,
        assessment.focus[0],
        ctx.settings.today(),
        _vectors(ctx),
    )
    focus_areas = [
        FocusArea(
            skill=skill,
            why=_why(kb, assessment, skill),
            evidence=[Evidence(note_id=f.note_id, quote=f.quote) for f in assessment.evidence(skill)],
        )
        for skill in assessment.focus
    ]
    reviewed = {p.skill: p for p in progress}
    for area in focus_areas:
        if (p := reviewed.get(area.skill)) is not None:
            moved = "improved" if p.status == "improved" else "got worse" if p.status == "worse" else "not moved"
            area.why += f" The focus of the review on {p.reviewed_on}; it has {moved} since."  # scores: `progress`
    questions = [
        Question(
            text=q.text,
            type=q.type,
            skill=q.skill,
            purpose=q.purpose,
            listen_for=q.listen_for,
            citations=list(q.citations),
        )
        for q in build_questions(kb, assessment)
    ]
    return PrepPack(
        deal_id=deal_id,
        team=team,
        rep=model.rep,
        account=model.account,
        stage=model.stage,
        engine=engine,
        focus_areas=focus_areas,
        questions=questions,
        avoid=_avoid(kb, assessment),
        principles=[PrincipleRef(id=p.id, title=p.title) for p in _principles(ctx, kb, assessment)],
        meddpicc=assessment.meddpicc,
        skills=[
            SkillStatus(
                skill=s.skill,
                score=s.score,
                gaps=s.gap_signals,
                strengths=sorted({f.signal for f in s.strengths}),
            )
            for s in assessment.skills.values()
        ],
        as_of=model.as_of.isoformat() if model.as_of else None,
        follow_up=follow_up,
        progress=progress,
    )
