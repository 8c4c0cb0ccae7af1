"""Has the rep met this person, or reached them only through our contact? A learned reading per person.

`engagement.engagement_of` says what one sentence tells about the rep's access to one person; a person is
spoken of in many sentences, and the rule "the latest thing said, once met stays met" leaves many at `unknown`
and hardly ever finds a gatekeeper ("she'd rather not bring her in", "he takes it to the FD himself"). The
features here describe everything said of the person: the share of their sentences read as met, not met or
relayed, the first and the latest reading, whether a sentence denies any meeting, whether they speak in a
transcript, their title's power, how prominent they are, and the sentence classifiers' economic-buyer and
champion scores. A multinomial logistic regression (met, not_met, only_through_contact) is fitted by `make train`
on the development teams' stakeholder labels (`train_labels.py`); the other labelled teams measure it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .trained import load_trained

ACCESS_JSON = Path(__file__).resolve().parent / "data" / "access.json"
CLASSES = ("met", "not_met", "only_through_contact")
_READ = ("met", "not_met", "only_through_contact")
FEATURES = (
    "bias", "share_met", "share_not_met", "share_through", "any_met", "any_not_met", "any_through",
    "last_met", "last_not_met", "last_through", "first_met", "first_not_met", "first_through",
    "rule_met", "rule_not_met", "rule_through", "rule_unknown", "denies_meeting", "speaks", "power", "named",
    "mentions", "most_mentioned", "eb_not_met", "eb_engaged", "champion_weak", "champion_strong",
    "power_x_eb_not_met", "power_x_eb_engaged",
)  # fmt: skip


@dataclass(frozen=True)
class PersonAccess:
    """What the features are computed from: each of the person's sentences read by the rule, and the rest."""

    said: tuple[str | None, ...]  # engagement_of per sentence, in note order
    rule: str  # the rule's reading over all of them (met / not_met / only_through_contact / unknown)
    denies: bool  # a sentence denies any meeting ("we've never met him")
    speaks: bool  # they have a turn in a transcript
    power: bool
    named: bool
    mentions: int
    most_mentioned: bool
    best: dict[str, float]  # signal id -> best classifier probability over the person's sentences


def access_features(a: PersonAccess) -> np.ndarray:
    n = max(1, len(a.said))
    counts = Counter(a.said)
    read = [s for s in a.said if s is not None]
    last, first = (read[-1], read[0]) if read else (None, None)
    eb_not_met, eb_engaged = a.best.get("eb_not_met", 0.0), a.best.get("eb_engaged", 0.0)
    values = [
        1.0,
        *(counts[k] / n for k in _READ),
        *(float(counts[k] > 0) for k in _READ),
        *(float(last == k) for k in _READ),
        *(float(first == k) for k in _READ),
        *(float(a.rule == k) for k in (*_READ, "unknown")),
        float(a.denies), float(a.speaks), float(a.power), float(a.named), min(a.mentions, 10) / 10,
        float(a.most_mentioned), eb_not_met, eb_engaged, a.best.get("champion_weak", 0.0),
        a.best.get("champion_strong", 0.0), a.power * eb_not_met, a.power * eb_engaged,
    ]  # fmt: skip
    return np.asarray(values, dtype=np.float64)


@dataclass(frozen=True)
class AccessModel:
    weights: np.ndarray  # classes x features
    trained_on: tuple[str, ...]
    digest: str

    def engagement(self, a: PersonAccess) -> str:
        return CLASSES[int(np.argmax(self.weights @ access_features(a)))]


def load_access(path: Path = ACCESS_JSON) -> AccessModel:
    return load_trained(
        path,
        "access model",
        FEATURES,
        lambda raw, digest: AccessModel(
            weights=np.asarray(raw["weights"], dtype=np.float64),
            trained_on=tuple(raw.get("trained_on", [])),
            digest=digest,
        ),
    )
