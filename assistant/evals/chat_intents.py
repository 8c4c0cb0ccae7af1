"""Chat intent accuracy, leave one writer out: train on three writers' utterances, test on the fourth.

`python -m assistant.evals.chat_intents [--c C]` prints the accuracy per held-out writer, the micro average
and the most frequent confusions (gold -> predicted). The same features and training as the shipped model.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..conversation.dataset import CHAT_DIR, load_utterances, team_table
from ..conversation.intents import Turn
from ..conversation.train_intents import C, fit, to_turns
from ..store.embeddings import get_embedder


@dataclass(frozen=True)
class Fold:
    writer: str
    n: int
    correct: int
    confusions: Counter[tuple[str, str]]

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0


class _Fixed:
    """An embedder that returns precomputed vectors (each fold re-embeds nothing)."""

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        self.table = table

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.table[t] for t in texts])


def leave_one_writer_out(c: float = C) -> list[Fold]:
    utterances = load_utterances()
    turns = to_turns(utterances, team_table(CHAT_DIR / "TEAM.md"))
    texts = sorted({t.masked for t in turns})
    table = dict(zip(texts, get_embedder().embed(texts), strict=True))
    vectors = np.stack([table[t.masked] for t in turns])
    folds = []
    for writer in sorted({u.writer for u in utterances}):
        train = [i for i, u in enumerate(utterances) if u.writer != writer]
        test = [i for i, u in enumerate(utterances) if u.writer == writer]
        model = fit([turns[i] for i in train], vectors[train], [utterances[i].intent for i in train], c)
        test_turns: list[Turn] = [turns[i] for i in test]
        predicted = model.predict(test_turns, _Fixed(table))  # type: ignore[arg-type]
        gold = [utterances[i].intent for i in test]
        confusions = Counter((g, p.intent) for g, p in zip(gold, predicted, strict=True) if g != p.intent)
        correct = sum(g == p.intent for g, p in zip(gold, predicted, strict=True))
        folds.append(Fold(writer, len(test), correct, confusions))
    return folds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--c", type=float, default=C)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    folds = leave_one_writer_out(args.c)
    total = sum(f.n for f in folds)
    micro = sum(f.correct for f in folds) / total
    confusions = sum((f.confusions for f in folds), Counter())
    if args.json:
        print(json.dumps({"per_writer": {f.writer: round(f.accuracy, 4) for f in folds}, "micro": round(micro, 4)}))
        return
    print(f"chat intents, leave one writer out (C={args.c}):")
    for f in folds:
        print(f"  held out {f.writer}: {f.accuracy:.3f} ({f.correct}/{f.n})")
    print(f"  micro average: {micro:.3f} ({sum(f.correct for f in folds)}/{total}); "
          f"worst writer {min(f.accuracy for f in folds):.3f}")  # fmt: skip
    print("most frequent confusions (gold -> predicted: count):")
    for (gold, predicted), count in confusions.most_common(12):
        print(f"  {gold} -> {predicted}: {count}")


if __name__ == "__main__":
    main()
