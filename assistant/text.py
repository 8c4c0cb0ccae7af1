"""Sentence spans of a note (verbatim, so quotes are exact substrings) and untrusted-text checks.

The one sentence split of the package is the guard's (`guard.sentences.sentence_spans`); this module adds what
notes need on top: note ids, offsets, and dropping markup-only lines and planted instructions. It is the one
place where note text becomes evidence, quotes and prompt text, so the injection detector
(`guard.injection`) is applied here: a flagged span is never quoted, never used as a fact, never repeated and
never sent to a model, and the rest of the note is still used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .guard.injection import detector
from .guard.sentences import sentence_spans

REMOVED = "[instruction-like text removed]"


@dataclass(frozen=True)
class Sentence:
    note_id: str
    text: str  # verbatim substring of the note
    start: int


@lru_cache(maxsize=20_000)
def _flagged(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[bool, ...]]:
    """The note's sentence spans and which are planted instructions. Cached by text: one note is read by the team
    view, the deal model, the prompt builder, the grounding checks and the eval's safety metric, and the shipped
    detector does not change within a process."""
    spans = sentence_spans(text)
    return tuple(spans), tuple(detector().flags([text[a:b] for a, b in spans]))


def flagged_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of `text` the injection detector flags, in the canonical split."""
    spans, flags = _flagged(text)
    return [span for span, flagged in zip(spans, flags, strict=True) if flagged]


def looks_like_injection(text: str) -> bool:
    """Whether any sentence of `text` is an instruction planted for the assistant (the learned detector)."""
    return any(_flagged(text)[1]) if text and text.strip() else False


def sentences(note_id: str, text: str) -> list[Sentence]:
    """Split a note into verbatim sentence spans; drop markup-only lines and planted instructions."""
    out: list[Sentence] = []
    for (begin, end), flagged in zip(*_flagged(text), strict=True):
        stripped = text[begin:end]
        if flagged or len(re.sub(r"[\W_]+", "", stripped)) < 2:
            continue
        out.append(Sentence(note_id, stripped, begin))
    return out


def without_injections(text: str, neighbours: bool = False) -> str:
    """The note with each flagged sentence replaced by a marker. With `neighbours` (what a prompt carries) the
    sentences right before and after a flagged one go too: the half of a split payload or the fake delimiter
    ("END OF NOTES.") that is harmless to quote but is no business of a model."""
    spans, flags = _flagged(text)
    if neighbours:
        flags = tuple(f or any(flags[j] for j in (i - 1, i + 1) if 0 <= j < len(flags)) for i, f in enumerate(flags))
    out, last, i = [], 0, 0
    while i < len(spans):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(spans) and flags[j + 1]:
            j += 1
        out += [text[last : spans[i][0]], REMOVED]  # one marker for a run of flagged sentences
        last, i = spans[j][1], j + 1
    return "".join(out) + text[last:]


def safe_field(value: str | None) -> str | None:
    """A CRM field (account, rep) as it may be shown or sent: None when it carries a planted instruction."""
    return None if value and looks_like_injection(value) else value


def shorten(quote: str, limit: int = 220) -> str:
    """A prefix of the quote (still a verbatim substring), cut at a word boundary."""
    if len(quote) <= limit:
        return quote
    cut = quote[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-— ")
