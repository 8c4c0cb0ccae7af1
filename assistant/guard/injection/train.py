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
SCREEN_PASS = 0.99  # attacks caught by the full model that the screen lets through
DECIMALS = 4
NEGATIVE_BELOW = 0.1  # a sentence of an attack item scoring below this after the first fit is its context

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


def fit(items: Sequence[Item], notes: Sequence[str], embed: Embed) -> InjectionModel:
    """Fit on whole attacks first, then again with the payload sentences of longer attacks as positives of their own
    (the sentence that scores highest in its item, or any at 0.5 or more) and their other sentences (the ordinary
    note around a payload: "Next step: demo on the 14th.") as negatives: the detector judges single sentences."""
    base = examples(items, notes)
    first = _fit(base, embed)
    extra: list[Example] = []
    for item in items:
        parts = item.sentences
        if not item.attack or len(parts) < 2:
            continue
        scores = first.scores([inspect(p) for p in parts], embed)
        top = int(np.argmax(scores))
        for i, (part, score) in enumerate(zip(parts, scores, strict=True)):
            if i == top or score >= 0.5:
                extra.append(Example(part, True))
            elif score < NEGATIVE_BELOW:
                extra.append(Example(part, False))
    return _fit(base + extra, embed)


def _fit(train: Sequence[Example], embed: Embed) -> InjectionModel:
    """The full model (embedding + n-grams + signs of hiding) and the screen (the same without the embedding)."""
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    views = [inspect(e.text) for e in train]
    texts = [v.text for v in views]
    word, char = word_vectorizer(), char_vectorizer()
    sparse_x = stack(None, word.fit_transform(texts), char.fit_transform(texts), hiding(views))
    y = np.array([e.attack for e in train], dtype=np.int32)
    fitted = []
    full_x = sparse.hstack([sparse.csr_matrix(embed(texts).astype(np.float32)), sparse_x]).tocsr()
    for x in (full_x, sparse_x):
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED)
        clf.fit(x, y)
        fitted.append((np.round(clf.coef_[0], DECIMALS).astype(np.float32), round(float(clf.intercept_[0]), DECIMALS)))
    (weights, bias), (screen_weights, screen_bias) = fitted
    return InjectionModel(
        weights=weights,
        bias=bias,
        threshold=0.5,
        screen_weights=screen_weights,
        screen_bias=screen_bias,
        screen_threshold=0.0,
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
    return np.asarray([max(detector.score_texts(_texts(i))) for i in items], dtype=np.float64)


def screen_scores(model: InjectionModel, items: Sequence[Item]) -> np.ndarray:
    """Each item's highest screen score over its sentences and sentence pairs."""
    return np.asarray([float(model.screen(model.sparse([inspect(t) for t in _texts(i)])).max()) for i in items])


def _texts(item: Item) -> list[str]:
    parts = item.sentences
    return [*parts, *windows(parts)]


def threshold_for(benign_scores: np.ndarray, keep: float = KEEP) -> float:
    """The lowest threshold (on a 0.005 grid) that keeps at least `keep` of these benign items."""
    for t in np.round(np.arange(0.05, 0.995, 0.005), 3):
        if np.mean(benign_scores < t) >= keep:
            return float(t)
    return 0.995


def screen_threshold_for(screen: np.ndarray, full: np.ndarray, threshold: float) -> float:
    """The highest screen threshold (on a 0.005 grid) that still lets through `SCREEN_PASS` of the attacks the full
    model catches: the screen saves the embedding on ordinary sentences and costs almost no recall."""
    caught = screen[full >= threshold]
    if not len(caught):
        return 0.0
    for s in np.round(np.arange(0.5, -0.001, -0.005), 3):
        if np.mean(caught >= s) >= SCREEN_PASS:
            return float(max(s, 0.0))
    return 0.0


def choose_thresholds(items: Sequence[Item], notes: Sequence[str], embed: Embed) -> tuple[float, float]:
    """Leave one writer out within `items`: fit on the others, score the held-out writer's items; the threshold
    keeps `KEEP` of their benign items, the screen threshold passes `SCREEN_PASS` of the attacks caught."""
    writers = sorted({i.writer for i in items})
    benign, attack_full, attack_screen = [], [], []
    for writer in writers:
        model = fit([i for i in items if i.writer != writer], notes, embed)
        held = [i for i in items if i.writer == writer]
        attacks = [i for i in held if i.attack]
        benign.append(item_scores(model, [i for i in held if not i.attack], embed))
        attack_full.append(item_scores(model, attacks, embed))
        attack_screen.append(screen_scores(model, attacks))
    threshold = threshold_for(np.concatenate(benign))
    return threshold, screen_threshold_for(np.concatenate(attack_screen), np.concatenate(attack_full), threshold)


def fit_with_threshold(items: Sequence[Item], notes: Sequence[str], embed: Embed) -> InjectionModel:
    from dataclasses import replace

    model = fit(items, notes, embed)
    threshold, screen = choose_thresholds(items, notes, embed)
    return replace(model, threshold=threshold, screen_threshold=screen)


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
        "embedding_dim": 384,
        "bias": model.bias,
        "threshold": model.threshold,
        "screen_bias": model.screen_bias,
        "screen_threshold": model.screen_threshold,
        "word_vocabulary": model.word_vocabulary,
        "word_idf": model.word_idf,
        "char_vocabulary": model.char_vocabulary,
        "char_idf": model.char_idf,
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(meta, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    np.save(npy_path, model.weights, allow_pickle=False)
    np.save(npy_path.with_suffix(".screen.npy"), model.screen_weights, allow_pickle=False)
    return {"items": len(items), "features": int(model.weights.shape[0]), "threshold": model.threshold,
            "screen_threshold": model.screen_threshold}  # fmt: skip


def main() -> None:
    print(json.dumps(train()), file=sys.stdout)


if __name__ == "__main__":
    main()
