"""Named things in advice: every capitalised name, multi-digit number, amount and date must come from the
deal's notes or the knowledge base. Shared by the LLM engine's check and the evals' grounding metric."""

from __future__ import annotations

import re

from .sentences import split_sentences

_ENTITY = re.compile(r"(?<![\w$])(\$?\d[\d,.]*\d%?|\$\d|\d{1,2} [A-Z][a-z]{2} \d{4}|[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)")


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
