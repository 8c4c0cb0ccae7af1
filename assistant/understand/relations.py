"""Who is the economic buyer and who is the champion: a learned score per person over features of how the notes
speak of them (title and its budget power, authority words, the sentence classifiers' economic-buyer and
champion scores, how often and how prominently they are mentioned).

Weights come from `make train` (assistant.understand.train_relations), fitted on the stakeholder labels of the
development fixture teams only; the other fixture teams stay unseen so they can measure it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .trained import load_trained

RELATIONS_JSON = Path(__file__).resolve().parent / "data" / "relations.json"
FUNCTIONS = ("finance", "executive", "operations", "procurement", "it")
FEATURES = (
    "power", "authority", "authority_share", "eb_not_met", "eb_engaged", "champion_strong", "champion_weak",
    "log_mentions", "mention_share", "most_mentioned", "named", "collective", "met", "not_met", "through",
    *(f"function_{f}" for f in FUNCTIONS),
)  # fmt: skip
TARGETS = ("economic_buyer", "champion")


@dataclass(frozen=True)
class PersonEvidence:
    """What the features are computed from, for one person of one deal."""

    power: bool
    named: bool
    collective: bool
    function: str | None
    mentions: int
    deal_mentions: int
    most_mentioned: bool
    authority_sentences: int
    best: dict[str, float]  # signal id -> best classifier probability over the person's sentences
    engagement: str


def features(e: PersonEvidence) -> np.ndarray:
    rows = max(e.mentions, 1)
    values = [
        float(e.power), float(e.authority_sentences > 0), e.authority_sentences / rows,
        e.best.get("eb_not_met", 0.0), e.best.get("eb_engaged", 0.0), e.best.get("champion_strong", 0.0),
        e.best.get("champion_weak", 0.0), math.log1p(e.mentions), e.mentions / max(e.deal_mentions, 1),
        float(e.most_mentioned), float(e.named), float(e.collective), float(e.engagement == "met"),
        float(e.engagement == "not_met"), float(e.engagement == "only_through_contact"),
        *(float(e.function == f) for f in FUNCTIONS),
    ]  # fmt: skip
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True)
class RelationModel:
    weights: dict[str, np.ndarray]
    bias: dict[str, float]
    threshold: dict[str, float]
    trained_on: tuple[str, ...]
    digest: str  # of the file: stored deal models built with other weights are rebuilt

    def score(self, target: str, x: np.ndarray) -> float:
        z = float(x @ self.weights[target] + self.bias[target])
        return 1.0 / (1.0 + math.exp(-z))


def load_relations(path: Path = RELATIONS_JSON) -> RelationModel:
    return load_trained(
        path,
        "relation model",
        FEATURES,
        lambda raw, digest: RelationModel(
            weights={t: np.asarray(raw["weights"][t], dtype=np.float64) for t in TARGETS},
            bias={t: float(raw["bias"][t]) for t in TARGETS},
            threshold={t: float(raw["threshold"][t]) for t in TARGETS},
            trained_on=tuple(raw.get("trained_on", [])),
            digest=digest,
        ),
    )
