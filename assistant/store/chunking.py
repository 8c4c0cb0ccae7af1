"""Split long notes into token-bounded chunks (tiktoken), preferring sentence boundaries."""

from __future__ import annotations

import re

from ..models import Chunk, Note
from ..tokens import get_encoding

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def chunk_note(note: Note, max_tokens: int = 200, overlap: int = 32) -> list[Chunk]:
    """One chunk for a short note; for a long one, windows of whole sentences up to max_tokens.

    A single sentence longer than the window is cut by tokens (with `overlap` tokens repeated),
    so no chunk exceeds the embedding model's reach.
    """
    enc = get_encoding()
    text = note.text.strip()
    if len(enc.encode(text, disallowed_special=())) <= max_tokens:
        pieces = [text]
    else:
        pieces = []
        current: list[str] = []
        size = 0
        for sentence in (s for s in _SENTENCE_END.split(text) if s.strip()):
            tokens = enc.encode(sentence, disallowed_special=())
            if len(tokens) > max_tokens:
                if current:
                    pieces.append(" ".join(current))
                    current, size = [], 0
                step = max(1, max_tokens - overlap)
                pieces += [enc.decode(tokens[i : i + max_tokens]) for i in range(0, len(tokens), step)]
                continue
            if size + len(tokens) > max_tokens and current:
                pieces.append(" ".join(current))
                current, size = [], 0
            current.append(sentence.strip())
            size += len(tokens) + 1
        if current:
            pieces.append(" ".join(current))
    return [
        Chunk(f"{note.note_id}#{i}", note.note_id, note.deal_id, note.rep, i, piece) for i, piece in enumerate(pieces)
    ]
