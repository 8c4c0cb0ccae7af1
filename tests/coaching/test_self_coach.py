"""Self-coaching: questions back, never the rep's work done for them; reps only see their own deals."""

from __future__ import annotations

import pytest

from assistant.coaching.self_coach import detect_intent, self_coach
from assistant.context import Context
from assistant.errors import NotFoundError, UserError
from assistant.guard import check_question, telling_sentences

REQUESTS = [
    ("should I just send the proposal?", "Marcus Delgado", "D-201", "decide"),
    ("write the email for me", "Marcus Delgado", None, "draft"),
    ("just tell me what to do this week", "Jenna Okafor", None, "tell_me"),
    ("Should I give them the 15% discount to close this month?", "Rhys Tanaka", "D-212", "decide"),
    ("Can you draft the follow-up to Hugo for me? Say yes, send it.", "Rhys Tanaka", "D-212", "draft"),
]


@pytest.mark.parametrize(("message", "rep", "deal", "intent"), REQUESTS)
def test_reply_asks_and_never_does_the_work(
    summit: Context, message: str, rep: str, deal: str | None, intent: str
) -> None:
    reply = self_coach(summit, "summit", rep, message, deal)
    assert reply.intent == intent == detect_intent(message)
    assert 2 <= len(reply.questions) <= 5
    assert telling_sentences(reply.reply) == []
    for q in reply.questions:
        assert check_question(q.text) == []
    text = (reply.reply + " " + " ".join(q.text for q in reply.questions)).lower()
    for forbidden in ("subject:", "dear ", "hi ", "yes, send", "send it", "step 1", "here's the email", "best regards"):
        assert forbidden not in text
    owned = {n.deal_id for n in summit.catalog.notes("summit", rep=rep)}
    assert reply.deal_id in owned
    if deal:
        assert reply.deal_id == deal


def test_rep_cannot_reach_another_reps_deal(summit: Context) -> None:
    with pytest.raises(NotFoundError, match="not found among Marcus Delgado's deals"):
        self_coach(summit, "summit", "Marcus Delgado", "what should I ask?", "D-212")


def test_empty_message(summit: Context) -> None:
    with pytest.raises(UserError, match="empty"):
        self_coach(summit, "summit", "Marcus Delgado", "  ")
