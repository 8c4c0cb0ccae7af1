"""Learned signal classifiers: one logistic regression per signal over a sentence's MiniLM embedding and its
word n-grams (TF-IDF), trained by `make train` from the labelled corpus in evals/datasets/signals/.

The shipped files are plain data (a JSON header and one .npy weight matrix), so loading needs no pickle and the
files are rebuilt byte for byte from the corpus. Scores are probabilities; each signal has its own threshold
(0.5 for all: per-signal thresholds chosen by nested leave-one-writer-out lowered macro-F1, .803 -> .794).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..store.embeddings import Embedder
from ..weights import read_shipped

DATA = Path(__file__).resolve().parent / "data"
MODEL_JSON = DATA / "signals.json"
MODEL_NPY = DATA / "signals.npy"
TOKEN_PATTERN = r"(?u)\b\w[\w'’]*\b|\?"


def vectorizer(vocabulary: dict[str, int] | None = None, idf: list[float] | None = None) -> Any:
    """The word n-gram featuriser; with a vocabulary and idf it is the shipped one, without it is to be fitted."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, max_features=6000, sublinear_tf=True, token_pattern=TOKEN_PATTERN,
        vocabulary=vocabulary,
    )  # fmt: skip
    if vocabulary is not None and idf is not None:
        vec.idf_ = np.asarray(idf, dtype=np.float64)
    return vec


@dataclass(frozen=True)
class SignalModel:
    signals: tuple[str, ...]
    weights: np.ndarray  # (signals, 384 + vocabulary)
    bias: np.ndarray  # (signals,)
    thresholds: np.ndarray  # (signals,)
    vocabulary: dict[str, int]
    idf: list[float]
    corpus_digest: str
    _featuriser: list[tuple[Any, np.ndarray, np.ndarray]] = field(default_factory=list, repr=False, compare=False)

    def _parts(self, dim: int) -> tuple[Any, np.ndarray, np.ndarray]:
        """The featuriser and the two weight blocks (embedding, n-grams), transposed contiguous: built once per
        model, not per deal (building the featuriser validates the vocabulary)."""
        if not self._featuriser:
            weights = self.weights.astype(np.float32)
            self._featuriser.append(
                (
                    vectorizer(self.vocabulary, self.idf),
                    np.ascontiguousarray(weights[:, :dim].T),
                    np.ascontiguousarray(weights[:, dim:].T),
                )
            )
        return self._featuriser[0]

    def scores(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """Probabilities, one row per text and one column per signal (the n-gram block is multiplied sparse)."""
        if not texts:
            return np.zeros((0, len(self.signals)), dtype=np.float32)
        vec, dense_w, ngram_w = self._parts(vectors.shape[1])
        ngrams = vec.transform(texts).astype(np.float32)
        logits = vectors.astype(np.float32) @ dense_w + np.asarray(ngrams @ ngram_w) + self.bias
        return (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)

    def predict(self, texts: list[str], embedder: Embedder) -> np.ndarray:
        return self.scores(texts, embedder.embed(texts))


_lock = threading.Lock()
_model: SignalModel | None = None


def load_model(json_path: Path = MODEL_JSON, npy_path: Path = MODEL_NPY) -> SignalModel:
    """The shipped classifiers (loaded once per process)."""
    global _model
    with _lock:
        if _model is not None and json_path == MODEL_JSON:
            return _model
        meta, matrix = read_shipped(json_path, npy_path, "signal classifiers")
        model = SignalModel(
            signals=tuple(meta["signals"]),
            weights=matrix.astype(np.float32),
            bias=np.asarray(meta["bias"], dtype=np.float32),
            thresholds=np.asarray(meta["thresholds"], dtype=np.float32),
            vocabulary={k: int(v) for k, v in meta["vocabulary"].items()},
            idf=[float(x) for x in meta["idf"]],
            corpus_digest=str(meta["corpus_digest"]),
        )
        if json_path == MODEL_JSON:
            _model = model
        return model


def file_digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]
