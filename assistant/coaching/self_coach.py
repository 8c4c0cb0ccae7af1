"""Self-coaching for reps: reflect briefly, ask 2-5 open questions grounded in their own deal, point to a principle.

It never does the rep's work: no drafted e-mails, no "yes, send it", no step-by-step orders. The reply is
built from fixed, guard-checked sentences plus questions from the bank; the rep's message is only used
to pick the skill and the deal, never echoed back as an instruction.
"""

from __future__ import annotations

import re
from datetime import date

from ..context import Context
from ..errors import NotFoundError, UserError
from ..guard import telling_sentences
from ..knowledge import SKILLS
from ..knowledge_index import sync_knowledge
from ..schemas import PrincipleRef, SelfQuestion, SelfReply
from ..search import related_principles
from ..understand.commitments import offered_commitment
from ..understand.service import deal_model
from .assess import assess_deal
from .questions import build_questions
from .rep_plan import rep_deals

INTENTS = [
    (
        "draft",
        re.compile(
            r"\b(write|draft|compose|prepare|create|rewrite|do)\b[^?.!]{0,40}\b(email|e-mail|message|"
            r"proposal|reply|deck|slides?|business case|follow.?up|note|letter|agenda)\b|\bfor me\b",
            re.I,
        ),
    ),
    (
        "decide",
        re.compile(r"^\s*(should|shall|can|could|do|would) i\b|\bshould i\b|\bis it (ok|okay|fine|wise)\b", re.I),
    ),
    ("tell_me", re.compile(r"\b(just )?tell me (what|how)\b|\bwhat (do|should) i do\b|\bgive me the answer\b", re.I)),
    (
        "plan",
        re.compile(r"\b(this|next) week\b|\bprioriti[sz]e\b|\bmy (time|week|day|calendar)\b|\btoo (busy|much)\b", re.I),
    ),
]
SKILL_WORDS = {
    "prospecting": r"prospect|pipeline|outreach|cold|sequence|leads?|new accounts?|top of (the )?funnel|referral",
    "qualification": r"\bcfo\b|\bceo\b|budget|sign|economic buyer|decision|procurement|legal|champion|qualif|meddpicc",
    "deal_strategy": r"proposal|discount|price|pricing|close|competitor|next step|silent|ghost|follow.?up|contract",
    "call_execution": r"\bcall\b|demo|meeting|agenda|talk|objection|present",
    "customer_value": r"\broi\b|value|business case|savings|cost|pain|numbers|outcome",
    "time_and_resources": r"week|time|busy|help|alone|weekend|night|\bse\b|legal team|resources|prioriti",
}
REFLECTIONS = {
    "draft": "You would like this written for you. It will carry more weight in your own words, so the questions "
    "below are about what it has to achieve for {account}.",
    "decide": "You are weighing a decision on {account}. The call is yours, and a few questions may make it clearer.",
    "tell_me": "You want a straight answer. You know {account} better than anyone here, so the questions below "
    "work from what you have already seen.",
    "plan": "You are deciding where your time goes. Your own deals, starting with {account}, hold most of the answer.",
    "general": "Here are a few questions to think this through on {account}.",
}


def detect_intent(message: str) -> str:
    return next((name for name, pattern in INTENTS if pattern.search(message)), "general")


def detect_skill(message: str) -> str | None:
    scores = {s: len(re.findall(SKILL_WORDS[s], message, re.I)) for s in SKILLS}
    best = max(SKILLS, key=lambda s: scores[s])
    return best if scores[best] else None


def _choose_deal(ctx: Context, team: str, rep: str, deals: list[str], message: str) -> str:
    """The rep's open deal the message is most about (hybrid search within the rep's notes), else the latest one."""
    models = [deal_model(ctx, team, d) for d in deals]
    open_models = [m for m in models if not m.is_closed] or models
    open_deals = {m.deal_id for m in open_models}
    for hit in ctx.retriever.search(team, message, k=10, rep=rep):
        similarity = hit.extra.get("similarity", 0.0)
        if hit.deal_id in open_deals and isinstance(similarity, float) and similarity >= 0.35:
            return hit.deal_id
    return max(open_models, key=lambda m: (m.last_contact or date.min, m.latest_note_id)).deal_id


def self_coach(
    ctx: Context,
    team: str,
    rep: str,
    message: str,
    deal_id: str | None = None,
    engine: str = "default",
    intent: str | None = None,
) -> SelfReply:
    """`intent` (draft | decide | tell_me | plan | general) when the caller understood the message already (the
    chat's learned classifier); otherwise the phrases in INTENTS decide."""
    if not message.strip():
        raise UserError("the message is empty: say what you are working on")
    kb = sync_knowledge(ctx)
    name, deals = rep_deals(ctx, team, rep)
    if deal_id is not None and deal_id not in deals:
        # the same answer whether the deal exists elsewhere or not: a rep only sees their own deals
        raise NotFoundError(f"deal {deal_id!r} not found among {name}'s deals")
    chosen = deal_id or _choose_deal(ctx, team, name, deals, message)
    assessment = assess_deal(ctx, team, chosen)
    intent = intent if intent in REFLECTIONS else detect_intent(message)
    skill = detect_skill(message) or assessment.focus[0]
    types = {
        "draft": ["clarify", "perspective", "commitment"],
        "decide": ["evidence", "implication", "commitment"],
        "tell_me": ["clarify", "assumption", "implication", "commitment"],
        "plan": ["clarify", "implication", "commitment"],
    }.get(intent, ["clarify", "evidence", "commitment"])
    plan = [(skill, t) for t in types]
    if assessment.focus[0] != skill:
        plan.insert(-1, (assessment.focus[0], "evidence"))
    questions = [
        SelfQuestion(
            text=q.text,
            type=q.type,
            skill=q.skill,
            citations=list(q.citations),
        )
        for q in build_questions(kb, assessment, plan)
    ][:5]
    if len(questions) < 2:  # the bank had too few fillable patterns for that skill: use the deal's focus
        extra = build_questions(kb, assessment, [(assessment.focus[0], t) for t in ("clarify", "commitment")])
        questions += [
            SelfQuestion(
                text=q.text,
                type=q.type,
                skill=q.skill,
                citations=list(q.citations),
            )
            for q in extra
            if q.text not in {x.text for x in questions}
        ][: 5 - len(questions)]
    reply = REFLECTIONS[intent].format(account=assessment.model.account or chosen)
    if telling_sentences(reply):  # the fixed sentences are guard-checked in tests; stay safe at run time too
        reply = REFLECTIONS["general"].format(account=assessment.model.account or chosen)
    principles = [p for p in related_principles(ctx, message, k=8) if skill in p.skills][:1] or related_principles(
        ctx, kb.skill(skill).summary, k=1
    )
    return SelfReply(
        team=team,
        rep=name,
        deal_id=chosen,
        engine=engine,
        intent=intent,
        reply=reply,
        questions=questions,
        principles=[PrincipleRef(id=p.id, title=p.title) for p in principles],
        commitment_offer=offered_commitment(message),
    )
