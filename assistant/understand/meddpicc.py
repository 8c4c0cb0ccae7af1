"""MEDDPICC element states (confirmed, gap, unknown) from a learned model per element.

The first reading is the latest evidence (a later confirmation resolves an earlier gap). A notes-writer calls an
element confirmed from more than its own signal, though: pain is identified once the customer's problem is
described, competition is known once the bidders are named. So each element's state is predicted from a few
features (its own gap and strength scores, the latest-evidence reading, the scores of signals that `informs` it
in knowledge/, the stage, and the deal structure: the economic buyer met or not, the champion, the competitors).
Weights come from `make train`, fitted on the development fixture teams' labels only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..knowledge import MEDDPICC, STAGES, KnowledgeBase
from .model import DealModel, ElementState, Quote
from .trained import load_trained

MEDDPICC_JSON = Path(__file__).resolve().parent / "data" / "meddpicc.json"
FEATURES = ("gap", "strength", "latest_gap", "latest_confirmed", "informs", "stage", "structure_a", "structure_b")


def _best(probs: np.ndarray, col: dict[str, int], signals: list[str]) -> float:
    cols = [col[s] for s in signals if s in col]
    return float(probs[:, cols].max()) if cols and probs.shape[0] else 0.0


def _structure(m: DealModel, element: str) -> tuple[float, float]:
    if element == "economic_buyer":
        eb = m.economic_buyer
        return float(eb is not None and eb.engagement == "met"), float(eb is not None and eb.engagement != "met")
    if element == "champion":
        ch = m.champion
        return float(ch is not None), math.log1p(ch.mentions) if ch else 0.0
    if element == "competition":
        return math.log1p(len(m.competitors)), float(any(c.status != "mentioned" for c in m.competitors))
    return 0.0, 0.0


def element_features(kb: KnowledgeBase, m: DealModel, probs: np.ndarray, col: dict[str, int]) -> dict[str, np.ndarray]:
    """The feature vector of each element, from the deal model with its latest-evidence states filled in."""
    out = {}
    stage = (STAGES.index(m.stage) / (len(STAGES) - 1)) if m.stage in STAGES else 0.5
    for element in MEDDPICC:
        gaps = [s.id for skill, polarity, s in kb.all_signals() if s.element == element and polarity == "gap"]
        strengths = [s.id for skill, polarity, s in kb.all_signals() if s.element == element and polarity != "gap"]
        informs = [s.id for _, _, s in kb.all_signals() if element in s.informs]
        state = m.meddpicc[element].state
        a, b = _structure(m, element)
        values = [
            _best(probs, col, gaps), _best(probs, col, strengths), float(state == "gap"), float(state == "confirmed"),
            _best(probs, col, informs), stage, a, b,
        ]  # fmt: skip
        out[element] = np.asarray(values, dtype=np.float64)
    return out


@dataclass(frozen=True)
class MeddpiccModel:
    classes: dict[str, list[str]]
    weights: dict[str, np.ndarray]  # element -> (classes, features)
    bias: dict[str, np.ndarray]
    learned: dict[str, bool]  # elements where the learned states beat the latest-evidence reading (chosen by CV)
    digest: str

    def predict(self, element: str, x: np.ndarray) -> tuple[str, float]:
        classes = self.classes[element]
        if len(classes) == 1:
            return classes[0], 1.0
        z = self.weights[element] @ x + self.bias[element]
        if len(classes) == 2:  # binary logistic regression: one row, the second class's log-odds
            p = 1.0 / (1.0 + math.exp(-float(z[0])))
            return (classes[1], p) if p >= 0.5 else (classes[0], 1.0 - p)
        e = np.exp(z - z.max())
        p = e / e.sum()
        i = int(p.argmax())
        return classes[i], float(p[i])


def apply(model: MeddpiccModel, kb: KnowledgeBase, m: DealModel, probs: np.ndarray, col: dict[str, int]) -> None:
    """Replace the latest-evidence states by the learned ones, keeping evidence that supports the new state."""
    x = element_features(kb, m, probs, col)
    for element in MEDDPICC:
        if not model.learned.get(element):
            continue
        state, confidence = model.predict(element, x[element])
        old = m.meddpicc[element]
        if state == old.state:
            m.meddpicc[element] = ElementState(element, state, round(confidence, 3), old.evidence)
            continue
        polarity = {"gap": ("gap",), "confirmed": ("strength",)}.get(state, ())
        informs = {s.id for _, _, s in kb.all_signals() if element in s.informs}
        evidence = [
            Quote(h.note_id, h.quote)
            for h in m.signals
            if (h.element == element and h.polarity in polarity) or (state == "confirmed" and h.signal in informs)
        ][-2:]
        if state == "confirmed" and not evidence and element == "competition":
            evidence = [c.evidence[-1] for c in m.competitors if c.evidence][-2:]
        m.meddpicc[element] = ElementState(element, state, round(confidence, 3), evidence)


def load_meddpicc(path: Path = MEDDPICC_JSON) -> MeddpiccModel:
    return load_trained(
        path,
        "MEDDPICC model",
        FEATURES,
        lambda raw, digest: MeddpiccModel(
            classes={e: list(raw["classes"][e]) for e in MEDDPICC},
            weights={e: np.asarray(raw["weights"][e], dtype=np.float64) for e in MEDDPICC},
            bias={e: np.asarray(raw["bias"][e], dtype=np.float64) for e in MEDDPICC},
            learned={e: bool(raw["learned"][e]) for e in MEDDPICC},
            digest=digest,
        ),
    )
