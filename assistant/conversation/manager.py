"""A manager's chat turn: prep a deal review, a rep's plan, the team's risks and skills, questions on one topic,
a check of their own questions, the deal list. Every answer ends on open questions for the manager to bring;
none does the rep's work. Follow-ups ("why?", "shorter please") are in `followups`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..coaching.team_view import team_overview
from ..coaching.topics import topic_questions
from ..context import Context
from ..engines import Engine
from ..guard import check_lines, classify_act
from ..knowledge import SKILLS
from .clarify import clarify, deal_choice, did_you_mean
from .lines import ChatAnswer, Line, question
from .understand import Conversation, Focus

TAKEOVER_REQUEST = re.compile(
    r"\b(call|email|e-mail|write|draft|handle|take over|close|set|negotiate|run|send)\b[^.?!]{0,60}"
    r"\b(for me|myself|yourself|on my behalf|instead|the discount|this deal over|it over)\b"
    r"|\btake (this|it|the deal) over\b|\bi.?ll close it myself\b",
    re.I,
)
TEAM_INTENTS = frozenset({"team_risk", "skill_overview", "deal_list", "rep_plan"})
OWNS = "The rep owns this deal, so the most useful thing you can bring is questions that help them see it."
FLAG_TOPIC = {
    "no_access_to_power": "economic_buyer", "close_date_passed": "timeline", "close_date_slipped": "timeline",
    "ghosted": "next_step", "no_activity": "next_step", "pricing_not_discussed": "pricing",
    "too_few_contacts": "champion", "stalled_in_stage": "decision_process",
}  # fmt: skip
FLAG_WORDS = {"ghosted": "the rep's follow-ups got no reply"}


def numbered(questions: Sequence[Any]) -> list[Line]:
    """Questions with their Socratic type and the notes they cite."""
    return [question(q.text, i, f" [{q.type}; notes {', '.join(q.citations)}]") for i, q in enumerate(questions, 1)]


def skill_name(skill: str) -> str:
    return skill.replace("_", " ")


def prep(ctx: Context, convo: Conversation, engine: Engine, deal_id: str, limit: int | None = None) -> ChatAnswer:
    pack = engine.prep(ctx, convo.gaz.team, deal_id)
    focus = "; ".join(f"{skill_name(a.skill)}: {a.why.split(': ', 1)[-1].rstrip('.')}" for a in pack.focus_areas)
    lines = [Line(OWNS)] if TAKEOVER_REQUEST.search(convo.last.text) else []
    skills = ", ".join(skill_name(a.skill) for a in pack.focus_areas)
    short = f"Focus for {pack.account or deal_id} ({deal_id}): {skills}."
    lines.append(Line(f"Suggested focus for {pack.account or deal_id} ({deal_id}): {focus}", short=short))
    lines.append(Line("Questions for the review:"))
    lines += numbered(pack.questions[:limit] if limit else pack.questions)
    return ChatAnswer("prep", lines, deal_id=deal_id, rep=pack.rep, payload=pack.model_dump(mode="json"))


def rep_plan(ctx: Context, convo: Conversation, engine: Engine, rep: str, limit: int | None = None) -> ChatAnswer:
    plan = engine.rep_plan(ctx, convo.gaz.team, rep)
    skills = ", ".join(skill_name(a.skill) for a in plan.focus_areas)
    why = "; ".join(a.why for a in plan.focus_areas)
    lines = [Line(f"Development focus for {plan.rep}: {why}", short=f"Development focus for {plan.rep}: {skills}.")]
    lines.append(Line("Questions for your next one-to-one:"))
    shown = plan.questions[:limit] if limit else plan.questions
    lines += [question(q.text, i, f" [{q.type}; {q.deal_id}]") for i, q in enumerate(shown, 1)]
    return ChatAnswer("rep_plan", lines, rep=plan.rep, payload=plan.model_dump(mode="json"))


def topic(ctx: Context, convo: Conversation, focus: Focus, deal_id: str) -> ChatAnswer:
    found = topic_questions(ctx, convo.gaz.team, deal_id, focus.topic, focus.person)
    about = focus.person or (found.topic or "").replace("_", " ") or "this deal"
    lines = [Line(f"Questions about {about} on {found.account or deal_id} ({deal_id}):")]
    lines += numbered(found.questions)
    asked = _asked(found.questions)
    payload = {"deal_id": deal_id, "topic": found.topic, "person": found.person, "questions": asked}
    return ChatAnswer("topic", lines, deal_id=deal_id, payload=payload)


def _asked(questions: list[Any]) -> list[dict[str, Any]]:
    """Questions as a card draws them: text, Socratic type and the notes they cite."""
    return [{"text": q.text, "type": q.type, "citations": list(q.citations)} for q in questions]


def _flag_words(flag: str, detail: str) -> str:
    """A flag's detail as the notes put it, unless it reads as an order once quoted ("no reply to ...")."""
    detail = detail.rstrip(".")
    if classify_act(f"{detail}.") in ("directive", "takeover"):
        return FLAG_WORDS.get(flag, flag.replace("_", " "))
    return detail


