"""`make train`: rebuild the shipped injection detector from the labelled sets, seeded, byte for byte.

Training examples, in the canonical sentence split the detector sees at run time: every sentence of a benign
item (negative), a one-sentence attack (positive), a longer attack as a whole (positive: the window the detector
also scores), and the development fixture teams' note sentences (negative: what ordinary notes look like).
The threshold is chosen by leave-one-writer-out inside the training data: the lowest score that keeps at least
`KEEP` of the held-out writer's benign items, averaged over writers. Weights are rounded before they are written.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .dataset import TRAIN_TEAMS, Item, load_items, team_notes, training_digest
from .model import MODEL_JSON, MODEL_NPY, InjectionModel, char_vectorizer, hiding, stack, word_vectorizer
from .normalise import inspect
from .spans import windows

SEED = 13
C = 4.0
KEEP = 0.97  # benign items kept on held-out training writers when the threshold is chosen
DECIMALS = 4

Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Example:
    text: str
    attack: bool


def examples(items: Sequence[Item], notes: Sequence[str]) -> list[Example]:
    out: list[Example] = []
    for item in items:
        parts = item.sentences
        if not item.attack:
            out += [Example(s, False) for s in parts]
            out += [Example(w, False) for w in windows(parts)]
        else:
            out.append(Example(" ".join(parts) if len(parts) > 1 else parts[0], True))
    from ..sentences import split_sentences

    out += [Example(s, False) for text in notes for s in split_sentences(text)]
    return out


def fit(train: Sequence[Example], embed: Embed) -> InjectionModel:
    from sklearn.linear_model import LogisticRegression

    views = [inspect(e.text) for e in train]
    texts = [v.text for v in views]
    word, char = word_vectorizer(), char_vectorizer()
    x = stack(embed(texts), word.fit_transform(texts), char.fit_transform(texts), hiding(views))
    y = np.array([e.attack for e in train], dtype=np.int32)
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED)
    clf.fit(x, y)
    return InjectionModel(
        weights=np.round(clf.coef_[0], DECIMALS).astype(np.float32),
        bias=round(float(clf.intercept_[0]), DECIMALS),
        threshold=0.5,
        word_vocabulary={k: int(v) for k, v in sorted(word.vocabulary_.items(), key=lambda kv: kv[1])},
        word_idf=[round(float(v), DECIMALS) for v in word.idf_],
        char_vocabulary={k: int(v) for k, v in sorted(char.vocabulary_.items(), key=lambda kv: kv[1])},
        char_idf=[round(float(v), DECIMALS) for v in char.idf_],
        training_digest="",
        _vectorizers={},
    )


def item_scores(model: InjectionModel, items: Sequence[Item], embed: Embed) -> np.ndarray:
    """Each item's score: the highest of its sentences' and sentence pairs' scores (what flags it at run time)."""
    from .spans import Detector

    detector = Detector(model, embed)
    out = []
    for item in items:
        parts = item.sentences
        out.append(max(detector.score_texts([*parts, *windows(parts)])))
    return np.asarray(out, dtype=np.float64)


def threshold_for(benign_scores: np.ndarray, keep: float = KEEP) -> float:
    """The lowest threshold (rounded up to 0.005) that keeps at least `keep` of these benign items."""
    for t in np.round(np.arange(0.05, 0.995, 0.005), 3):
        if np.mean(benign_scores < t) >= keep:
            return float(t)
    return 0.995


def choose_threshold(items: Sequence[Item], notes: Sequence[str], embed: Embed) -> float:
    """Leave one writer out within `items`: fit on the others, score the held-out writer's benign items."""
    writers = sorted({i.writer for i in items})
    held: list[np.ndarray] = []
    for writer in writers:
        model = fit(examples([i for i in items if i.writer != writer], notes), embed)
        benign = [i for i in items if i.writer == writer and not i.attack]
        held.append(item_scores(model, benign, embed))
    return threshold_for(np.concatenate(held))


def fit_with_threshold(items: Sequence[Item], notes: Sequence[str], embed: Embed) -> InjectionModel:
    from dataclasses import replace

    model = fit(examples(items, notes), embed)
    return replace(model, threshold=choose_threshold(items, notes, embed))


def cached_embedder() -> Embed:
    """The shared MiniLM embedder with a per-text cache (training embeds the same texts once per fold)."""
    from ...embedding import get_embedder

    cache: dict[str, np.ndarray] = {}

    def embed(texts: list[str]) -> np.ndarray:
        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        if todo:
            cache.update(zip(todo, get_embedder().embed(todo), strict=True))
        return np.stack([cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    return embed


def train(json_path: Path = MODEL_JSON, npy_path: Path = MODEL_NPY) -> dict[str, object]:
    items = load_items()
    notes = [n.text for n in team_notes(TRAIN_TEAMS)]
    model = fit_with_threshold(items, notes, cached_embedder())
    meta = {
        "training_digest": training_digest(),
        "items": len(items),
        "writers": sorted({i.writer for i in items}),
        "train_teams": list(TRAIN_TEAMS),
        "bias": model.bias,
        "threshold": model.threshold,
        "word_vocabulary": model.word_vocabulary,
        "word_idf": model.word_idf,
        "char_vocabulary": model.char_vocabulary,
        "char_idf": model.char_idf,
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(meta, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    np.save(npy_path, model.weights, allow_pickle=False)
    return {"items": len(items), "features": int(model.weights.shape[0]), "threshold": model.threshold}


def main() -> None:
    print(json.dumps(train()), file=sys.stdout)


if __name__ == "__main__":
    main()
