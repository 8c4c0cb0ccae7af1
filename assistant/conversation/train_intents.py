"""`make train`: rebuild the shipped chat intent classifier from evals/datasets/chat/, seeded, byte for byte.

Weights are rounded before they are written, so the files do not depend on the last bits of a float
computation; the dataset digest is stored with them so a test can tell a stale model from a fresh one.
The names in the writers' messages are masked with the writers' own team sheet (TEAM.md), exactly as the
chat masks a live message with its team's gazetteer.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..store.embeddings import get_embedder
from .dataset import CHAT_DIR, Utterance, chat_digest, load_utterances, team_table
from .entities import Linker, mask
from .gazetteer import Gazetteer
from .intents import INTENTS, MODEL_JSON, MODEL_NPY, IntentModel, Turn, char_vectorizer, features, word_vectorizer

SEED = 13
C = 4.0  # chosen leave-one-writer-out (python -m assistant.evals.chat_intents): mean 0.933 (C=4), 0.931 (8, 16)
DECIMALS = 4


def to_turns(utterances: list[Utterance], gaz: Gazetteer) -> list[Turn]:
    linker = Linker(gaz)
    turns = []
    for u in utterances:
        scope = frozenset(d.deal_id for d in gaz.rep_deals(u.as_rep)) if u.as_rep else frozenset()
        turns.append(Turn(mask(u.text, linker.link(u.text, scope)), u.speaker, bool(u.history)))
    return turns


def _vocabulary(vec: Any) -> dict[str, int]:
    return {k: int(v) for k, v in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])}


def fit(turns: list[Turn], vectors: np.ndarray, labels: list[str], c: float = C) -> IntentModel:
    from sklearn.linear_model import LogisticRegression

    texts = [t.masked for t in turns]
    vecs = (char_vectorizer().fit(texts), word_vectorizer().fit(texts))
    x = features(turns, vectors, vecs)
    classes = [i for i in INTENTS if i in set(labels)]
    clf = LogisticRegression(C=c, max_iter=3000, random_state=SEED, class_weight="balanced")
    clf.fit(x, np.array([classes.index(label) for label in labels]))
    char_vocabulary, word_vocabulary = (_vocabulary(v) for v in vecs)
    return IntentModel(
        classes=tuple(classes),
        weights=np.round(clf.coef_, DECIMALS).astype(np.float32),
        bias=np.round(clf.intercept_, DECIMALS).astype(np.float32),
        char_vocabulary=char_vocabulary,
        char_idf=[round(float(v), DECIMALS) for v in vecs[0].idf_],
        word_vocabulary=word_vocabulary,
        word_idf=[round(float(v), DECIMALS) for v in vecs[1].idf_],
        digest="fit-" + hashlib.sha256(json.dumps([char_vocabulary, word_vocabulary]).encode()).hexdigest()[:16],
    )


def train(folder: Path = CHAT_DIR, json_path: Path = MODEL_JSON, npy_path: Path = MODEL_NPY) -> dict[str, object]:
    utterances = load_utterances(folder)
    turns = to_turns(utterances, team_table(folder / "TEAM.md"))
    vectors = get_embedder().embed([t.masked for t in turns])
    model = fit(turns, vectors, [u.intent for u in utterances])
    meta = {
        "dataset_digest": chat_digest(folder),
        "examples": len(utterances),
        "writers": sorted({u.writer for u in utterances}),
        "classes": list(model.classes),
        "bias": [float(b) for b in model.bias],
        "char_vocabulary": model.char_vocabulary,
        "char_idf": model.char_idf,
        "word_vocabulary": model.word_vocabulary,
        "word_idf": model.word_idf,
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(meta, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    np.save(npy_path, model.weights, allow_pickle=False)
    return {"examples": len(utterances), "intents": len(model.classes), "features": int(model.weights.shape[1])}


def main() -> None:
    print(json.dumps(train()), file=sys.stdout)


if __name__ == "__main__":
    main()
