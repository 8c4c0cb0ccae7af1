"""Socratic type of an open question, following the GROW arc in /work/shared/COACHING.md.

The type tells an engine (and a manager) which step of the conversation a question serves, so a prep pack
can balance them: goal and reality (clarify, evidence), assumptions and viewpoints (assumption,
perspective), options and consequences (implication), will (commitment). Checks run from the most specific
cue to the most generic; `clarify` is the fallback, because a question that fits no other step is almost
always asking the rep to describe the situation.
"""

from __future__ import annotations

import re
from typing import Literal

from ._text import main_clause, prepare

QuestionType = Literal["clarify", "evidence", "assumption", "perspective", "implication", "commitment"]
QUESTION_TYPES: tuple[str, ...] = ("clarify", "evidence", "assumption", "perspective", "implication", "commitment")


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_RULES: tuple[tuple[QuestionType, re.Pattern[str]], ...] = (
    # The rep's own next action outranks the evidence words it may contain ("What will you have confirmed ...?").
    ("commitment", _rx(r"^(?:what|how|which|who|when|where) (?:will you|are you going to)\b", r"\bour next review\b")),
    (
        "assumption",
        _rx(
            r"\bassum",
            r"\b(?:taking|take|taken|took) (?:\w+ )?for granted\b",
            r"\b(?:have|has|had|need|needs) to be true\b",
            r"\bturn(?:s|ed)? out (?:to be )?wrong\b|\bwrong about\b|\bbe wrong\b",
            r"\brests? on\b|\bhinges? on\b|\bbetting on\b|\bdepends on\b",
            r"\b(?:hasn't|has not|haven't|never) (?:been )?confirmed\b|\bnobody\b.*\bconfirmed\b|\bunverified\b",
            r"\bare we (?:believing|treating|taking)\b|\bbeliefs? about\b|\bpremise\b|\btaking as given\b",
            r"\bguess(?:ing|ed)?\b|\brather than (?:hearing|from|theirs)\b|\bours rather than\b",
        ),
    ),
    (
        "evidence",
        _rx(
            r"\bwhat tells you\b|\bwhat (?:is|was) telling you\b",
            r"\bhow (?:do|does|did|would|can|could|will) (?:you|we) (?:know|tell|be sure)\b",
            r"\bmakes? you (?:think|confident|believe|sure|say|feel|so sure)\b",
            r"\bevidence\b|\bproof\b|\bprove\b|\bdata\b|\bin the (?:notes|crm|emails?)\b",
            r"\bwhere\b.*\b(?:say|says|said|write|wrote|written|show|shows)\b",
            r"\b(?:that )?shows?\b|\bsigns? (?:that|of)\b",
            r"\bhow (?:could|can|would|will) (?:you|we) (?:test|check|verify|confirm)\b|\btest whether\b|\bverify\b",
            r"\byour read on why\b|\bwhy do you (?:think|believe)\b",
            r"\bwhat (?:did|has|have) (?:\w+ ){1,2}(?:say|said|do|done)(?: or (?:do|done|say|said))? that\b",
            r"\bwhat (?:have|did) you (?:seen|see|heard|hear) that\b|\bbased on what\b|\bhow (?:sure|confident)\b",
            # What the buyer actually said, did or wrote is evidence ("What has Omar told you about ...?").
            r"\bwhat (?:has|have|did) (?!you\b|we\b)[\w' ]{1,30}? (?:said|say|told|tell|done|do|shown|show|written|"
            r"write|sent|send)\b",
            r"\b(?:heard|learned|seen|hear|learn) directly\b|\bin writing\b|\bdirectly from\b",
            r"\bpoints? (?:to|toward)\b|\bsupports\b|\bconfirmed\b|\btells? you\b",
        ),
    ),
    (
        "commitment",
        _rx(
            r"\bwill you\b|\byou'll\b|\byou will\b|\b(?:are|were) you (?:going|planning) to\b",
            r"\bdo you (?:plan|intend)\b|\byou plan to\b|\byour plan\b",
            r"\bnext step you\b|\bnext steps? (?:will|do) you\b|\bdo differently\b",
            r"\bdo you want (?:her|him|them|\w+) to\b|\bwhat do you want to (?:get|achieve|accomplish|leave)\b",
            r"\bgood outcome\b|\boutcome (?:from|of) (?:\w+'s|the|your|this)\b|\bwhat would success\b",
            r"\b(?:support|help) do you need\b|\bneed from me\b|\bpursue\b|\bby when\b|\bbefore our next\b",
            r"\byour (?:goal|first step)\b|\bwhat's one thing you\b|\bcommit to doing\b",
        ),
    ),
    (
        "perspective",
        _rx(
            r"\bhow (?:would|might|does|do|will|could|did) (?!you\b|we\b|i\b)[\w']+(?: [\w'-]+){0,5}? (?:describe|see|"
            r"view|frame|think|feel|react|put|position|look|perceive|explain|judge|rate|compare|weigh|respond|measure|"
            r"summari[sz]e|experience|tell|evaluate|score|remember)\b",
            r"\b(?:someone|anyone) in (?:[\w-]+'s?|her|his|their) (?:role|seat|shoes|position)\b|\bmost like\b",
            r"\bhow do you think (?!you\b|we\b)\w+",
            r"\bwhat would (?!you\b|we\b|it\b|i\b|change|happen|a\b|an\b|the\b|that\b|this\b|have\b|need\b)[\w']+ "
            r"(?:say|think|want|need|worry|care|expect|see|value|believe|object|ask|prefer|fear|hope|argue)\b",
            r"\bin (?:[\w-]+'s?|her|his|their) (?:seat|shoes|position|place|eyes)\b",
            r"\bfrom (?:[\w-]+'s?|her|his|their|the customer's|the buyer's) "
            r"(?:side|point of view|perspective|seat|view|angle|chair)\b",
            r"\bpoint of view\b|\bperspective\b|\bstrongest argument\b|\bworth (?:her|his|their|[\w-]+'s) time\b",
            r"\bwhy (?:might|would) (?!you\b|we\b)\w+|\bif you were (?:in|[a-z]+\b)|\bhow might\b",
            r"\bwhat (?:does|do|would|will) (?!you\b|we\b)[\w']+ care about\b|\bmatters? (?:most )?to\b",
            r"\bwhat would worry\b|\bworr(?:y|ies) (?:\w+ )?(?:about|most)\b",
        ),
    ),
    (
        "implication",
        _rx(
            r"\bwhat (?:would happen|will happen|could happen|might happen)\b|\bhappens? (?:to|if|when|next|then)\b",
            r"\bwhat (?:would|will|could|might|does) (?:it|that|this) mean\b|\bmean for\b|\bmean to\b",
            r"\bwhat (?:would|will|could|might) change\b|\bwhat changes (?:if|when)\b",
            r"\bknock-on\b|\bconsequences?\b|\bimpact\b|\beffect\b|\bdownstream\b|\bthen what\b",
            r"\b(?:lose|cost|gain|risk)s? if\b|\bcost of (?:waiting|doing nothing|delay)",
            r"\boptions?\b(?! are you)|\bwhat could go wrong\b|\bwhere does that leave\b|\bwhat would a failed\b",
            r"\bwhat would .* do to\b|\bgains? if\b|\bchanges?\b.*\bif\b",
            # Any remaining "what/how ... if ..." is a consequence question (the earlier types took their "if"s).
            r"\bif\b",
        ),
    ),
)


def classify_type(question: str) -> QuestionType:
    """The Socratic type of an open question; meaningful for open questions only (others get a best guess)."""
    text = prepare(question)
    core = main_clause(text)
    for qtype, pattern in _RULES:
        if pattern.search(text) or pattern.search(core):
            return qtype
    return "clarify"