def team_risk(ctx: Context, convo: Conversation, limit: int = 5) -> ChatAnswer:
    overview = team_overview(ctx, convo.gaz.team)
    if not overview.at_risk:
        return clarify(convo, "No open deal carries a risk flag in the notes.")
    lines = [Line(f"Open deals at risk, the heaviest first ({len(overview.at_risk)} flagged):")]
    for d in overview.at_risk[:limit]:
        reasons = "; ".join(dict.fromkeys(_flag_words(f.flag, f.detail) for f in d.flags))
        notes = ", ".join(dict.fromkeys(f.note_id for f in d.flags))
        text = f"{d.deal_id} {d.account or ''} ({d.rep}): {reasons}."
        lines.append(Line(text, prefix="- ", suffix=f" [notes {notes}]"))
    top = overview.at_risk[0]
    found = topic_questions(ctx, convo.gaz.team, top.deal_id, FLAG_TOPIC.get(top.flags[0].flag), None, limit=3)
    lines.append(Line(f"Questions to open the review of {top.deal_id} with {top.rep}:"))
    lines += numbered(found.questions)
    ranked = [
        {"deal_id": d.deal_id, "account": d.account, "rep": d.rep, "score": d.score, "flags": [f.flag for f in d.flags]}
        for d in overview.at_risk
    ]
    asked = _asked(found.questions)
    payload = {"at_risk": ranked, "deal_id": top.deal_id, "rep": top.rep, "questions": asked}
    return ChatAnswer("team_risk", lines, deal_id=top.deal_id, payload=payload)


def skill_overview(ctx: Context, convo: Conversation, skill: str | None) -> ChatAnswer:
    overview = team_overview(ctx, convo.gaz.team)
    reps = [r for r in overview.reps if r.open_deals]
    skills = [skill] if skill else list(SKILLS)
    lines = [Line("Gap scores per rep across their open deals (0 no gap, 1 a large one):")]
    for s in skills:
        by_gap = ", ".join(f"{r.rep} {r.scores[s]:.2f}" for r in sorted(reps, key=lambda r: -r.scores[s]))
        lines.append(Line(f"{skill_name(s)}: {by_gap}.", prefix="- "))
    if overview.common_gap:
        lines.append(Line(f"The team's most common gap is {skill_name(overview.common_gap)}."))
    target = skill or overview.common_gap or SKILLS[0]
    worst = max(reps, key=lambda r: r.scores[target]) if reps else None
    plan: list[str] = []
    if worst is not None:
        lines.append(Line(f"Questions for your one-to-one with {worst.rep} on {skill_name(target)}:"))
        plan = rep_plan_questions(ctx, convo, worst.rep, target)
        lines += [question(q, i) for i, q in enumerate(plan, 1)]
    payload = {
        "skill": skill, "common_gap": overview.common_gap, "reps": {r.rep: r.scores for r in reps},
        "one_to_one": {"rep": worst.rep if worst else None, "skill": target, "questions": plan},
    }  # fmt: skip
    return ChatAnswer("skill_overview", lines, rep=worst.rep if worst else None, payload=payload)


