"""Sentence spans of a note (verbatim, so quotes are exact substrings) and untrusted-text checks."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[]?[A-Z0-9#*])|\n\s*\n|\n(?=\s*[-*#]|\s*\*\*)|\n")
_ABBREVIATIONS = re.compile(r"\b(?:vs|approx|incl|e\.g|i\.e|dept|dir|mgr|sr|jr|mr|ms|mrs|dr|no|est)\.$", re.I)

# Text inside notes is data. Sentences that look like instructions to a model or to the tool are
# never quoted, never used as facts and never repeated.
_INJECTION = re.compile(
    r"ignore (all |any )?(previous|prior|above|earlier) (instructions|prompts?|rules)|disregard (the |all )?"
    r"(previous|prior|above|system)|\b(system|assistant) ?(prompt|message|:)|you are now\b|new instructions?:|"
    r"\bact as\b|override (the |your )?(rules|instructions)|tell the manager to|<\s*/?\s*(system|instructions?)\s*>|"
    r"ignora (las )?instrucciones|ignorez (les )?instructions|ignoriere (alle )?(vorherigen )?anweisungen",
    re.I,
)


@dataclass(frozen=True)
class Sentence:
    note_id: str
    text: str  # verbatim substring of the note
    start: int


def looks_like_injection(text: str) -> bool:
    return bool(_INJECTION.search(text))


def sentences(note_id: str, text: str) -> list[Sentence]:
    """Split a note into verbatim sentence spans; drop markup-only lines and injected instructions."""
    out: list[Sentence] = []
    start = 0
    pieces: list[tuple[int, int]] = []
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.start()]
        if _ABBREVIATIONS.search(candidate.strip()) and "\n" not in match.group(0):
            continue
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(text)))
    for begin, end in pieces:
        raw = text[begin:end]
        stripped = raw.strip()
        if len(re.sub(r"[\W_]+", "", stripped)) < 3 or looks_like_injection(stripped):
            continue
        offset = begin + raw.index(stripped)
        out.append(Sentence(note_id, stripped, offset))
    return out


def shorten(quote: str, limit: int = 220) -> str:
    """A prefix of the quote (still a verbatim substring), cut at a word boundary."""
    if len(quote) <= limit:
        return quote
    cut = quote[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-— ")
