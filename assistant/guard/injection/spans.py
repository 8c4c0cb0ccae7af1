"""Which spans of a note are planted instructions: each sentence of the canonical split is scored alone and with
its next sentence (an instruction spread over two sentences, or split by a line break inside pasted JSON, reads
as one). A sentence is flagged when it scores at or above the model's threshold, or when a pair it belongs to
does and neither half does alone (both go), or the other half does and this one scores at least half the
threshold itself; so the ordinary note around a payload ("Next step: demo on the 14th.") is still used.

Scores are cached by text for the process, so a note read by prep, chat and the prompt builder is scored once.
A sentence is only embedded when the cheap n-gram screen passes it, so ordinary notes rarely load the model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from .model import InjectionModel, load_model
from .normalise import inspect

Embed = Callable[[list[str]], np.ndarray]


def windows(parts: Sequence[str]) -> list[str]:
    """Each sentence joined with the next one."""
    return [f"{a} {b}" for a, b in zip(parts, parts[1:], strict=False)]


def _default_embed(texts: list[str]) -> np.ndarray:
    from ...embedding import get_embedder

    return get_embedder().embed(texts)


class Detector:
    def __init__(self, model: InjectionModel | None = None, embed: Embed | None = None) -> None:
        self._model = model
        self._embed = embed or _default_embed
        self._cache: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def model(self) -> InjectionModel:
        if self._model is None:
            self._model = load_model()
        return self._model

    def score_texts(self, texts: Sequence[str]) -> list[float]:
        with self._lock:
            todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            values = self.model.scores([inspect(t) for t in todo], self._embed)
            with self._lock:
                if len(self._cache) > 50_000:
                    self._cache.clear()
                self._cache.update(zip(todo, (float(v) for v in values), strict=True))
        with self._lock:
            return [self._cache[t] for t in texts]

    def flags(self, parts: Sequence[str]) -> list[bool]:
        """One flag per sentence (see the module docstring)."""
        if not parts:
            return []
        pairs = windows(parts)
        scores = self.score_texts([*parts, *pairs])
        own, joint = scores[: len(parts)], scores[len(parts) :]
        t = self.model.threshold
        out = [s >= t for s in own]
        for i, value in enumerate(joint):
            if value < t:
                continue
            if not (out[i] or out[i + 1]):  # split across the two: both halves go
                out[i] = out[i + 1] = True
            else:  # one half is the payload; its neighbour goes only if it is half-way suspicious itself
                out[i] = out[i] or own[i] >= t / 2
                out[i + 1] = out[i + 1] or own[i + 1] >= t / 2
        return out


@lru_cache(maxsize=1)
def detector() -> Detector:
    """The process's detector over the shipped model and the shared embedder."""
    return Detector()
