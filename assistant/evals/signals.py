"""Signal classifiers measured leave-one-writer-out: train without writer W, test on W's texts, for every W.

`python -m assistant.evals.signals [--json] [--threshold T]` prints per-signal and macro precision, recall and
F1 pooled over the held-out writers, and how often each kind of hard negative is wrongly flagged. No text of
the writer being tested is seen in training, so the figures say how the classifiers do on a new writer's style.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

import numpy as np

from ..knowledge import load_knowledge
from ..settings import get_settings
from ..understand.corpus import Example, load_corpus
from ..understand.train import embed_corpus, fit


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def leave_one_writer_out(examples: list[Example], vectors: np.ndarray, signals: list[str]) -> np.ndarray:
    """Held-out probabilities for every example (rows) and signal (columns)."""
    probs = np.zeros((len(examples), len(signals)), dtype=np.float32)
    writers = sorted({e.writer for e in examples})
    for writer in writers:
        train_idx = [i for i, e in enumerate(examples) if e.writer != writer]
        test_idx = [i for i, e in enumerate(examples) if e.writer == writer]
        model = fit([examples[i] for i in train_idx], vectors[train_idx], signals)
        probs[test_idx] = model.scores([examples[i].text for i in test_idx], vectors[test_idx])
    return probs


def report(examples: list[Example], probs: np.ndarray, signals: list[str], threshold: float) -> dict[str, object]:
    per_signal: dict[str, dict[str, float]] = {}
    for j, signal in enumerate(signals):
        truth = np.array([signal in e.labels for e in examples])
        pred = probs[:, j] >= threshold
        tp, fp, fn = int((truth & pred).sum()), int((~truth & pred).sum()), int((truth & ~pred).sum())
        p, r, f = _prf(tp, fp, fn)
        per_signal[signal] = {"precision": p, "recall": r, "f1": f, "support": int(truth.sum())}
    hard: dict[str, list[bool]] = defaultdict(list)
    index = {s: j for j, s in enumerate(signals)}
    for i, e in enumerate(examples):
        if e.label == "neg" and e.signal in index and e.signal not in e.labels:
            hard[e.neg_kind or "other"].append(bool(probs[i, index[e.signal]] >= threshold))
    by_writer: dict[str, float] = {}
    for writer in sorted({e.writer for e in examples}):
        rows = [i for i, e in enumerate(examples) if e.writer == writer]
        f1s = []
        for j, signal in enumerate(signals):
            truth = np.array([signal in examples[i].labels for i in rows])
            pred = probs[rows, j] >= threshold
            f1s.append(_prf(int((truth & pred).sum()), int((~truth & pred).sum()), int((truth & ~pred).sum()))[2])
        by_writer[writer] = float(np.mean(f1s))
    return {
        "examples": len(examples),
        "writers": sorted({e.writer for e in examples}),
        "threshold": threshold,
        "macro": {k: float(np.mean([v[k] for v in per_signal.values()])) for k in ("precision", "recall", "f1")},
        "by_writer_macro_f1": by_writer,
        "hard_negative_flagged": {k: float(np.mean(v)) for k, v in sorted(hard.items())},
        "signals": per_signal,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args(argv)
    kb = load_knowledge(get_settings().knowledge_dir)
    signals = [s.id for _, _, s in kb.all_signals()]
    examples = load_corpus(set(signals))
    probs = leave_one_writer_out(examples, embed_corpus(examples), signals)
    result = report(examples, probs, signals, args.threshold)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"leave-one-writer-out over {len(result['writers'])} writers, {result['examples']} texts")  # type: ignore[arg-type]
    print(f"{'signal':28} {'P':>5} {'R':>5} {'F1':>5} {'n':>4}")
    for signal, v in result["signals"].items():  # type: ignore[attr-defined]
        print(f"{signal:28} {v['precision']:5.2f} {v['recall']:5.2f} {v['f1']:5.2f} {v['support']:4d}")
    m = result["macro"]
    print(f"{'macro':28} {m['precision']:5.2f} {m['recall']:5.2f} {m['f1']:5.2f}")  # type: ignore[index]
    print("held-out writer macro-F1:", {k: round(v, 3) for k, v in result["by_writer_macro_f1"].items()})  # type: ignore[attr-defined]
    print("hard negatives wrongly flagged:", {k: round(v, 3) for k, v in result["hard_negative_flagged"].items()})  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
