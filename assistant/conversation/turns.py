"""One chat turn, manager or rep: understand the whole history (intent, entities, what carries over), then answer
with the coaching functions and the engine. Used by the OpenAI-compatible endpoint and the evals.

The API stays stateless: the client sends the history, and a follow-up ("why?", "shorter please") recomputes
the answer it follows. Every answer is lines that pass the guard sentence by sentence (`lines.guarded`).
"""

from __future__ import annotations

from ..context import Context
from ..engines import Engine, get_engine
from . import followups, manager
from .clarify import clarify, did_you_mean
from .lines import ChatAnswer
from .rep import self_turn
from .understand import Conversation, Understood, understand

__all__ = ["ChatAnswer", "answer", "manager_turn", "rep_turn", "understand"]
OFF_TOPIC = "That is outside what I can help with here: I help prepare deal reviews and think deals through."


def answer(ctx: Context, convo: Conversation, engine: Engine | None = None) -> ChatAnswer:
    """The answer to the conversation's last turn."""
    engine = engine or get_engine("default")
    turn = convo.last
    if turn.intent == "explain":
        result = followups.explain(convo, ctx, engine)
    elif turn.intent == "refine":
        result = followups.refine(convo, ctx, lambda prev: _substantive(ctx, convo, engine, prev))
    else:
        result = _substantive(ctx, convo, engine, turn)
    result.intent = result.intent or turn.intent
    return result


def _substantive(ctx: Context, convo: Conversation, engine: Engine, turn: Understood) -> ChatAnswer:
    if turn.intent == "off_topic":
        return clarify(convo, OFF_TOPIC)
    if convo.speaker == "rep":
        if turn.intent == "unclear" and turn.focus.deal is None:
            return clarify(convo)
        return self_turn(ctx, convo, engine, turn, turns_seen=len(convo.turns))
    return _manager(ctx, convo, engine, turn)


def _manager(ctx: Context, convo: Conversation, engine: Engine, turn: Understood) -> ChatAnswer:
    focus, m = turn.focus, turn.mentions
    intent = turn.intent
    if m.deal_choices and not m.deals and intent in ("deal_prep", "topic_questions", "unclear"):
        return did_you_mean(convo, m.deal_choices)
    if focus.deal and manager.TAKEOVER_REQUEST.search(turn.text) and intent not in manager.TEAM_INTENTS:
        return manager.prep(ctx, convo, engine, focus.deal)  # "write the email for me": the rep's questions
    if intent == "deal_prep" or intent == "unclear" and turn.named_deals:
        if focus.deal:
            return manager.prep(ctx, convo, engine, focus.deal)
        if focus.rep:
            return manager.rep_plan(ctx, convo, engine, focus.rep)
        return manager.need_deal(convo, "prepare a review for")
    if intent == "rep_plan":
        if focus.rep:
            return manager.rep_plan(ctx, convo, engine, focus.rep)
        return clarify(convo, "Which rep do you mean? The team: " + ", ".join(convo.gaz.reps) + ".")
    if intent == "topic_questions":
        return manager.topic(ctx, convo, focus, focus.deal) if focus.deal else manager.need_deal(convo, "ask about")
    if intent == "team_risk":
        return manager.team_risk(ctx, convo)
    if intent == "skill_overview":
        return manager.skill_overview(ctx, convo, turn.mentions.skills[-1] if turn.mentions.skills else None)
    if intent == "check_questions":
        return manager.check(convo)
    if intent == "deal_list":
        return manager.deal_list(convo, m.reps[-1] if m.reps else None)
    return clarify(convo)


def manager_turn(
    ctx: Context, team: str, user_texts: list[str], engine: Engine | None = None, system: list[str] | None = None
) -> ChatAnswer:
    return answer(ctx, understand(ctx, team, "manager", None, system or [], user_texts), engine)


def rep_turn(
    ctx: Context,
    team: str,
    rep: str,
    user_texts: list[str],
    deal_id: str | None = None,
    engine: Engine | None = None,
    system: list[str] | None = None,
) -> ChatAnswer:
    """A rep's turn; `deal_id` is the deal the client has open (the widget's picker), context like a system line."""
    context = [*(system or []), *([deal_id] if deal_id else [])]
    return answer(ctx, understand(ctx, team, "rep", rep, context, user_texts), engine)
