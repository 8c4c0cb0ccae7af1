"""Call metrics for notes that are transcripts ("Rep: ... | Customer: ..." or one speaker per line).

A transcript says who talked, so talk share is measured, not guessed from words like "demo" or "pitched".
Speaker lines are a format, parsed as one; the rep's side is found from the team's own names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TURN = re.compile(
    r"(?:^|\n|\|)\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s*[-–]?\s*)?"
    r"(?P<who>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}|rep|customer|me|ae|se)\s*(?:\([^)]{1,30}\))?:\s+(?P<said>[^|\n]+)"
)
_REP_WORDS = {"rep", "ae", "me", "sales", "se", "seller", "i", "us", "we", "account executive"}
_WORDS = re.compile(r"[\w'’]+")
MIN_TURNS = 3


@dataclass
class CallMetrics:
    note_id: str
    turns: int
    rep_share: float  # share of words spoken by our side, 0..1
    longest_monologue: int  # most words our side spoke in one run of turns
    rep_questions: int
    customer_questions: int
    customer_questions_unanswered: int
    quote: str  # the longest rep run, verbatim (first 200 characters)


def _is_rep(who: str, internal: set[str]) -> bool:
    low = who.lower().strip()
    if low in _REP_WORDS:
        return True
    names = {w.lower() for name in internal for w in name.split()}
    return low.split()[0] in names


def call_metrics(note_id: str, text: str, internal: set[str]) -> CallMetrics | None:
    """Metrics of one transcript note, or None when the note is not a transcript."""
    turns = [(m.group("who"), m.group("said").strip(), m.start("said")) for m in _TURN.finditer(text)]
    turns = [t for t in turns if t[1]]
    if len(turns) < MIN_TURNS:
        return None
    sides = [_is_rep(who, internal) for who, _, _ in turns]
    if all(sides) or not any(sides):
        return None
    words = [len(_WORDS.findall(said)) for _, said, _ in turns]
    rep_words = sum(w for w, rep in zip(words, sides, strict=True) if rep)
    total = sum(words) or 1
    longest, run, best_start, run_start = 0, 0, 0, 0
    for i, (w, rep) in enumerate(zip(words, sides, strict=True)):
        if rep:
            if run == 0:
                run_start = i
            run += w
            if run > longest:
                longest, best_start = run, run_start
        else:
            run = 0
    unanswered = 0
    for i, ((_, said, _), rep) in enumerate(zip(turns, sides, strict=True)):
        if not rep and "?" in said:
            nxt = next((j for j in range(i + 1, len(turns)) if sides[j]), None)
            if nxt is None or words[nxt] < 4:
                unanswered += 1
    first = turns[best_start]
    return CallMetrics(
        note_id=note_id,
        turns=len(turns),
        rep_share=round(rep_words / total, 3),
        longest_monologue=longest,
        rep_questions=sum(1 for (_, s, _), rep in zip(turns, sides, strict=True) if rep and "?" in s),
        customer_questions=sum(1 for (_, s, _), rep in zip(turns, sides, strict=True) if not rep and "?" in s),
        customer_questions_unanswered=unanswered,
        quote=text[first[2] : first[2] + len(first[1])][:200],
    )