def rep_plan_questions(ctx: Context, convo: Conversation, rep: str, skill: str) -> list[str]:
    """Questions on one skill over the rep's open deal that shows the largest gap in it (the question bank's)."""
    from ..coaching.assess import assess_deal
    from ..coaching.questions import build_questions
    from ..knowledge_index import sync_knowledge

    deals = [assess_deal(ctx, convo.gaz.team, d.deal_id) for d in convo.gaz.rep_deals(rep, open_only=True)]
    if not deals:
        return []
    worst = max(deals, key=lambda a: a.skills[skill].score)
    plan = [(skill, t) for t in ("clarify", "evidence", "implication", "commitment")]
    return [q.text for q in build_questions(sync_knowledge(ctx), worst, plan)][:3]


def check(convo: Conversation) -> ChatAnswer:
    pasted = _pasted(convo.last.text)
    result = check_lines(pasted)
    verdict = result.summary.get("verdict")
    lines = [Line(f"{verdict[0].upper()}{verdict[1:]}.")] if isinstance(verdict, str) and verdict else []
    for i, item in enumerate(result.items, 1):
        act = (item.act or "statement").replace("_", " ")
        article = "an" if act[0] in "aeiou" else "a"
        kind = f"{article} {act}" + (f" ({item.type})" if item.type else "")
        lines.append(Line(f"Line {i} is {kind}.", prefix="- "))
        if item.suggestion:
            lines.append(question(item.suggestion, suffix=f" [an open version of line {i}]"))
    lines.append(question("Which of these lines matters most for the rep to think through before the review?"))
    return ChatAnswer("check", lines, payload=result.model_dump(mode="json"))


def _pasted(text: str) -> str:
    """The manager's own questions out of "are these ok? 'q1' 'q2'" or a pasted list under a request line."""
    quoted = re.findall(r"[\"“']([^\"”']{8,})[\"”']", text)
    if len(quoted) >= 2:
        return "\n".join(quoted)
    rows = [r for r in text.splitlines() if r.strip()]
    if len(rows) > 1:
        return "\n".join(rows[1:] if not rows[0].rstrip().endswith("?") or ":" in rows[0] else rows)
    parts = [p for p in re.split(r"\s+-\s+|;\s*", text) if p.strip()]
    return "\n".join(parts[1:] if len(parts) > 2 else parts)


def deal_list(convo: Conversation, rep: str | None) -> ChatAnswer:
    deals = convo.gaz.rep_deals(rep) if rep else list(convo.gaz.deals.values())
    open_deals = [d for d in deals if not d.is_closed]
    closed = [d for d in deals if d.is_closed]
    lines = [Line(f"Open deals{' of ' + rep if rep else ''} ({len(open_deals)}):")]
    lines += [Line(d.label, prefix="- ") for d in open_deals]
    if closed:
        lines.append(Line("Closed: " + ", ".join(f"{d.deal_id} {d.account or ''}".strip() for d in closed) + "."))
    lines.append(question("Which of these deals would you like to prepare a review for?"))
    return ChatAnswer("deal_list", lines, rep=rep, payload={"deals": [d.deal_id for d in deals]})


def need_deal(convo: Conversation, what: str) -> ChatAnswer:
    m = convo.last.mentions
    if m.deal_choices:
        return did_you_mean(convo, m.deal_choices)
    unknown = f"There is no deal {', '.join(m.unknown_ids)} in this team." if m.unknown_ids else ""
    return deal_choice(convo, convo.gaz.open_deals(), what, preface=unknown)
