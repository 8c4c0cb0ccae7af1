"""`make train`: rebuild the shipped signal classifiers from the corpus, seeded, byte for byte.

Weights are rounded before they are written, so the files do not depend on the last bits of a float
computation; the corpus digest is stored with them so `make test` can tell a stale model from a fresh one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from ..knowledge import load_knowledge
from ..settings import get_settings
from ..store.embeddings import get_embedder
from .classifier import MODEL_JSON, MODEL_NPY, vectorizer
from .corpus import CORPUS_DIR, Example, corpus_digest, load_corpus

SEED = 13
C = 16.0  # chosen leave-one-writer-out: macro-F1 0.743 (C=4), 0.700 (C=1), 0.750 (C=16) at threshold 0.5
DECIMALS = 4


def embed_corpus(examples: list[Example]) -> np.ndarray:
    return get_embedder().embed([e.text for e in examples])


def fit(
    examples: list[Example], vectors: np.ndarray, signals: list[str]
) -> tuple[np.ndarray, np.ndarray, dict[str, int], list[float]]:
    """One logistic regression per signal over [embedding, tf-idf n-grams]; returns (W, b, vocabulary, idf)."""
    from sklearn.linear_model import LogisticRegression

    vec = vectorizer()
    sparse = vec.fit_transform([e.text for e in examples]).toarray().astype(np.float32)
    x = np.hstack([vectors.astype(np.float32), sparse])
    weights = np.zeros((len(signals), x.shape[1]), dtype=np.float64)
    bias = np.zeros(len(signals), dtype=np.float64)
    for i, signal in enumerate(signals):
        y = np.array([signal in e.labels for e in examples], dtype=np.int32)
        if y.sum() == 0:
            bias[i] = -10.0
            continue
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, random_state=SEED)
        clf.fit(x, y)
        weights[i] = clf.coef_[0]
        bias[i] = clf.intercept_[0]
    vocabulary = {k: int(v) for k, v in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])}
    return weights, bias, vocabulary, [float(v) for v in vec.idf_]


def train(folder: Path = CORPUS_DIR, json_path: Path = MODEL_JSON, npy_path: Path = MODEL_NPY) -> dict[str, object]:
    kb = load_knowledge(get_settings().knowledge_dir)
    signals = [s.id for _, _, s in kb.all_signals()]
    examples = load_corpus(set(signals), folder)
    weights, bias, vocabulary, idf = fit(examples, embed_corpus(examples), signals)
    thresholds = [0.5] * len(signals)
    meta = {
        "corpus_digest": corpus_digest(folder),
        "examples": len(examples),
        "writers": sorted({e.writer for e in examples}),
        "signals": signals,
        "bias": [round(float(b), DECIMALS) for b in bias],
        "thresholds": thresholds,
        "vocabulary": vocabulary,
        "idf": [round(v, DECIMALS) for v in idf],
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(meta, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    np.save(npy_path, np.round(weights, DECIMALS).astype(np.float32), allow_pickle=False)
    return {"examples": len(examples), "signals": len(signals), "features": int(weights.shape[1])}


def main() -> None:
    result = train()
    print(json.dumps(result), file=sys.stdout)


if __name__ == "__main__":
    main()
