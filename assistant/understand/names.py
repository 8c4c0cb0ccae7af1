"""Where a note writes a person's name: spaCy's PERSON entities cut to the name itself, and names beside a title
that the parse reads as something else ("the CFO (Claire Dufresne)", "FD = Martin Keogh", "Olivia Grant VP
planning"). Who the name is, and which title is theirs, is decided in `people` and `title_links`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..knowledge import KnowledgeBase
from .nlp import lemma_tables
from .title_links import NameSpan
from .titles import TitleHit, find_titles

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_UPPER_WORD = r"[^\W\d_a-z][^\W\d_]*(?:['’-][^\W\d_]+)?"
_NAME_PAREN = re.compile(rf"(?<!\w)({_UPPER_WORD}(?: {_UPPER_WORD}){{0,2}}) \(([^)]{{2,60}})\)")
_EQUALS_NAME = re.compile(rf"\s*[=:]\s*({_UPPER_WORD} {_UPPER_WORD})(?!\w)")  # "FD = Martin Keogh"
_NAME_BEFORE = re.compile(  # "Lydia Fenwick, Fleet & Logistics Mgr", "Olivia Grant VP planning"
    rf"(?<![\w.])({_UPPER_WORD} {_UPPER_WORD})(?:,\s*(?:[\w&/-]+\s+\(?){{0,2}}|\s+)$"
)
_PAREN_NAME = re.compile(rf"\s?\(({_UPPER_WORD}(?: {_UPPER_WORD}){{1,2}})\)")
FULL_NAME = re.compile(rf"(?<!\w)({_UPPER_WORD} {_UPPER_WORD})(?!\w)")
_JOINED = re.compile(r"\s*(?:\+|&|\band\b|/|,)\s*")
_PARTICLES = {"de", "da", "do", "dos", "das", "van", "von", "der", "den", "del", "di", "du", "le", "la", "bin", "al"}
_PRODUCT_LIKE = re.compile(r"\d|^[A-Z]{2,}$|^[A-Z]$")


def is_verb_or_adjective(word: str) -> bool:
    """A capitalised word that English uses as a verb or adjective and never as a noun ("Met", "Sorry"): a note's
    opening word, not part of a name. Read from the lemmatizer's own word lists, not a list of ours."""
    exc, index = lemma_tables()
    w = word.lower()
    verb_or_adj = w in exc.get("verb", {}) or w in index.get("verb", ()) or w in index.get("adj", ())
    return verb_or_adj and w not in index.get("noun", ())


def is_past_verb(word: str) -> bool:
    """An inflected verb form ("Sent", "Met", "Emailed"): the terse note's opening verb, not a first name."""
    exc, index = lemma_tables()
    w, verbs = word.lower(), index.get("verb", ())
    return w in exc.get("verb", {}) or w.endswith("ed") and any(s in verbs for s in (w[:-2], w[:-1], w[:-3]))


def _opening_verb(tokens: list[Token], names_mid_sentence: set[str]) -> bool:
    """ "Sent Carla the deck": the first word opens the sentence, reads as a verb form and is never a name elsewhere
    in the deal's notes (a "Drew" seen mid-sentence stays a name)."""
    first = tokens[0]
    return (
        len(tokens) > 1
        and first.is_sent_start is True
        and first.text not in names_mid_sentence
        and is_past_verb(first.text)
    )


def _name_tokens(ent: Span) -> list[Token]:
    """The name inside a PERSON entity: its first run of capitalised proper nouns, cut at punctuation, a lower-case
    word or a pronoun ("Frank Russo - meeting" -> "Frank Russo"); none when it reads like a product ("Node V3")."""
    tokens: list[Token] = []
    for t in ent:
        if not tokens and (t.pos_ != "PROPN" or is_verb_or_adjective(t.text) and len(ent) > 1):
            continue
        if t.text.lower() in _PARTICLES and tokens:
            tokens.append(t)
            continue
        if t.is_punct or not t.text[:1].isupper() or t.pos_ in ("PRON", "VERB", "AUX", "ADP", "DET"):
            break
        tokens.append(t)
    while tokens and tokens[-1].text.lower() in _PARTICLES:
        tokens.pop()
    if any(_PRODUCT_LIKE.search(t.text) for t in tokens if not re.fullmatch(r"[A-Z]\.", t.text)):
        return []
    return tokens


def mid_sentence_names(docs: list[Doc]) -> set[str]:
    """Words the parse reads as part of a person's name somewhere other than a sentence's first word."""
    return {t.text for doc in docs for e in doc.ents if e.label_ == "PERSON" for t in e if not t.is_sent_start}


def note_names(
    kb: KnowledgeBase, text: str, doc: Doc, titles: list[TitleHit], names_mid_sentence: set[str]
) -> list[NameSpan]:
    """Every name written in one note, in text order: spaCy's PERSON entities (cut to the name itself, split at
    "+"/"and"), a name before a title in parentheses, and a name beside a title that the parse read as something
    else."""
    names: list[NameSpan] = []
    for e in doc.ents:
        tokens = _name_tokens(e)
        if tokens and _opening_verb(tokens, names_mid_sentence):
            tokens = tokens[1:]
        if e.label_ == "PERSON" and tokens:
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            offset = start
            for part in _JOINED.split(text[start:end]):  # "Carmen + Jordi" is two people
                at = text.index(part, offset) if part else offset
                if part:
                    names.append((at, at + len(part), part))
                offset = at + len(part)
    for m in _NAME_PAREN.finditer(text):
        if find_titles(kb, m.group(2)) and not any(a <= m.start(1) < b for a, b, _ in names):
            words = m.group(1).split()
            past = is_past_verb(words[0]) and words[0] not in names_mid_sentence
            opening = is_verb_or_adjective(words[0]) or past
            lead = len(words[0]) + 1 if len(words) > 2 and opening else 0
            names.append((m.start(1) + lead, m.end(1), m.group(1)[lead:]))
    for t in titles:  # the parse often reads a name beside a title as an organisation
        beside = (
            _PAREN_NAME.match(text, t.end),
            _EQUALS_NAME.match(text, t.end),
            _NAME_BEFORE.search(text[: t.start]),
        )
        for near in beside:
            if near is None or any(a <= near.start(1) < b for a, b, _ in names) or find_titles(kb, near.group(1)):
                continue
            names.append((near.start(1), near.end(1), near.group(1)))
    return sorted(names)
