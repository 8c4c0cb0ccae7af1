"""Follow-ups on the previous answer: "why?" explains it (its focus and the notes behind it), "shorter please",
"3 more" or "as bullets" reshape it. The previous answer is recomputed from the history (the engine is a pure
function of the deal), so the API stays stateless and the explanation is of exactly what was said.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..coaching.assess import assess_deal
from ..coaching.team_view import team_overview
from ..coaching.topics import topic_questions
from ..context import Context
from ..engines import Engine
from . import manager
from .clarify import clarify
from .lines import ChatAnswer, Line, question
from .understand import Conversation, Understood

SHORTER = re.compile(r"short|brief|less|fewer|tl;?dr|concise|quick|max(imum)? \d|top \d|just \d", re.I)
MORE = re.compile(r"\bmore\b|another|other questions|else\b|extra", re.I)
BULLETS = re.compile(r"bullet|list|table|points", re.I)
SHORT_LIMIT = 3


def _quote(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
    return f"\u201c{short}\u201d"


def explain(convo: Conversation, ctx: Context, engine: Engine) -> ChatAnswer:
    prev = convo.previous_substantive()
    if prev is None:
        return clarify(convo, "There is no earlier answer in this conversation to explain yet.")
    focus, team = prev.focus, convo.gaz.team
    lines: list[Line] = []
    if prev.intent in ("deal_prep", "topic_questions") and focus.deal:
        pack = engine.prep(ctx, team, focus.deal)
        for area in pack.focus_areas:
            skill = manager.skill_name(area.skill)
            lines.append(Line(f"The focus on {skill} comes from what the notes show: {area.why}"))
            lines += [Line(f"{e.note_id}: {_quote(e.quote)}", prefix="- ") for e in area.evidence[:3]]
        if prev.intent == "topic_questions":
            found = topic_questions(ctx, team, focus.deal, focus.topic, focus.person)
            lines += [Line(f"Question {i} is there because it {q.purpose[0].lower()}{q.purpose[1:]}", prefix="- ")
                      for i, q in enumerate(found.questions, 1)]  # fmt: skip
        subject = focus.rep or "the rep"
    elif prev.intent == "rep_plan" and focus.rep:
        plan = engine.rep_plan(ctx, team, focus.rep)
        for rep_area in plan.focus_areas:
            lines.append(Line(f"{manager.skill_name(rep_area.skill).capitalize()}: {rep_area.why}"))
            lines += [Line(f"{e.deal_id} {e.note_id}: {_quote(e.quote)}", prefix="- ") for e in rep_area.evidence[:3]]
        subject = focus.rep
    elif prev.intent == "team_risk":
        overview = team_overview(ctx, team)
        lines.append(Line("Each deal is ranked by the weight of the risk flags its notes raise, heaviest first."))
        for d in overview.at_risk[:3]:
            lines += [Line(f"{d.deal_id} {f.detail.rstrip('.')}: {_quote(f.quote)} ({f.note_id})", prefix="- ")
                      for f in d.flags[:2]]  # fmt: skip
        subject = "the reps"
    elif prev.intent == "skill_overview":
        lines.append(Line("A rep's gap score for a skill is the mean, over their open deals, of how strongly that "
                          "deal's notes show gaps in it; closed deals do not count."))  # fmt: skip
        subject = "the reps"
    elif focus.deal:
        assessment = assess_deal(ctx, team, focus.deal)
        for skill in assessment.focus:
            lines.append(Line(f"The questions lean on {manager.skill_name(skill)}, from these notes:"))
            lines += [Line(f"{f.note_id}: {_quote(f.quote)}", prefix="- ") for f in assessment.evidence(skill, 2)]
        subject = "you"
    else:
        return clarify(convo, "That answer was a question back to you, so there is nothing behind it to explain.")
    who = "you" if convo.speaker == "rep" else subject
    lines.append(question(f"Which part of this matches what {who} would say about it, and which part does not?"))
    return ChatAnswer("explain", lines, deal_id=focus.deal, rep=focus.rep, payload={"explains": prev.intent})


def refine(convo: Conversation, ctx: Context, redo: Callable[[Understood], ChatAnswer]) -> ChatAnswer:
    """The previous answer again (`redo` recomputes it), shorter, with more questions, or as bullets."""
    prev = convo.previous_substantive()
    if prev is None:
        return clarify(convo, "There is no earlier answer in this conversation to change yet.")
    text = convo.last.text
    answer = redo(prev)
    if MORE.search(text) and prev.focus.deal and convo.speaker == "manager":
        shown = {line.text for line in answer.lines}
        extra = [q for q in topic_questions(ctx, convo.gaz.team, prev.focus.deal, None, None, limit=8).questions
                 if q.text not in shown][:3]  # fmt: skip
        if extra:
            answer.lines = [Line(f"More questions on {prev.focus.deal}:"), *manager.numbered(extra)]
    elif SHORTER.search(text) or not BULLETS.search(text):
        statements = [Line(x.short or x.text) for x in answer.lines if not x.question and not x.prefix][:1]
        answer.lines = statements + [x for x in answer.lines if x.question][:SHORT_LIMIT]
    if BULLETS.search(text):
        answer.lines = [Line(x.text, x.question, "- " if x.prefix else "", x.suffix) for x in answer.lines]
    answer.intent = "refine"
    answer.kind = "refine"  # not the card of the full answer it reshapes: a client shows the text
    return answer
