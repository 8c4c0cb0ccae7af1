"""Text preparation shared by the guard's classifiers: one normal form, so the rules stay simple.

Curly quotes and dashes become ASCII, list markers and quoted material are set aside (a question quoted
inside a drafted email does not make the sentence a question), and sentences are cut into clauses so a
rule can look at "the part that asks" ("Given the freeze, how ...?") or "the part that tells"
("Call Omar today, and what ...?").
"""

from __future__ import annotations

import re

_ASCII = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "}
)
_BULLET = re.compile(r"^(?:[-*+\u2022]|\d{1,3}[.)])\s+")
_QUOTED = re.compile(r"\"[^\"]*\"|(?<!\w)'(?:[^']|(?<=\w)'(?=\w))*?'(?!\w)")
_CLAUSE_CUT = re.compile(r"\s*(?:[,;:]|\s-+\s|\(|\))\s*")
# Words that open a sentence without changing what it does ("So, what ...?", "Please send ...").
FILLERS = frozenset(
    {
        "so", "ok", "okay", "well", "and", "but", "also", "now", "then", "please", "just", "maybe", "perhaps",
        "kindly", "honestly", "look", "listen", "hey", "right", "quickly", "simply", "really", "first", "next",
        "again", "anyway", "alright", "oh", "hmm", "yes", "yeah", "no", "sure", "lastly", "finally", "thanks",
        "great", "good", "cool", "fine", "definitely", "probably", "personally", "seriously", "frankly",
    }
)  # fmt: skip
# Words that open a subordinate clause before the main one ("If Reyna never hears it, what ...?").
INTROS = frozenset(
    {
        "if", "when", "whenever", "given", "before", "after", "once", "since", "as", "while", "by", "on", "for",
        "with", "from", "whatever", "although", "though", "because", "in", "at", "assuming", "considering",
        "looking", "thinking", "based", "until", "unless", "now", "besides", "beyond", "apart", "other", "without",
        "going", "this", "next", "last", "today", "tomorrow", "between", "over", "during",
    }
)  # fmt: skip


def normalize(text: str) -> str:
    """ASCII quotes and dashes, single spaces, no list marker, no outer quotes around the whole sentence."""
    text = re.sub(r"\s+", " ", text.translate(_ASCII)).strip()
    text = _BULLET.sub("", text)
    if len(text) > 2 and text[0] == text[-1] and text[0] in "\"'" and text.count(text[0]) == 2:
        text = text[1:-1].strip()
    return text


def unquote(text: str) -> str:
    """The sentence with quoted material removed, so only the speaker's own words are judged."""
    return re.sub(r"\s+", " ", _QUOTED.sub(" ", text)).strip()


def prepare(sentence: str) -> str:
    """Lower-case normal form used by every rule."""
    return unquote(normalize(sentence)).lower()


def words(text: str) -> list[str]:
    """Lower-case word tokens, apostrophes and inner hyphens kept ("don't", "go-live", "12%")."""
    return re.findall(r"[a-z0-9][a-z0-9'%-]*", text.lower())


def clauses(text: str) -> list[str]:
    """Comma/semicolon/colon/dash separated parts, without empty ones."""
    return [part for part in _CLAUSE_CUT.split(text) if part.strip(" .?!")]


def strip_fillers(text: str) -> str:
    """Drop leading filler words ("so", "please", "just", "maybe", "and") and leading commas."""
    while True:
        match = re.match(r"^([a-z']+)\b[,]?\s*", text)
        if not match or match.group(1) not in FILLERS or match.end() >= len(text):
            return text
        text = text[match.end() :]


def main_clause(text: str) -> str:
    """The sentence after any leading subordinate clause or address ("Given X, how ...?" -> "how ...?")."""
    text = strip_fillers(text)
    while "," in text:
        head, tail = text.split(",", 1)
        first = head.split(" ", 1)[0]
        if first not in INTROS and first not in FILLERS and len(head.split()) > 1:
            break
        text = strip_fillers(tail.strip())
    return text
