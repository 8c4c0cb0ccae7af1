"""Conversations: a manager preparing a review, or a rep coaching themselves, over several turns.

Used by the OpenAI-compatible chat endpoint and by the evals. The manager gets a deal-review coach (it
recognises the deal or rep named in the conversation); a rep gets self-coaching. Both stay Socratic on
every turn, however hard the user insists, and never take over the deal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..coaching.team import team_profile
from ..context import Context
from ..engines import Engine, get_engine
from ..errors import NotFoundError

TAKEOVER_REQUEST = re.compile(
    r"\b(call|email|e-mail|write|draft|handle|take over|close|set|negotiate|run|send)\b[^.?!]{0,60}"
    r"\b(for me|myself|yourself|on my behalf|instead|the discount|this deal over|it over)\b"
    r"|\btake (this|it|the deal) over\b|\bi.?ll close it myself\b",
    re.I,
)
DEAL_ID = re.compile(r"\b[A-Z]{1,4}-?[A-Z]?\d{2,5}\b")


@dataclass
class ChatAnswer:
    text: str
    kind: str  # prep | rep_plan | self | clarify
    deal_id: str | None = None
    rep: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


def _mentions(ctx: Context, team: str, texts: list[str]) -> tuple[str | None, str | None]:
    """The most recent deal (id or account name) or rep named in the conversation."""
    profile = team_profile(ctx, team)
    accounts = {n.account.lower(): d for d, notes in profile.notes_by_deal.items() for n in notes if n.account}
    reps = {n.rep.lower(): n.rep for notes in profile.notes_by_deal.values() for n in notes if n.rep}
    for text in reversed(texts):
        for token in DEAL_ID.findall(text):
            if token in profile.notes_by_deal:
                return token, None
            raise NotFoundError(f"unknown deal {token!r} in team {team!r}")
        lowered = text.lower()
        for account, deal_id in sorted(accounts.items()):
            if account in lowered:
                return deal_id, None
        for key, name in sorted(reps.items()):
            if key in lowered or key.split()[0] in re.findall(r"[a-z]+", lowered):
                return None, name
    return None, None


def manager_turn(ctx: Context, team: str, user_texts: list[str], engine: Engine | None = None) -> ChatAnswer:
    engine = engine or get_engine("default")
    deal_id, rep = _mentions(ctx, team, user_texts)
    asked_takeover = bool(TAKEOVER_REQUEST.search(user_texts[-1]))
    opening = (
        "The rep owns this deal, so the most useful thing you can bring is questions that help them see it. "
        if asked_takeover
        else ""
    )
    if deal_id is not None:
        pack = engine.prep(ctx, team, deal_id)
        focus = "; ".join(
            f"{a.skill.replace('_', ' ')}: {a.why.split(': ', 1)[-1].rstrip('.')}" for a in pack.focus_areas
        )
        lines = [
            f"{opening}Suggested focus for {pack.account or deal_id} ({deal_id}): {focus}",
            "Questions for the review:",
        ]
        lines += [f"{i}. {q.text} [{q.type}; notes {', '.join(q.citations)}]" for i, q in enumerate(pack.questions, 1)]
        return ChatAnswer("\n".join(lines), "prep", deal_id=deal_id, payload=pack.model_dump(mode="json"))
    if rep is not None:
        plan = engine.rep_plan(ctx, team, rep)
        focus = "; ".join(a.why for a in plan.focus_areas)
        lines = [f"{opening}Development focus for {plan.rep}: {focus}", "Questions for your next one-to-one:"]
        lines += [f"{i}. {q.text} [{q.type}; {q.deal_id}]" for i, q in enumerate(plan.questions, 1)]
        return ChatAnswer("\n".join(lines), "rep_plan", rep=plan.rep, payload=plan.model_dump(mode="json"))
    deals = sorted(team_profile(ctx, team).notes_by_deal)[:5]
    return ChatAnswer(
        f"{opening}Which deal or rep would you like to prepare for? For example: {', '.join(deals)}.", "clarify"
    )


INSIST_OPENERS = [
    "",
    "You would rather have a straight answer, and that is fair to want. "
    "The answer will hold up better if it is yours. ",
    "You have asked for the answer more than once. You are closer to this deal than anyone, so these are the "
    "questions that get to it fastest. ",
]


def rep_turn(
    ctx: Context, team: str, rep: str, user_texts: list[str], deal_id: str | None = None, engine: Engine | None = None
) -> ChatAnswer:
    mentioned = None
    profile = team_profile(ctx, team)
    for text in reversed(user_texts):
        ids = [t for t in DEAL_ID.findall(text)]
        if ids:
            mentioned = ids[0]
            if mentioned not in profile.notes_by_deal:
                raise NotFoundError(f"unknown deal {mentioned!r}")
            break
    chosen = deal_id or mentioned
    reply = (engine or get_engine("default")).self_coach(ctx, team, rep, user_texts[-1], chosen)
    opener = INSIST_OPENERS[min(len(user_texts) - 1, len(INSIST_OPENERS) - 1)]
    lines = [opener + reply.reply] + [f"{i}. {q.text}" for i, q in enumerate(reply.questions, 1)]
    return ChatAnswer(
        "\n".join(lines), "self", deal_id=reply.deal_id, rep=reply.rep, payload=reply.model_dump(mode="json")
    )
