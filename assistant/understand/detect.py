"""Skill signals in a deal's sentences: the learned classifiers, with the knowledge patterns as a feature.

A pattern alone is never evidence: it adds to the classifier's probability, and only the sum crosses the
threshold. Each hit keeps the sentence verbatim and the note's date, so later evidence can resolve earlier gaps.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np

from ..knowledge import KnowledgeBase, Signal
from ..text import Sentence, shorten
from .classifier import SignalModel
from .model import SignalHit

PATTERN_BOOST = 0.25

_regex_cache: dict[str, dict[str, re.Pattern[str]]] = {}


def signal_regexes(kb: KnowledgeBase) -> dict[str, re.Pattern[str]]:
    """One compiled alternation per signal id (per knowledge digest)."""
    cached = _regex_cache.get(kb.digest)
    if cached is None:
        cached = _regex_cache[kb.digest] = {
            s.id: re.compile("|".join(f"(?:{p})" for p in s.patterns), re.I)
            for _, _, s in kb.all_signals()
            if s.patterns
        }
    return cached


def detect(
    kb: KnowledgeBase,
    model: SignalModel,
    spans: list[Sentence],
    vectors: np.ndarray,
    dates: dict[str, date | None],
) -> tuple[list[SignalHit], np.ndarray]:
    """Hits per sentence and the full probability matrix (sentences x model signals) for structural use."""
    probs = model.scores([s.text for s in spans], vectors)
    if not spans:
        return [], probs
    meta: dict[str, tuple[str, str, Signal]] = {s.id: (skill, pol, s) for skill, pol, s in kb.all_signals()}
    regexes = signal_regexes(kb)
    hits: list[SignalHit] = []
    for j, signal_id in enumerate(model.signals):
        if signal_id not in meta:
            continue
        skill, polarity, signal = meta[signal_id]
        regex = regexes.get(signal_id)
        column = probs[:, j].copy()
        if regex is not None:
            column += np.array([PATTERN_BOOST if regex.search(s.text) else 0.0 for s in spans], dtype=np.float32)
        for i in np.flatnonzero(column >= model.thresholds[j]):
            span = spans[int(i)]
            hits.append(
                SignalHit(
                    skill,
                    signal_id,
                    polarity,
                    span.note_id,
                    shorten(span.text),
                    "classifier",
                    round(float(min(1.0, column[i])), 3),
                    signal.element,
                    dates.get(span.note_id),
                )
            )
    return hits, probs
