"""Did a later note show the commitment was carried out? A learned reading of (commitment, note) pairs.

"I'll get 30 minutes with Ilse Brandt before the 14th" is done by "sat down with their CFO Tuesday, she's
in", not by "Ilse's PA says she's travelling until the 20th" or "will try Ilse again next week". Word overlap
alone cannot tell these apart, nor can similarity: the near-misses name the same person and the same action. The
features describe the note's sentence most about the commitment (MiniLM similarity, shared words, names, the
action's verb) and how that sentence speaks of it (done and past, negated, future or a plan, deferred, tried),
with products of the two so "about it" and "happened" must hold together. (Adding the sentence's own MiniLM
embedding as 384 more features was tried: no better leave-one-writer-out, and worse on the timeline fixture.)
A multinomial logistic regression (done, not_done, unrelated) is fitted by `train_followthrough.py` on labelled
pairs written by independent writers (`evals/datasets/commitments/`), and measured leave-one-writer-out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from .nlp import parse

LABELS = ("done", "not_done", "unrelated")
# "done" only when the model is sure: a commitment wrongly said done quotes the wrong note as evidence and skips
# the question that would have found it missed; leave-one-writer-out, 0.7 gives done precision .77-.94 (recall
# .26-.52) where 0.5 gives .64-.78 (.48-.70)
DONE_AT = 0.7
_DEFER = {
    "postpone",
    "push",
    "reschedule",
    "delay",
    "wait",
    "chase",
    "voicemail",
    "bounce",
    "decline",
    "cancel",
    "still",
    "yet",
    "pending",
    "try",
    "attempt",
    "hold",
    "slip",
    "stall",
    "ghost",
    "busy",
    "away",
    "travel",
    "later",
    "again",
    "tbc",
    "tbd",
    "nudge",
    "remind",
    "awaiting",
    "unanswered",
    "silent",
    "backlog",
    "unable",
}
_DONE = {
    "done",
    "complete",
    "finish",
    "sign",
    "confirm",
    "agree",
    "approve",
    "receive",
    "share",
    "walk",
    "present",
    "deliver",
    "book",
    "hold",
    "happen",
    "sit",
    "accept",
    "return",
    "submit",
    "land",
    "finalise",
    "finalize",
    "attend",
    "join",
    "went",
    "last",
}
_INTENT = {"mean", "forget", "intend", "hope", "aim", "plan", "supposed", "meant", "round", "haven't", "yet"}
_NEGATION = {"not", "no", "never", "n't", "nothing", "without", "neither", "nor", "none"}
FEATURES = (
    "bias",
    "cos_action",
    "cos_text",
    "overlap",
    "verb_seen",
    "names_seen",
    "has_names",
    "past",
    "future",
    "negated",
    "deferred",
    "done_words",
    "rel_x_past",
    "rel_x_future",
    "rel_x_negated",
    "rel_x_deferred",
    "rel_x_done",
    "question",
    "n_sentences",
    "neg_verb",
    "intent_only",
    "rel_x_neg_verb",
    "rel_x_intent",
)


@dataclass(frozen=True)
class FollowModel:
    coef: np.ndarray  # labels x features
    digest: str

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.coef.T
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Reading:
    label: str
    p_done: float
    sentence: str  # the note's sentence most about the commitment (the evidence when done)


def _content(doc) -> set[str]:
    return {t.lemma_.lower() for t in doc if t.is_alpha and not t.is_stop and len(t) > 1}


def _names(doc) -> set[str]:
    return {t.text.lower() for t in doc if t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG")}


def _speech(doc) -> dict[str, float]:
    lemmas = {t.lemma_.lower() for t in doc}
    words = {t.lower_ for t in doc}
    past = any(t.tag_ in ("VBD", "VBN") and t.dep_ in ("ROOT", "conj", "ccomp", "advcl") for t in doc)
    future = bool({"will", "'ll", "shall", "gonna", "plan", "next", "tomorrow", "going"} & (words | lemmas))
    future |= any(t.tag_ == "MD" for t in doc)
    return {
        "past": float(past),
        "future": float(future),
        "negated": float(any(t.dep_ == "neg" for t in doc) or bool(_NEGATION & words)),
        "deferred": float(len(_DEFER & (lemmas | words)) > 0),
        "done_words": float(len(_DONE & lemmas) > 0),
        "question": float("?" in doc.text),
        "neg_verb": float(any(t.dep_ == "neg" and t.head.pos_ in ("VERB", "AUX") for t in doc)),
        "intent_only": float(bool(_INTENT & lemmas)),
    }


def pair_features(
    action: str, text: str, sentences: list[str], vectors: Callable[[list[str]], np.ndarray]
) -> tuple[np.ndarray, str]:
    """The feature row of (commitment, note excerpt) and the excerpt's sentence most about the commitment."""
    if not sentences:
        sentences = [text]
    docs = parse([action, *sentences])
    act, sent_docs = docs[0], docs[1:]
    vec = vectors([action, text, *sentences])
    a, t, s = vec[0], vec[1], vec[2:]
    cos_a = s @ a / (np.linalg.norm(s, axis=1) * np.linalg.norm(a) + 1e-9)
    cos_t = s @ t / (np.linalg.norm(s, axis=1) * np.linalg.norm(t) + 1e-9)
    words, names = _content(act), _names(act)
    verb = next((tok.lemma_.lower() for tok in act if tok.pos_ == "VERB"), None)
    rows = []
    for i, doc in enumerate(sent_docs):
        lemmas = _content(doc) | {tok.lower_ for tok in doc}
        overlap = len(words & lemmas) / max(1, len(words))
        names_seen = len(names & {tok.text.lower() for tok in doc}) / max(1, len(names))
        rel = 0.5 * float(cos_a[i]) + 0.3 * overlap + 0.2 * names_seen
        rows.append((rel, i, overlap, names_seen, verb is not None and verb in lemmas))
    rel, best, overlap, names_seen, verb_seen = max(rows)
    speech = _speech(sent_docs[best])
    x = {
        "bias": 1.0,
        "cos_action": float(cos_a[best]),
        "cos_text": float(cos_t[best]),
        "overlap": overlap,
        "verb_seen": float(verb_seen),
        "names_seen": names_seen,
        "has_names": float(bool(names)),
        **speech,
        "rel_x_past": rel * speech["past"],
        "rel_x_future": rel * speech["future"],
        "rel_x_negated": rel * speech["negated"],
        "rel_x_deferred": rel * speech["deferred"],
        "rel_x_done": rel * speech["done_words"],
        "n_sentences": min(len(sentences), 6) / 6,
        "rel_x_neg_verb": rel * speech["neg_verb"],
        "rel_x_intent": rel * speech["intent_only"],
    }
    return np.array([x[f] for f in FEATURES], dtype=np.float64), sentences[best]


@cache
def load_followthrough() -> FollowModel:
    """The shipped weights (understand/data/followthrough.json), rebuilt by `make train`."""
    raw = json.loads(resources.files("assistant.understand").joinpath("data/followthrough.json").read_text())
    if tuple(raw["features"]) != FEATURES or tuple(raw["labels"]) != LABELS:
        raise ValueError("followthrough.json was trained for other features: run `make train`")
    return FollowModel(np.array(raw["coef"], dtype=np.float64), raw["digest"])


def read_followthrough(
    action: str, text: str, sentences: list[str], vectors: Callable[[list[str]], np.ndarray]
) -> Reading:
    model = load_followthrough()
    x, sentence = pair_features(action, text, sentences, vectors)
    p = model.probabilities(x[None, :])[0]
    label = LABELS[int(np.argmax(p))]
    if label == "done" and p[0] < DONE_AT:
        label = "not_done" if p[1] >= p[2] else "unrelated"
    return Reading(label, float(p[0]), sentence)
