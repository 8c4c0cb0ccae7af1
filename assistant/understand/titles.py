"""Job titles in note text, from the lexicon in knowledge/deal/roles.yaml.

A lexicon, not a grammar: titles are a closed-ish vocabulary (CFO, FD, "head of fleet"), so whole-word lookup is
what the field does; who holds the title is left to the parse (appositives, compounds) in `people`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge import KnowledgeBase, Title

# Honorifics and short forms that end in a full stop without ending a sentence ("the CFO, Dr. Ingrid Maas").
HONORIFICS = ("dr", "dra", "prof", "mr", "mrs", "ms", "mx", "sir", "dame", "ing", "mag", "dott", "avv", "herr",
              "frau", "mme", "sr", "sra", "jr", "st")  # fmt: skip
_OURS_BEFORE = re.compile(r"\b(?:our|my|us|we)\s+(?:\w+\s+)?$", re.I)


def is_ours(text: str, start: int) -> bool:
    """Whether the title at `start` is one of ours ("our VP Sales", "my manager"), not the customer's."""
    return _OURS_BEFORE.search(text[max(0, start - 12) : start]) is not None


@dataclass(frozen=True)
class TitleHit:
    start: int
    end: int
    text: str
    title: Title


def _alias_regex(alias: str) -> str:
    words = [re.escape(w) for w in alias.split()]
    return r"\s+".join(words)


_matchers: dict[str, tuple[re.Pattern[str], re.Pattern[str], dict[str, Title]]] = {}


def _matcher(kb: KnowledgeBase) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Title]]:
    """Two compiled alternations per knowledge digest (invalidated when knowledge/ changes)."""
    cached = _matchers.get(kb.digest)
    if cached is None:
        cached = _matchers[kb.digest] = _build_matcher(kb)
    return cached


def _build_matcher(kb: KnowledgeBase) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Title]]:
    by_alias: dict[str, Title] = {}
    for t in kb.titles:
        for alias in (t.title, *t.aliases):
            by_alias.setdefault(alias.lower(), t)
    written = {x for t in kb.titles for x in (t.title, *t.aliases)}
    acronym_set = {a for a in by_alias if re.fullmatch(r"[a-z]{2,5}", a) and a.upper() in written}
    long_forms = sorted((a for a in by_alias if a not in acronym_set), key=len, reverse=True)
    # Acronyms: upper case always; lower case too when 3+ letters (shorthand "cfo"), never "md"/"gm"/"fd".
    upper = "|".join(sorted((re.escape(a.upper()) for a in acronym_set), key=len, reverse=True))
    lower = "|".join(sorted((re.escape(a) for a in acronym_set if len(a) >= 3), key=len, reverse=True))
    words = "|".join(_alias_regex(a) for a in long_forms)
    cased = re.compile(rf"(?<![\w-])(?:{upper}|{lower})(?![\w-])")
    uncased = re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.I)
    return cased, uncased, by_alias


def find_titles(kb: KnowledgeBase, text: str) -> list[TitleHit]:
    """Every title in the text, longest match first, non-overlapping, in text order."""
    cased, uncased, by_alias = _matcher(kb)
    hits: list[TitleHit] = []
    taken: list[tuple[int, int]] = []
    for regex in (uncased, cased):
        for m in regex.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            key = re.sub(r"\s+", " ", m.group(0).lower())
            title = by_alias.get(key)
            if title is None:
                continue
            taken.append((m.start(), m.end()))
            hits.append(TitleHit(m.start(), m.end(), m.group(0), title))
    return sorted(hits, key=lambda h: h.start)


def normalise_stage(kb: KnowledgeBase, label: str | None) -> str | None:
    """A CRM stage label as one of the normalised stages, or the label itself when the table does not know it."""
    if not label:
        return None
    key = re.sub(r"^\s*(?:stage\s*|s)?\d+\s*[-.:)]?\s*", "", label.strip().lower())
    key = re.sub(r"[^\w/ ]+", " ", key).strip()
    key = re.sub(r"\s+", " ", key)
    for stage, labels in kb.stages:
        if key == stage or key.replace(" ", "_") == stage or key in labels or key.replace("/", " ") in labels:
            return stage
    return _by_words(kb, key) or label


def _by_words(kb: KnowledgeBase, key: str) -> str | None:
    """A label the table does not list whole, read by its words: "Proposal Made" holds the label "proposal",
    "Negotiations Started" a plural of "negotiation", "S4 Propose" a form of "proposal" (a shared stem of six
    letters or more). The longest label found wins; "won"/"lost" outrank everything else."""
    words = re.findall(r"[a-z][a-z'’]*", key)
    best: tuple[float, str] | None = None
    for stage, labels in kb.stages:
        for candidate in (stage.replace("_", " "), *labels):
            parts = candidate.split()
            n = len(parts)
            if any(words[i : i + n] == parts for i in range(len(words) - n + 1)):
                whole = n >= 2 or len(words) == n  # "closed won", or the label is just "won"
                score = float(n) + (10.0 if stage.startswith("closed") and whole else 0.0)
            elif n == 1 and len(parts[0]) >= 6 and any(len(w) >= 6 and w[:6] == parts[0][:6] for w in words):
                score = 0.5
            else:
                continue
            if best is None or score > best[0]:
                best = (score, stage)
    return best[1] if best else None
