"""Intent understanding, learned: a multinomial logistic regression over the message's MiniLM embedding, its
character and word n-grams and three facts of the turn (a rep is typing, there is history, several lines are pasted).

The message is masked first (`prep DEALREF with REPNAME`): the classifier never sees a team's names, so it
transfers to other teams. Trained by `make train` (`python -m assistant.conversation.train_intents`) from the
writers' utterances in evals/datasets/chat/; the shipped files are plain data (JSON header, one .npy matrix).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..store.embeddings import Embedder
from ..understand.classifier import vectorizer as word_vectorizer
from ..weights import read_shipped

DATA = Path(__file__).resolve().parent / "data"
MODEL_JSON = DATA / "intents.json"
MODEL_NPY = DATA / "intents.npy"
MANAGER_INTENTS = (
    "deal_prep", "rep_plan", "team_risk", "skill_overview", "topic_questions", "check_questions", "explain",
    "refine", "deal_list",
)  # fmt: skip
REP_INTENTS = ("self_draft", "self_decide", "self_tell_me", "self_plan", "self_general")
EITHER = ("unclear", "off_topic")
INTENTS = (*MANAGER_INTENTS, *REP_INTENTS, *EITHER)
# What a rep's message can mean: self-coaching, or a follow-up that reshapes the previous answer.
SPEAKER_INTENTS = {"manager": (*MANAGER_INTENTS, *EITHER), "rep": (*REP_INTENTS, "refine", "explain", *EITHER)}
TOPICS = (
    "economic_buyer", "champion", "competition", "pricing", "timeline", "next_step", "decision_process", "pain",
)  # fmt: skip


def char_vectorizer(vocabulary: dict[str, int] | None = None, idf: list[float] | None = None) -> Any:
    """Character n-grams within words: robust to typos ("qualfication") and to chat spelling ("pls", "q's")."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_features=12000, sublinear_tf=True, lowercase=True,
        vocabulary=vocabulary,
    )  # fmt: skip
    if vocabulary is not None and idf is not None:
        vec.idf_ = np.asarray(idf, dtype=np.float64)
    return vec


@dataclass(frozen=True)
class Turn:
    """What the classifier reads of one turn."""

    masked: str
    speaker: str  # manager | rep
    has_history: bool


def meta_features(turns: list[Turn]) -> np.ndarray:
    return np.array(
        [[t.speaker == "rep", t.has_history, t.masked.strip().count("\n") >= 1] for t in turns], dtype=np.float32
    )


def features(turns: list[Turn], vectors: np.ndarray, vecs: tuple[Any, Any]) -> np.ndarray:
    """[embedding, char n-grams, word n-grams, turn facts]."""
    texts = [t.masked for t in turns]
    sparse = [v.transform(texts).toarray().astype(np.float32) for v in vecs]
    return np.hstack([vectors.astype(np.float32), *sparse, meta_features(turns)])


@dataclass(frozen=True)
class Prediction:
    intent: str
    confidence: float
    scores: dict[str, float]


@dataclass(frozen=True)
class IntentModel:
    classes: tuple[str, ...]
    weights: np.ndarray  # (classes, 384 + char vocabulary + word vocabulary + 3)
    bias: np.ndarray
    char_vocabulary: dict[str, int]
    char_idf: list[float]
    word_vocabulary: dict[str, int]
    word_idf: list[float]
    digest: str

    def vectorizers(self) -> tuple[Any, Any]:
        vecs = _vectorizers.get(self.digest)
        if vecs is None:  # building the featurisers validates the vocabularies: once per model
            vecs = _vectorizers[self.digest] = (
                char_vectorizer(self.char_vocabulary, self.char_idf),
                word_vectorizer(self.word_vocabulary, self.word_idf),
            )
        return vecs

    def predict(self, turns: list[Turn], embedder: Embedder) -> list[Prediction]:
        if not turns:
            return []
        x = features(turns, embedder.embed([t.masked for t in turns]), self.vectorizers())
        logits = x @ self.weights.T + self.bias
        return [self._best(turn, row) for turn, row in zip(turns, logits, strict=True)]

    def _best(self, turn: Turn, logits: np.ndarray) -> Prediction:
        """Softmax over the intents this speaker can mean (a rep never gets the team view's intents)."""
        allowed = np.array([c in SPEAKER_INTENTS[turn.speaker] for c in self.classes])
        z = np.where(allowed, logits, -np.inf)
        p = np.exp(z - z.max())
        p /= p.sum()
        best = int(p.argmax())
        scores = {c: float(v) for c, v in zip(self.classes, p, strict=True)}
        return Prediction(self.classes[best], float(p[best]), scores)


_vectorizers: dict[str, tuple[Any, Any]] = {}
_lock = threading.Lock()
_model: IntentModel | None = None


def load_intent_model(json_path: Path = MODEL_JSON, npy_path: Path = MODEL_NPY) -> IntentModel:
    """The shipped classifier (loaded once per process)."""
    global _model
    with _lock:
        if _model is not None and json_path == MODEL_JSON:
            return _model
        meta, matrix = read_shipped(json_path, npy_path, "the chat intent classifier")
        model = IntentModel(
            classes=tuple(meta["classes"]),
            weights=matrix.astype(np.float32),
            bias=np.asarray(meta["bias"], dtype=np.float32),
            char_vocabulary={k: int(v) for k, v in meta["char_vocabulary"].items()},
            char_idf=[float(x) for x in meta["char_idf"]],
            word_vocabulary={k: int(v) for k, v in meta["word_vocabulary"].items()},
            word_idf=[float(x) for x in meta["word_idf"]],
            digest=str(meta["dataset_digest"]),
        )
        if json_path == MODEL_JSON:
            _model = model
        return model
