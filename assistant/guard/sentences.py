"""Sentence splitting for managers' notes, planned questions and assistant replies.

The guard labels one sentence at a time, so a bad split becomes a wrong label: "Dr. Patel" must not end a
sentence, a question quoted inside a drafted email must not start a new one, and a bullet list is one item
per bullet. Every sentence returned is an exact substring of the input (only outer whitespace and list
markers are trimmed), so callers can show the manager's own words back unchanged.
"""

from __future__ import annotations

import re

# Abbreviations after which a period never ends a sentence (lower case, without the final period).
_NEVER_FINAL = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "v", "approx", "appr", "apx", "cf", "incl",
        "esp", "est", "min", "max", "fig", "dept", "mgr", "ref", "re", "attn", "avg", "no", "nos", "tel", "ext",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "eg",
        "ie", "viz", "al", "a.m", "p.m", "u.s", "u.k", "q", "vol", "pp", "para", "sec",
    }
)  # fmt: skip
# Abbreviations that may end a sentence, but only when a capital letter follows.
_MAYBE_FINAL = frozenset({"etc", "inc", "ltd", "co", "corp", "llc", "plc", "gmbh", "bros"})

_BULLET = re.compile(r"(?:[-*+\u2022\u2013\u2014]|\d{1,3}[.)])\s+")
_QUOTED = re.compile(
    r"\"[^\"\n]*\""
    r"|\u201c[^\u201d\n]*\u201d"
    r"|(?<!\w)['\u2018](?:[^'\u2019\n]|(?<=\w)['\u2019](?=\w))*?['\u2019](?!\w)"
)
_CLOSERS = "\"'\u2019\u201d)]"
_WORD_BEFORE = re.compile(r"([\w.'\u2019-]+)$")


def split_sentences(text: str) -> list[str]:
    """Split free text into sentences: one or more per line, list markers dropped, nothing else changed."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, in order; see `split_sentences`."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        spans.extend((offset + a, offset + b) for a, b in _line_spans(line))
        offset += len(line)
    return spans


def _line_spans(line: str) -> list[tuple[int, int]]:
    start = len(line) - len(line.lstrip())
    bullet = _BULLET.match(line, start)
    if bullet:
        start = bullet.end()
    protected = [(m.start() + 1, m.end() - 1) for m in _QUOTED.finditer(line)]
    spans: list[tuple[int, int]] = []
    i = start
    while i < len(line):
        if line[i] not in ".?!":
            i += 1
            continue
        end = i
        while end < len(line) and line[end] in ".?!":
            end += 1
        while end < len(line) and line[end] in _CLOSERS:
            end += 1
        # Inside a quotation only the punctuation that closes the quotation itself can end the sentence.
        inside = any(a <= i < b and end <= b for a, b in protected)
        if inside or end < len(line) and not line[end].isspace():
            i = end
            continue
        if _ends_sentence(line, start, i, end):
            spans.append((start, end))
            start = end
        i = end
    spans.append((start, len(line)))
    return [trimmed for span in spans if (trimmed := _trim(line, span))]


def _ends_sentence(line: str, start: int, punct: int, end: int) -> bool:
    """Whether the punctuation run line[punct:end] closes a sentence (it is followed by space or end of line)."""
    following = line[end:].lstrip()
    if not following:
        return True
    if line[punct] in "?!" or line[punct:end].startswith(".."):
        return line[punct] in "?!" or following[0].isupper()
    match = _WORD_BEFORE.search(line, start, punct)
    word = match.group(1).lower().strip("'\u2019") if match else ""
    nxt = following[0]
    if word in _NEVER_FINAL or re.fullmatch(r"[a-z]", word) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
        return word == "no" and not nxt.isdigit() and nxt.isupper()
    if word in _MAYBE_FINAL:
        return nxt.isupper()
    return nxt.isupper() or nxt.isdigit() or nxt in "\"'\u2018\u201c([" or _BULLET.match(following) is not None


def _trim(line: str, span: tuple[int, int]) -> tuple[int, int] | None:
    start, end = span
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
