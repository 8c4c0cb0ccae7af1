"""A rep's chat turn: self-coaching on their own deal, never doing their work. A rep who names no deal is asked
which of their open deals (listed); closed deals are never picked by default, only when the rep names one."""

from __future__ import annotations

from ..context import Context
from ..engines import Engine
from .clarify import deal_choice
from .lines import ChatAnswer, Line, question
from .understand import Conversation, Understood

INSIST_OPENERS = [
    "",
    "You would rather have a straight answer, and that is fair to want. "
    "The answer will hold up better if it is yours. ",
    "You have asked for the answer more than once. You are closer to this deal than anyone, so these are the "
    "questions that get to it fastest. ",
]
SELF_INTENTS = {"self_draft": "draft", "self_decide": "decide", "self_tell_me": "tell_me", "self_plan": "plan"}


def self_turn(ctx: Context, convo: Conversation, engine: Engine, turn: Understood, turns_seen: int) -> ChatAnswer:
    rep = convo.user or ""
    open_deals = convo.gaz.rep_deals(rep, open_only=True)
    deal = turn.focus.deal
    if deal is None and turn.intent == "self_plan" and open_deals:
        return plan(ctx, convo, engine, turn, [d.deal_id for d in open_deals])
    if deal is None and len(open_deals) == 1:
        deal = open_deals[0].deal_id
    if deal is None:
        return deal_choice(convo, open_deals, "think through", preface="Happy to think this through with you.")
    reply = engine.self_coach(ctx, convo.gaz.team, rep, turn.text, deal, SELF_INTENTS.get(turn.intent, "general"))
    opener = INSIST_OPENERS[min(turns_seen - 1, len(INSIST_OPENERS) - 1)]
    lines = [Line(opener + reply.reply)] + [question(q.text, i) for i, q in enumerate(reply.questions, 1)]
    return ChatAnswer("self", lines, deal_id=reply.deal_id, rep=reply.rep, payload=reply.model_dump(mode="json"))


def plan(ctx: Context, convo: Conversation, engine: Engine, turn: Understood, deals: list[str]) -> ChatAnswer:
    """Where the rep's week goes: their open deals by close date, and questions on the nearest one."""
    refs = sorted((convo.gaz.deals[d] for d in deals), key=lambda d: d.deal_id)
    named = [d for d in turn.named_deals if d in deals] or [refs[0].deal_id]
    reply = engine.self_coach(ctx, convo.gaz.team, convo.user or "", turn.text, named[0], "plan")
    lines = [Line(reply.reply), Line(f"Your open deals ({len(refs)}):")]
    lines += [Line(d.label, prefix="- ") for d in refs]
    lines += [question(q.text, i) for i, q in enumerate(reply.questions, 1)]
    lines.append(question("Which of these deals would lose the most if it got none of your time this week?"))
    return ChatAnswer("self", lines, deal_id=reply.deal_id, rep=reply.rep, payload=reply.model_dump(mode="json"))
