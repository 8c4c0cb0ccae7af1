"""Call metrics for notes that are transcripts ("Rep: ... | Customer: ..." or one speaker per line).

A transcript says who talked, so talk share is measured, not guessed from words like "demo" or "pitched".
Speaker lines are a format, parsed as one; the rep's side is found from the team's own names. Ingested call
files (VTT, SRT, JSON, plain) arrive as "[hh:mm:ss] Speaker (rep): text" lines: the marker names the rep's
side and the timestamps go with every quote (longest monologue, unanswered questions, next steps).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TURN = re.compile(
    r"(?:^|\n|\|)\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?\s*[-–]?\s*)?"
    r"(?P<who>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}|rep|customer|me|ae|se)\s*(?:\([^)]{1,30}\))?:\s+(?P<said>[^|\n]+)"
)
_REP_WORDS = {"rep", "ae", "me", "sales", "se", "seller", "i", "us", "we", "account executive"}
_WORDS = re.compile(r"[\w'’]+")
MIN_TURNS = 3
_STAMPED = re.compile(r"^(?:\[(?P<at>\d{2}:\d{2}:\d{2})\] )?(?P<who>[^:\n]{1,60}?)(?P<rep> \(rep\))?: (?P<said>.+)$")
_NEXT_STEP = re.compile(
    r"\b(next steps?|follow[- ]?up|action items?|(?:i|we)(?:'ll| will) (?:send|share|set up|schedule|book|get you)|"
    r"let'?s (?:schedule|set up|book|meet|reconvene)|calendar invite|send (?:you|over)|circle back)\b",
    re.I,
)


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
    customer_share: float = 0.0
    monologue: str = ""  # the longest rep run with its timestamp, when the transcript has them
    unanswered: list[str] = field(default_factory=list)  # customer questions with no real answer, timestamped
    next_steps: list[str] = field(default_factory=list)  # turns that set a next step, timestamped


def _is_rep(who: str, internal: set[str]) -> bool:
    low = who.lower().strip()
    if low in _REP_WORDS:
        return True
    names = {w.lower() for name in internal for w in name.split()}
    return low.split()[0] in names


def _stamped(text: str) -> tuple[list[tuple[str, str, int]], list[bool], list[str]] | None:
    """An ingested call file's lines: every line a turn and the rep's turns marked, else None."""
    lines = _line_matches(text)
    found = [(m, o) for m, o in lines if m is not None]
    if len(lines) < MIN_TURNS or len(found) < len(lines) or not any(m.group("rep") for m, _ in found):
        return None
    turns = [(m.group("who"), m.group("said").strip(), o + m.start("said")) for m, o in found]
    stamps = [f"[{m.group('at')}]" if m.group("at") else "" for m, _ in found]
    return turns, [bool(m.group("rep")) for m, _ in found], stamps


def _line_matches(text: str) -> list[tuple[re.Match[str] | None, int]]:
    out, offset = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((_STAMPED.match(line), offset))
        offset += len(line) + 1
    return out


def call_metrics(note_id: str, text: str, internal: set[str]) -> CallMetrics | None:
    """Metrics of one transcript note, or None when the note is not a transcript."""
    stamped = _stamped(text)
    if stamped is not None:
        turns, sides, stamps = stamped
    else:
        turns = [(m.group("who"), m.group("said").strip(), m.start("said")) for m in _TURN.finditer(text)]
        turns = [t for t in turns if t[1]]
        if len(turns) < MIN_TURNS:
            return None
        sides = [_is_rep(who, internal) for who, _, _ in turns]
        stamps = [""] * len(turns)
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
    unanswered: list[str] = []
    for i, ((who, said, _), rep) in enumerate(zip(turns, sides, strict=True)):
        if not rep and "?" in said:
            nxt = next((j for j in range(i + 1, len(turns)) if sides[j]), None)
            if nxt is None or words[nxt] < 4:
                unanswered.append(_quote(stamps[i], who, said))
    first = turns[best_start]
    rep_share = round(rep_words / total, 3)
    return CallMetrics(
        note_id=note_id,
        turns=len(turns),
        rep_share=rep_share,
        longest_monologue=longest,
        rep_questions=sum(1 for (_, s, _), rep in zip(turns, sides, strict=True) if rep and "?" in s),
        customer_questions=sum(1 for (_, s, _), rep in zip(turns, sides, strict=True) if not rep and "?" in s),
        customer_questions_unanswered=len(unanswered),
        quote=text[first[2] : first[2] + len(first[1])][:200],
        customer_share=round(1 - rep_share, 3),
        monologue=_quote(stamps[best_start], first[0], first[1]) if stamped else "",
        unanswered=unanswered,
        next_steps=[_quote(st, w, s) for (w, s, _), st in zip(turns, stamps, strict=True) if _NEXT_STEP.search(s)],
    )


def _quote(at: str, who: str, said: str) -> str:
    return f"{at + ' ' if at else ''}{who}: {said}"[:240]
