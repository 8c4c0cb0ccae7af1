"""`make train`: fit the follow-through reading (followthrough.py) on labelled (commitment, later note) pairs.

The pairs are in `evals/datasets/commitments/WRITER/followups.jsonl`, written by independent writers who never saw
the engine, each in their own style. Seeded and rounded: rebuilt byte for byte.
`python -m assistant.understand.train_followthrough --cv` prints leave-one-writer-out accuracy and per-label
precision/recall (train on the other writers, test on this one's pairs); it writes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..store.embeddings import get_embedder
from ..text import sentences
from .commitments import read_pledge
from .followthrough import FEATURES, LABELS, pair_features

DATASET = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "commitments"
HOLDOUT = DATASET.with_name("commitments_holdout")  # writers never trained on: `--holdout` measures the shipped model
WEIGHTS = Path(__file__).resolve().parent / "data" / "followthrough.json"
SEED = 7
C = 1.0
DECIMALS = 4
Pair = tuple[str, np.ndarray, int]  # writer, features, label index


def writers(dataset: Path = DATASET) -> list[str]:
    return sorted(p.parent.name for p in dataset.glob("*/followups.jsonl"))


def corpus_digest(dataset: Path = DATASET) -> str:
    h = hashlib.sha256()
    for w in writers(dataset):
        h.update(w.encode() + (dataset / w / "followups.jsonl").read_bytes())
    return h.hexdigest()[:12]


OTHERS = (7, 19)  # each commitment also meets the first note written for these commitments further on


def writer_pairs(writer: str, dataset: Path = DATASET) -> list[Pair]:
    """The writer's labelled pairs, and per commitment two notes written for other commitments of the same
    writer, labelled unrelated: in a real deal most notes after a commitment are about something else, while
    the writers' excerpts are mostly about the commitment (near-misses on purpose)."""
    embedder = get_embedder(64)
    items = [
        json.loads(line)
        for line in (dataset / writer / "followups.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    out: list[Pair] = []
    for i, item in enumerate(items):
        action = read_pledge(item["commitment"], None).action
        later = [(x["text"], x["label"]) for x in item["later"]]
        later += [(items[(i + k) % len(items)]["later"][0]["text"], "unrelated") for k in OTHERS]
        for text, label in later:
            spans = [s.text for s in sentences("x", text)]
            x, _ = pair_features(action, text, spans, lambda t: np.asarray(embedder.embed(t)))
            out.append((writer, x, LABELS.index(label)))
    return out


def fit(pairs: list[Pair]) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    x = np.stack([p[1] for p in pairs])
    y = np.array([p[2] for p in pairs])
    clf = LogisticRegression(C=C, max_iter=5000, random_state=SEED, fit_intercept=False).fit(x, y)
    return np.round(clf.coef_, DECIMALS)


def _predict(coef: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.argmax(x @ coef.T, axis=1)


def scores(truth: np.ndarray, got: np.ndarray) -> dict[str, Any]:
    out: dict[str, Any] = {"pairs": int(len(truth)), "accuracy": round(float((truth == got).mean()), 3)}
    for i, label in enumerate(LABELS):
        tp = int(((got == i) & (truth == i)).sum())
        p = tp / max(1, int((got == i).sum()))
        r = tp / max(1, int((truth == i).sum()))
        out[label] = {"precision": round(p, 3), "recall": round(r, 3)}
    return out


def leave_one_writer_out(dataset: Path = DATASET) -> dict[str, Any]:
    data = {w: writer_pairs(w, dataset) for w in writers(dataset)}
    out: dict[str, Any] = {}
    for held in data:
        coef = fit([p for w, ps in data.items() if w != held for p in ps])
        x = np.stack([p[1] for p in data[held]])
        out[held] = scores(np.array([p[2] for p in data[held]]), _predict(coef, x))
    return out


def held_out(holdout: Path = HOLDOUT) -> dict[str, Any]:
    """The shipped model on writers it was never trained on, at its decision threshold (DONE_AT)."""
    from .followthrough import DONE_AT, load_followthrough

    model = load_followthrough()
    out: dict[str, Any] = {}
    for writer in writers(holdout):
        pairs = writer_pairs(writer, holdout)
        p = model.probabilities(np.stack([x for _, x, _ in pairs]))
        got = np.where((p.argmax(1) == 0) & (p[:, 0] >= DONE_AT), 0, np.where(p[:, 1] >= p[:, 2], 1, 2))
        out[writer] = scores(np.array([y for _, _, y in pairs]), got)
    return out


def train(dataset: Path = DATASET, path: Path = WEIGHTS) -> dict[str, Any]:
    pairs = [p for w in writers(dataset) for p in writer_pairs(w, dataset)]
    coef = fit(pairs)
    meta = {
        "features": list(FEATURES),
        "labels": list(LABELS),
        "writers": writers(dataset),
        "pairs": len(pairs),
        "digest": corpus_digest(dataset),
        "coef": coef.tolist(),
    }
    path.write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return {"pairs": len(pairs), "writers": meta["writers"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="Print leave-one-writer-out figures; write nothing.")
    parser.add_argument("--holdout", action="store_true", help="Print the shipped model on held-out writers.")
    args = parser.parse_args(argv)
    result = leave_one_writer_out() if args.cv else held_out() if args.holdout else train()
    print(json.dumps(result, indent=1), file=sys.stdout)


if __name__ == "__main__":
    main()
