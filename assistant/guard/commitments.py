"""Is a recorded commitment the rep's own? A manager records what the rep said they would do, never their own
task (a takeover) or their order to the rep (telling): the Will of a coaching conversation belongs to the rep.

The caller passes who the parser found doing the action (`doer`: "speaker" for I/we, "addressee" for you, "named"
for a person, "none" for a bare task), so this module stays free of the NLP pipeline; the speech-act classifier
of the guard reads the text itself.
"""

from __future__ import annotations

import re

from .acts import classify_act, is_takeover

_MANAGER = re.compile(r"\b(manager|mgr|boss|sales director|team lead|me|myself|mine)\b", re.I)
# The manager as the doer: "leave it with me", "mine to chase", "mgr to ping the CEO", "me + SE run the demo"
_MANAGER_TASK = re.compile(
    r"\b(?:to|with) me\b|\bmine\b|^\s*(?:me|mgr|manager)\b|\bme \+|\bmgr to\b|\bmanager(?:-to-manager)? to\b"
    r"|^\s*(?:I|we)(?:'ll| will| shall|'m going to| am going to)\b",
    re.I,
)
_FOR_REP = re.compile(r"\bfor (?:you|him|her|them|the rep)\b", re.I)
# The manager's instruction: "you need to", "make sure", "don't send", "stop discounting", "X ought to"
_ORDER = re.compile(
    r"\b(?:you|he|she|they)(?:'ll| will)? (?:must|should|needs? to|has to|have to|had better|ought to)\b"
    r"|\b\w+ (?:must|should|shouldn'?t|ought to|has to|needs to)\b"
    r"|\b(?:make sure|ensure|be sure)\b|\b(?:need|want) you to\b|\byour job\b|\bno excuses\b|\btold (?:him|her|them)\b"
    r"|^\s*(?:please )?(?:do not|don'?t|never|stop)\b|\bdon'?t be\b",
    re.I,
)
# Credited to the rep: "Dana: I'll ...", "'I'll send the MAP' - thiago", "... (Priya's words)", "Marcus said '...'"
_CREDIT = re.compile(
    r"^\s*[A-Z][\w'-]+\s*:|[\"'\u201c\u2018].+[\"'\u201d\u2019]\s*(?:[-\u2013\u2014(]|$)"
    r"|\(\s*\w+'s words\s*\)|\b[A-Z]\w+ (?:said|says|promised|committed)\b",
)


def credited(text: str) -> bool:
    """The line quotes or names the rep as the speaker: its 'I' is the rep's."""
    return bool(_CREDIT.search(text))


def commitment_problem(text: str, doer: str, doer_name: str | None, by_manager: bool, rep: str | None) -> str | None:
    """Why this cannot be recorded as the rep's commitment (one line for the user), or None when it can.

    Recorded by a manager, an 'I' is the manager's unless the line credits it to the rep."""
    stripped = text.strip()
    if not stripped:
        return "a commitment needs the rep's words: what they said they would do"
    if len(stripped) > 500:
        return "a commitment is one thing the rep will do, in a sentence (at most 500 characters)"
    if not by_manager or credited(stripped):
        return None  # the rep's own words
    rep_first = (rep or "").split()[0] if rep else "Dana"
    if doer == "addressee" or _ORDER.search(stripped):
        return (
            f"{stripped!r} reads as an instruction to the rep, not their commitment: record what the rep said "
            f"they would do, in their words (e.g. '{rep_first}: send the mutual plan to Joe by Friday')"
        )
    who = doer_name or ""
    if doer == "speaker" and not is_takeover(stripped):
        return (
            f"{stripped!r}: recorded by a manager, an unattributed 'I' reads as the manager's own task (a "
            f"takeover). If these are the rep's words, credit them: '{rep_first}: {stripped}'"
        )
    manager_doer = doer == "named" and bool(_MANAGER.search(who))
    if (
        manager_doer
        or _MANAGER_TASK.search(stripped)
        or is_takeover(stripped)
        or _FOR_REP.search(stripped)
        or (classify_act(stripped) == "takeover")
    ):
        return (
            f"{stripped!r} reads as the manager's own task, a takeover: record what the rep said they would do, "
            f"in the rep's words (e.g. '{rep_first}: call the CFO by Friday' or 'call the CFO by Friday')"
        )
    return None
