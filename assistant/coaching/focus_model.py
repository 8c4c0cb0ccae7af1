"""Which skill to coach first: a learned ranking over per-skill features of the deal's current findings.

The hand-set weighted sum (signal weight x confidence, recurrence, a stage factor per skill) is one feature
among several: the number of distinct gaps, the strongest gap, how many notes show them, the strengths seen,
the skill's share of the deal's gaps, and per-skill priors early and late in the deal. Weights come from
`make train` (assistant.coaching.train_focus), fitted pairwise (the expert's primary skill against each other
skill) on the development fixture teams only, so the other teams measure it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..knowledge import SKILLS
from ..understand.trained import load_trained

FOCUS_JSON = Path(__file__).resolve().parent / "data" / "focus.json"
FEATURES = (
    "score", "staged_score", "heaviest", "late_heaviest", "structural", "distinct_gaps", "best_gap", "gap_notes",
    "strengths", "share",
    *(f"late_{s}" for s in SKILLS), *(f"prior_{s}" for s in SKILLS),
)  # fmt: skip


@dataclass(frozen=True)
class SkillFacts:
    skill: str
    raw_score: float  # the weighted sum before the stage factor
    staged_score: float  # the hand-set ranking: after the strengths and the stage factor
    heaviest: float  # the single heaviest gap: its knowledge weight x classifier confidence
    structural: float  # the strongest gap read from the deal's structure (people, dates, transcript), not a classifier
    distinct_gaps: int
    best_gap: float
    gap_notes: int
    strengths: int


def features(facts: list[SkillFacts], late: bool) -> dict[str, np.ndarray]:
    total = sum(f.raw_score for f in facts) or 1.0
    out = {}
    for f in facts:
        values = [
            f.raw_score, f.staged_score, f.heaviest, f.heaviest * late, f.structural, float(f.distinct_gaps),
            f.best_gap, math.log1p(f.gap_notes), float(f.strengths), f.raw_score / total,
            *(float(late and f.skill == s) for s in SKILLS), *(float(f.skill == s) for s in SKILLS),
        ]  # fmt: skip
        out[f.skill] = np.asarray(values, dtype=np.float64)
    return out


@dataclass(frozen=True)
class FocusModel:
    weights: np.ndarray
    second_ratio: float  # a second focus when its share is at least this fraction of the first's
    digest: str

    def rank(self, x: dict[str, np.ndarray]) -> list[tuple[str, float]]:
        """Skills with their softmax share, best first (ties: catalogue order)."""
        z = {s: float(v @ self.weights) for s, v in x.items()}
        top = max(z.values())
        e = {s: math.exp(v - top) for s, v in z.items()}
        total = sum(e.values())
        return sorted(((s, e[s] / total) for s in x), key=lambda sv: (-sv[1], SKILLS.index(sv[0])))


def load_focus(path: Path = FOCUS_JSON) -> FocusModel:
    return load_trained(
        path,
        "focus model",
        FEATURES,
        lambda raw, digest: FocusModel(
            np.asarray(raw["weights"], dtype=np.float64), float(raw["second_ratio"]), digest
        ),
    )
