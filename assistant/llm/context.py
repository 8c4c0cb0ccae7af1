"""What goes to the model: notes as delimited untrusted data, packed by relevance up to a token budget,
with contact details optionally redacted (and restored in the answer)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from ..models import Note
from ..text import without_injections
from ..tokens import count_tokens

_CONTACT = [
    ("EMAIL", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    (
        "PHONE",
        re.compile(
            r"(?<!\w)(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)|"
            r"(?<!\w)\+?\d{1,3}[\s.-]\d{3}[\s.-]\d{4}(?!\d)|\b555-\d{4}\b"
        ),
    ),
    (
        "ADDRESS",
        re.compile(
            r"\b\d{1,5} [A-Z][a-z]+(?: [A-Z][a-z]+)* (?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|"
            r"Boulevard|Blvd|Way|Court|Ct)\b\.?"
        ),
    ),
]


@dataclass
class Redactor:
    """Replaces contact details with placeholders before a prompt leaves the machine; restores them after."""

    enabled: bool
    mapping: dict[str, str] = field(default_factory=dict)

    def redact(self, text: str) -> str:
        if not self.enabled:
            return text
        for kind, pattern in _CONTACT:

            def swap(match: re.Match[str], kind: str = kind) -> str:
                value = match.group(0)
                for placeholder, original in self.mapping.items():
                    if original == value:
                        return placeholder
                placeholder = f"[{kind}_{sum(p.startswith(f'[{kind}_') for p in self.mapping) + 1}]"
                self.mapping[placeholder] = value
                return placeholder

            text = pattern.sub(swap, text)
        return text

    def restore(self, value: Any) -> Any:
        """Put the originals back into every string of a JSON-like structure."""
        if isinstance(value, str):
            for placeholder, original in self.mapping.items():
                value = value.replace(placeholder, original)
            return value
        if isinstance(value, list):
            return [self.restore(v) for v in value]
        if isinstance(value, dict):
            return {k: self.restore(v) for k, v in value.items()}
        return value


def contact_details(text: str) -> list[str]:
    return [m.group(0) for _, pattern in _CONTACT for m in pattern.finditer(text)]


def escape(value: str) -> str:
    """Untrusted text for a prompt: markup escaped, so nothing in it can open or close a delimited block."""
    return html.escape(value, quote=False)


def one_line(value: object) -> str:
    """A CRM field or a name: whitespace collapsed, so it cannot start a line of its own in the prompt."""
    return " ".join(str(value).split())


def note_block(note: Note, redactor: Redactor) -> str:
    """One note as delimited data; planted instructions (the injection detector) and the sentences next to them cut
    out, markup inside the note escaped so it cannot close the block."""
    body = escape(redactor.redact(without_injections(note.text, neighbours=True)))
    date = f' date="{note.date.isoformat()}"' if note.date else ""
    return f'<note id="{html.escape(note.note_id)}"{date}>\n{body}\n</note>'


def pack_notes(
    ranked: list[Note], fixed_tokens: int, budget: int, redactor: Redactor, encoding: str = "cl100k_base"
) -> tuple[list[Note], str]:
    """Whole notes in relevance order while the prompt stays within `budget` tokens (never cut mid-note)."""
    chosen: list[Note] = []
    blocks: list[str] = []
    used = fixed_tokens
    for note in ranked:
        block = note_block(note, redactor)
        cost = count_tokens(block + "\n", encoding)
        if used + cost > budget:
            continue
        chosen.append(note)
        blocks.append(block)
        used += cost
    return chosen, "\n".join(blocks)


def encoding_for(model: str) -> str:
    return "o200k_base" if re.match(r"(gpt-4o|gpt-4\.1|gpt-5|o\d)", model) else "cl100k_base"
