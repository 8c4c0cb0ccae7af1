"""Named things in advice: every capitalised name, multi-digit number, amount and date must come from the
deal's notes or the knowledge base. Shared by the LLM engine's check and the evals' grounding metric."""

from __future__ import annotations

import re
from datetime import date

from .sentences import split_sentences

_ENTITY = re.compile(r"(?<![\w$])(\$?\d[\d,.]*\d%?|\$\d|\d{1,2} [A-Z][a-z]{2} \d{4}|[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)")


def human_date(value: date) -> str:
    """A date as questions write it ("14 Nov 2026"): one spelling for the question slots and this check."""
    return f"{value.day} {value.strftime('%b %Y')}"


def entities(text: str) -> list[str]:
    """Names, amounts, numbers and dates in a text (the first word of a sentence is skipped: it is capitalised
    anyway; single digits are skipped: counts like "3 notes" are computed, not claimed)."""
    found = []
    for sentence in split_sentences(text):
        body = re.sub(r"^\W*\S+", "", sentence, count=1)
        body = re.sub(r":\s+[A-Z]", lambda m: m.group(0).lower(), body)
        for match in _ENTITY.finditer(body):
            token = match.group(1).rstrip(".,")
            if token[0].isdigit() and len(re.sub(r"\D", "", token)) < 2 and not token.startswith("$"):
                continue
            found.append(token.removesuffix("'s").removesuffix("'").removesuffix("’s"))
    return found


def unsupported(text: str, corpus: str) -> list[str]:
    """The entities of `text` that do not appear in `corpus`."""
    return [e for e in entities(text) if e not in corpus]


def knowledge_text(kb: object) -> str:
    """Everything the knowledge base says (principles, skills, signals, traps): names and numbers in it are fair."""
    parts: list[str] = []
    for p in getattr(kb, "principles", ()):
        parts.append(f"{p.title} {p.body}")
    for s in getattr(kb, "skills", ()):
        parts += [s.title, s.summary, *s.good_looks_like, *s.takeover_traps]
        parts += [g.description for g in (*s.gap_signals, *s.strength_signals)]
    return "\n".join([*parts, "MEDDPICC", "Socratic"])


def notes_corpus(notes: list[object], knowledge: str) -> str:
    """Text an answer about these notes may draw names, numbers and dates from."""

    parts: list[str] = []
    for n in notes:
        parts += [getattr(n, "text", ""), getattr(n, "deal_id", "")]
        parts += [v for v in (getattr(n, "account", None), getattr(n, "rep", None), getattr(n, "author", None)) if v]
        for d in (getattr(n, "date", None), getattr(n, "close_date", None)):
            if d is not None:
                parts += [d.isoformat(), human_date(d)]
    return "\n".join(parts) + "\n" + knowledge
