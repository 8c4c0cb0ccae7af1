"""Word lists the entity linker needs: what makes an account word generic, which words are common English
(the MiniLM WordPiece vocabulary is roughly frequency-ordered, so a low id means a frequent word), and the
phrases that name a skill, a topic of a deal or a person's title.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..knowledge import SKILLS

# Words of account names that name no account by themselves ("the foods deal" fits two accounts at best).
GENERIC_ACCOUNT_WORDS = frozenset(
    {"the", "and", "of", "group", "partners", "partner", "inc", "llc", "ltd", "co", "company", "corp", "services"}
)
# Words that are never a first name in a chat, whatever the team's people are called.
COMMON_WORDS = frozenset(
    (
        "will",
        "may",
        "mark",
        "the",
        "and",
        "can",
        "sue",
        "bill",
        "pat",
        "rob",
        "drew",
        "case",
        "hope",
    )
)
COMMON_WORD_MAX_ID = 12000


@lru_cache(maxsize=1)
def _vocab() -> dict[str, int]:
    from tokenizers import Tokenizer

    from ..store.embeddings import model_files

    return dict(Tokenizer.from_file(str(model_files()[1])).get_vocab())


def is_common(word: str) -> bool:
    """An everyday English word: a name made of it needs a capital or "the X deal" to count."""
    word = word.lower()
    if word in COMMON_WORDS:
        return True
    token = _vocab().get(word)
    return token is not None and token < COMMON_WORD_MAX_ID


def _rx(words: str) -> re.Pattern[str]:
    return re.compile(r"\b(" + words + r")", re.I)


SKILL_PATTERNS: dict[str, re.Pattern[str]] = {
    "prospecting": _rx(r"prospect|pipeline gen|outbound|outreach|cold call|cold email|top of (the )?funnel"),
    "qualification": _rx(r"qualif|meddpicc|medpicc|bant\b"),
    "deal_strategy": _rx(r"deal strat|strategy\b|strategic"),
    "call_execution": _rx(r"call exec|call skills|discovery calls?\b|running calls|on calls\b|demos?\b|talk ratio"),
    "customer_value": _rx(r"customer value|business (problem|case|value)|value sell|\broi\b|\bvalue\b"),
    "time_and_resources": _rx(r"time (and|&) resources|time management|time and resource|prioriti[sz]|resourc"),
}
assert set(SKILL_PATTERNS) == set(SKILLS)

TOPIC_PATTERNS: dict[str, re.Pattern[str]] = {
    "economic_buyer": _rx(r"economic buyer|\beb\b|budget (holder|owner)|who signs|signs? off|signer|sign-off"),
    "champion": _rx(r"champion|internal (advocate|sponsor)|coach on the inside|inside coach"),
    "competition": _rx(r"competit|rival|incumbent|other vendor"),
    "pricing": _rx(
        r"pric|discount|cost|budget\b|\bquote\b|rates?\b|\d+ ?% off|\bnet.?\d\d\b|sharpen the pencil|expensive"
    ),
    "timeline": _rx(r"timeline|timing|close date|deadline|by when|go.?live|push(ed)? (it |them )?(to|back)\b"),
    "next_step": _rx(r"next steps?|follow.?up|what happens next"),
    "decision_process": _rx(r"decision (process|criteria|making)|procurement|legal review|security review|approval"),
    "pain": _rx(r"\bpain|problem they|business problem|why (would|do) they buy|what hurts"),
}
TITLE_WORDS: dict[str, re.Pattern[str]] = {
    t: re.compile(r"\b" + t + r"s?\b", re.I)
    for t in ("cfo", "ceo", "coo", "ciso", "cio", "cto", "controller", "vp", "director", "owner", "procurement",
              "board", "ap manager", "finance manager", "it manager", "office manager")
}  # fmt: skip
