"""Lexical retrieval with bm25s over a team's chunks, built lazily and cached per revision."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

import bm25s
import numpy as np
from bm25s.selection import topk

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "that",
        "the",
        "their",
        "them",
        "there",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "you",
        "your",
    ]
)


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens without stopwords; light plural folding keeps recall on 'deals'/'deal'."""
    out = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


class BM25Index:
    """BM25 over a fixed list of documents; `search` can be restricted by a boolean mask."""

    def __init__(self, documents: Sequence[str]) -> None:
        self.size = len(documents)
        self._model: bm25s.BM25 | None = None
        corpus = [tokenize(d) or ["_empty_"] for d in documents]
        if corpus:
            self._model = bm25s.BM25()
            self._model.index(corpus, show_progress=False)
        self._lock = threading.Lock()

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(document index, score) best first; documents with score 0 are left out."""
        tokens = tokenize(query)
        if self._model is None or not tokens:
            return []
        k = min(k, self.size if mask is None else int(mask.sum()))
        if k <= 0:
            return []
        weights = None if mask is None else mask.astype(np.float32)
        with self._lock:  # bm25s keeps per-call state; keep it simple and safe
            # What `retrieve` does for one query (scores, then numpy top-k), without its per-call thread pool and
            # input checks: 0.07 instead of 0.27 ms at 2,000 chunks, the same documents and scores.
            scores = self._model.get_scores(tokens, weight_mask=weights)
        top, docs = topk(scores, k, backend="numpy", sorted=True)
        return [(int(d), float(s)) for d, s in zip(docs, top, strict=True) if s > 0]
