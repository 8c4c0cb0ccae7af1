"""One clarifying question that lists real choices (the team's own deals, reps, the deal's topics): the answer
to "not sure", "help" or a message naming nothing, and the "did you mean" of an ambiguous name. Never an error.
"""

from __future__ import annotations

from .gazetteer import DealRef
from .lines import ChatAnswer, Line, question
from .understand import Conversation

MAX_CHOICES = 6


def _deals(deals: list[DealRef]) -> str:
    shown = [d.label for d in deals[:MAX_CHOICES]]
    more = len(deals) - len(shown)
    return "; ".join(shown) + (f"; or one of {more} others" if more > 0 else "")


def deal_choice(convo: Conversation, deals: list[DealRef], what: str, preface: str = "") -> ChatAnswer:
    ranked = sorted(deals, key=lambda d: (d.is_closed, d.deal_id))
    lines = [Line(preface)] if preface else []
    text = f"Which deal would you like to {what}: {_deals(ranked)}?"
    lines.append(question(text))
    return ChatAnswer("clarify", lines, payload={"choices": [d.deal_id for d in ranked]})


def did_you_mean(convo: Conversation, deal_ids: list[str]) -> ChatAnswer:
    deals = [convo.gaz.deals[d] for d in deal_ids]
    return deal_choice(convo, deals, "look at", preface="That name fits more than one deal.")


def clarify(convo: Conversation, preface: str = "") -> ChatAnswer:
    """What the user can ask for here, with this team's names in it, as one question."""
    lines = [Line(preface)] if preface else []
    focus = convo.last.focus
    if convo.speaker == "rep":
        mine = convo.gaz.rep_deals(convo.user or "", open_only=True)
        return deal_choice(convo, mine, "think through", preface)
    if focus.deal:
        deal = convo.gaz.deals[focus.deal]
        people = ", ".join(p.name for p in deal.people[:2])
        rival = f" or the competition with {deal.competitors[0]}" if deal.competitors else ""
        text = (
            f"Which would help most on {deal.deal_id} {deal.account}: the full review questions, questions about "
            f"{people or 'the buyer'}{rival}, or which other deals are at risk?"
        )
    else:
        deals = ", ".join(f"{d.deal_id} {d.account}" for d in convo.gaz.open_deals()[:3])
        reps = ", ".join(convo.gaz.reps[:3])
        text = (
            f"Which would help most: preparing a deal review (for example {deals}), a rep's development plan "
            f"({reps}, ...), the deals at risk, or how the team is doing on a skill?"
        )
    lines.append(question(text))
    return ChatAnswer("clarify", lines, deal_id=focus.deal)
