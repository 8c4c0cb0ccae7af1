"""Chat intent accuracy, leave one writer out: train on three writers' utterances, test on the fourth.

`python -m assistant.evals.chat_intents [--c C]` prints the accuracy per held-out writer, the micro average
the most frequent confusions (gold -> predicted), and per entity field the share linked as labelled. The same
features and training as the shipped model.
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
        per_writer = {f.writer: round(f.accuracy, 4) for f in folds}
        print(json.dumps({"per_writer": per_writer, "micro": round(micro, 4), "entities": entity_accuracy()}))
        return
    print(f"chat intents, leave one writer out (C={args.c}):")
    for f in folds:
        print(f"  held out {f.writer}: {f.accuracy:.3f} ({f.correct}/{f.n})")
    print(f"  micro average: {micro:.3f} ({sum(f.correct for f in folds)}/{total}); "
          f"worst writer {min(f.accuracy for f in folds):.3f}")  # fmt: skip
    print("most frequent confusions (gold -> predicted: count):")
    for (gold, predicted), count in confusions.most_common(12):
        print(f"  {gold} -> {predicted}: {count}")
    print("entities (linked and carried over the history, equal to the label):")
    for name, share in entity_accuracy().items():
        print(f"  {name}: {share:.3f}")


if __name__ == "__main__":
    main()


def entity_accuracy() -> dict[str, float]:
    """Per entity field, the share of utterances whose linked value (carried over the history as the chat does)
    equals the label; the writers' team sheet stands in for the ingested team."""
    from dataclasses import replace

    from ..conversation.entities import Linker
    from ..conversation.understand import Focus, _advance, _scope

    gaz = team_table(CHAT_DIR / "TEAM.md")
    linker = Linker(gaz)
    fields = ("deal", "rep", "person", "topic", "competitor", "skill")
    hits = dict.fromkeys(fields, 0)
    utterances = load_utterances()
    for u in utterances:
        focus = Focus(rep=u.as_rep) if u.as_rep else Focus()
        for text in (*u.history, u.text):
            focus, _ = _advance(linker, gaz, focus, linker.link(text, _scope(gaz, u.as_rep, focus)))
        if u.as_rep:
            focus = replace(focus, rep=None)  # the labels name a rep only when a manager talks about one
        for f in fields:
            hits[f] += getattr(focus, f) == getattr(u, f)
    return {f: round(hits[f] / len(utterances), 4) for f in fields}
