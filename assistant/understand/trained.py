"""Reading the small trained-model files `make train` writes (JSON weights): one loader for all of them.

A file is read once per path, checked against the features the code computes (a model trained on other
features is an error, not a silent misfit), and its digest kept so stored deal models built with other
weights are rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np

from ..errors import BackendError

T = TypeVar("T")
_lock = threading.Lock()
_loaded: dict[Path, object] = {}


def load_trained(path: Path, what: str, features: Sequence[str], build: Callable[[dict[str, Any], str], T]) -> T:
    """The model in `path`, built by `build(raw, digest)` the first time and cached by path."""
    with _lock:
        if path in _loaded:
            return cast(T, _loaded[path])
        try:
            data = path.read_bytes()
            raw = json.loads(data)
        except (OSError, ValueError) as exc:
            raise BackendError(f"the {what} {path} cannot be read ({exc}); run `make train`") from None
        if list(raw.get("features", [])) != list(features):
            raise BackendError(f"the {what} {path} was trained on other features; run `make train`")
        model = build(raw, hashlib.sha256(data).hexdigest()[:12])
        _loaded[path] = model
        return model


@dataclass(frozen=True)
class LogisticModel:
    """One binary logistic regression over a fixed feature vector, and the probability it must reach."""

    weights: np.ndarray
    bias: float
    threshold: float
    digest: str

    def score(self, x: np.ndarray) -> float:
        return 1.0 / (1.0 + math.exp(-float(x @ self.weights + self.bias)))

    def accepts(self, x: np.ndarray) -> bool:
        return self.score(x) >= self.threshold

    @classmethod
    def from_raw(cls, raw: dict[str, Any], digest: str = "") -> LogisticModel:
        return cls(np.asarray(raw["weights"], dtype=np.float64), float(raw["bias"]), float(raw["threshold"]), digest)


def load_logistic(path: Path, what: str, features: Sequence[str]) -> LogisticModel:
    return load_trained(path, what, features, LogisticModel.from_raw)


def fit_logistic(x: np.ndarray, y: np.ndarray, c: float, threshold: float, seed: int, decimals: int) -> dict[str, Any]:
    """The weights `make train` writes for a LogisticModel: seeded and rounded, so a rebuild is byte for byte."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=5000, random_state=seed).fit(x, y)
    return {
        "weights": [round(float(w), decimals) for w in clf.coef_[0]],
        "bias": round(float(clf.intercept_[0]), decimals),
        "threshold": threshold,
    }


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1, rounded for the `--cv` reports."""
    p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}
