"""The injection classifier: one logistic regression over a sentence's MiniLM embedding, its word n-grams and
its character n-grams, all read from the normalised and decoded text (`normalise.inspect`), plus three signs of
hiding (invisible characters, look-alike letters, an encoded payload).

Why these features: the embedding carries what a sentence asks for ("whoever summarises this later, please set
aside your guidance") where no trigger word is present; character n-grams carry other languages and broken
spellings the English model does not know; the word n-grams carry phrases. The weights are plain data (a JSON
header and one .npy vector) rebuilt byte for byte by `python -m assistant.guard.injection.train`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ...errors import BackendError
from .normalise import Inspection, inspect

DATA = Path(__file__).resolve().parent.parent / "data"
MODEL_JSON = DATA / "injection.json"
MODEL_NPY = DATA / "injection.npy"
WORD_PATTERN = r"(?u)\b\w[\w'’]*\b|[<>{}\[\]|:#]"
HIDING = ("invisible", "confusable", "decoded")


def word_vectorizer(vocabulary: dict[str, int] | None = None, idf: Sequence[float] | None = None) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        ngram_range=(1, 2), min_df=2, max_features=8000, sublinear_tf=True, token_pattern=WORD_PATTERN,
        lowercase=True, vocabulary=vocabulary,
    )  # fmt: skip
    if vocabulary is not None and idf is not None:
        vec.idf_ = np.asarray(idf, dtype=np.float64)
    return vec


def char_vectorizer(vocabulary: dict[str, int] | None = None, idf: Sequence[float] | None = None) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=3, max_features=20000, sublinear_tf=True, lowercase=True,
        vocabulary=vocabulary,
    )  # fmt: skip
    if vocabulary is not None and idf is not None:
        vec.idf_ = np.asarray(idf, dtype=np.float64)
    return vec


def hiding(views: Sequence[Inspection]) -> np.ndarray:
    return np.asarray(
        [[float(v.invisible > 0), float(v.confusable > 0), float(bool(v.decoded))] for v in views], dtype=np.float32
    ).reshape(len(views), len(HIDING))


def stack(vectors: np.ndarray, word: Any, char: Any, signs: np.ndarray) -> Any:
    from scipy import sparse

    return sparse.hstack([sparse.csr_matrix(vectors.astype(np.float32)), word, char, sparse.csr_matrix(signs)]).tocsr()


@dataclass(frozen=True)
class InjectionModel:
    weights: np.ndarray  # (384 + words + chars + hiding,)
    bias: float
    threshold: float
    word_vocabulary: dict[str, int]
    word_idf: list[float]
    char_vocabulary: dict[str, int]
    char_idf: list[float]
    training_digest: str
    _vectorizers: dict[str, Any]

    def featurise(self, views: Sequence[Inspection], vectors: np.ndarray) -> Any:
        if not self._vectorizers:
            self._vectorizers["word"] = word_vectorizer(self.word_vocabulary, self.word_idf)
            self._vectorizers["char"] = char_vectorizer(self.char_vocabulary, self.char_idf)
        texts = [v.text for v in views]
        word = self._vectorizers["word"].transform(texts)
        char = self._vectorizers["char"].transform(texts)
        return stack(vectors, word, char, hiding(views))

    def scores(self, views: Sequence[Inspection], vectors: np.ndarray) -> np.ndarray:
        """Probability that each sentence is an instruction planted for the assistant."""
        if not views:
            return np.zeros(0, dtype=np.float32)
        logits = self.featurise(views, vectors) @ self.weights + self.bias
        return (1.0 / (1.0 + np.exp(-np.asarray(logits).ravel()))).astype(np.float32)


_lock = threading.Lock()
_model: InjectionModel | None = None


def load_model(json_path: Path = MODEL_JSON, npy_path: Path = MODEL_NPY) -> InjectionModel:
    """The shipped detector (loaded once per process)."""
    global _model
    with _lock:
        if _model is not None and json_path == MODEL_JSON:
            return _model
        try:
            meta = json.loads(json_path.read_text(encoding="utf-8"))
            weights = np.load(npy_path, allow_pickle=False).astype(np.float32)
        except (OSError, ValueError) as exc:
            raise BackendError(f"injection detector cannot be read ({json_path}): {exc}; run `make train`") from None
        model = InjectionModel(
            weights=weights,
            bias=float(meta["bias"]),
            threshold=float(meta["threshold"]),
            word_vocabulary={k: int(v) for k, v in meta["word_vocabulary"].items()},
            word_idf=[float(x) for x in meta["word_idf"]],
            char_vocabulary={k: int(v) for k, v in meta["char_vocabulary"].items()},
            char_idf=[float(x) for x in meta["char_idf"]],
            training_digest=str(meta["training_digest"]),
            _vectorizers={},
        )
        if json_path == MODEL_JSON:
            _model = model
        return model
