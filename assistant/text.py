"""Sentence spans of a note (verbatim, so quotes are exact substrings) and untrusted-text checks.

The one sentence split of the package is the guard's (`guard.sentences.sentence_spans`); this module adds what
notes need on top: note ids, offsets, and dropping markup-only lines and injected instructions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .guard.sentences import sentence_spans

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
    for begin, end in sentence_spans(text):
        stripped = text[begin:end]
        if len(re.sub(r"[\W_]+", "", stripped)) < 2 or looks_like_injection(stripped):
            continue
        out.append(Sentence(note_id, stripped, begin))
    return out


def shorten(quote: str, limit: int = 220) -> str:
    """A prefix of the quote (still a verbatim substring), cut at a word boundary."""
    if len(quote) <= limit:
        return quote
    cut = quote[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-— ")
