"""The DealModel: one canonical reading of a deal, computed once per catalog revision and stored.

Everything downstream (prep, rep plans, self-coaching, chat, the API's deal list, the LLM prompts) reads the
deal's account, stage, close date, latest note, people and gaps from here, never derives them again.
Plain dataclasses; `to_dict`/`from_dict` round-trip them through JSON for the store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..knowledge import MEDDPICC

RELATIONS = ("economic_buyer", "champion", "coach", "user", "blocker", "unknown")
ENGAGEMENTS = ("met", "not_met", "only_through_contact", "unknown")
ELEMENT_STATES = ("confirmed", "gap", "unknown")


@dataclass(frozen=True)
class Quote:
    note_id: str
    quote: str


@dataclass(frozen=True)
class SignalHit:
    """A skill signal seen in one sentence (or derived from the deal's structure), with its evidence."""

    skill: str
    signal: str
    polarity: str  # "gap" | "strength"
    note_id: str
    quote: str
    method: str  # "classifier" | "rule" | "transcript" | "stakeholders"
    confidence: float
    element: str | None = None
    on: date | None = None  # the date of the note it came from


@dataclass
class Stakeholder:
    name: str  # the person's name, or "the CFO" when the notes give only a title
    title: str | None
    function: str | None
    relation: str  # one of RELATIONS
    engagement: str  # one of ENGAGEMENTS
    mentions: int
    evidence: list[Quote] = field(default_factory=list)
    named: bool = True

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.named else self.name


@dataclass
class ElementState:
    element: str
    state: str  # one of ELEMENT_STATES
    confidence: float
    evidence: list[Quote] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """A close date or amount as first seen on a note: history shows slips and discounts."""

    value: str
    note_id: str
    on: date | None


@dataclass
class NextStep:
    what: str
    who: str | None
    due: date | None
    note_id: str


@dataclass
class Competitor:
    name: str
    status: str  # "mentioned" | "evaluating" | "incumbent" | "preferred" | "chosen"
    evidence: list[Quote] = field(default_factory=list)


@dataclass
class RiskFlag:
    id: str
    detail: str
    evidence: list[Quote] = field(default_factory=list)


@dataclass
class CallStats:
    note_id: str
    turns: int
    rep_share: float
    longest_monologue: int
    rep_questions: int
    customer_questions: int
    customer_questions_unanswered: int
    customer_share: float = 0.0
    monologue: str = ""  # the rep's longest run, "[hh:mm:ss] Speaker: ..." for an ingested call file
    unanswered: list[str] = field(default_factory=list)  # customer questions left unanswered, timestamped
    next_steps: list[str] = field(default_factory=list)  # turns that set a next step, timestamped


@dataclass
class DealModel:
    team: str
    deal_id: str
    account: str | None
    rep: str | None
    stage: str | None  # normalised, or the CRM label verbatim when the stage table does not know it
    stage_label: str | None  # as on the latest note
    amount: float | None
    close_date: date | None
    as_of: date | None
    first_date: date | None
    last_contact: date | None
    latest_note_id: str
    note_ids: list[str]
    close_history: list[Change] = field(default_factory=list)
    amount_history: list[Change] = field(default_factory=list)
    next_step: NextStep | None = None
    commitments: list[NextStep] = field(default_factory=list)  # dated actions the rep wrote down as their own
    stakeholders: list[Stakeholder] = field(default_factory=list)
    meddpicc: dict[str, ElementState] = field(default_factory=dict)
    competitors: list[Competitor] = field(default_factory=list)
    risks: list[RiskFlag] = field(default_factory=list)
    calls: list[CallStats] = field(default_factory=list)
    signals: list[SignalHit] = field(default_factory=list)

    @property
    def is_closed(self) -> bool:
        return self.stage in ("closed_won", "closed_lost")

    @property
    def days_silent(self) -> int | None:
        if self.as_of is None or self.last_contact is None:
            return None
        return (self.as_of - self.last_contact).days

    def person(self, relation: str) -> Stakeholder | None:
        return next((p for p in self.stakeholders if p.relation == relation), None)

    @property
    def economic_buyer(self) -> Stakeholder | None:
        return self.person("economic_buyer")

    @property
    def champion(self) -> Stakeholder | None:
        return self.person("champion")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DealModel:
        model = _adapter().validate_python(data)
        order = {e: i for i, e in enumerate(MEDDPICC)}  # stored with sorted keys: back to the canonical order
        model.meddpicc = dict(sorted(model.meddpicc.items(), key=lambda kv: order.get(kv[0], len(order))))
        return model


@lru_cache(maxsize=1)
def _adapter() -> Any:
    """The validator for stored deal models, built once: building it costs about 20 ms, more than the rest of
    reading a stored model."""
    from pydantic import TypeAdapter

    return TypeAdapter(DealModel)
