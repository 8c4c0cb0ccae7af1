"""Plain dataclasses used inside the package (pydantic models live at the edges, in schemas)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Note:
    """One validated deal note, as stored in the catalog."""

    team: str
    note_id: str
    deal_id: str
    text: str
    account: str | None = None
    rep: str | None = None
    stage: str | None = None
    amount: float | None = None
    close_date: date | None = None
    date: date | None = None
    author: str | None = None
    source: str = ""

    def content_key(self) -> tuple[object, ...]:
        """Everything that, when changed, makes a re-ingested note a replacement."""
        return (
            self.deal_id,
            self.text,
            self.account,
            self.rep,
            self.stage,
            self.amount,
            self.close_date,
            self.date,
            self.author,
        )


@dataclass(frozen=True)
class Chunk:
    chunk_id: str
    note_id: str
    deal_id: str
    rep: str | None
    seq: int
    text: str


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its fused score and the ranks it had in each retriever."""

    chunk_id: str
    note_id: str
    deal_id: str
    text: str
    score: float
    dense_rank: int | None = None
    bm25_rank: int | None = None
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Commitment:
    """What the rep said they would do: in a deal review (recorded by the manager, in the rep's words), saved by
    the rep from self-coaching (private to the rep unless shared), or written in a note as a dated next step."""

    commitment_id: str
    team: str
    deal_id: str
    rep: str | None
    text: str
    made_on: date
    due: date | None = None
    source: str = "review"  # "review" | "self" | "note"
    review_id: str | None = None
    note_id: str | None = None  # the note it was written in (source "note")
    private: bool = False
    shared: bool = False

    @property
    def visible_to_manager(self) -> bool:
        return not self.private or self.shared


@dataclass(frozen=True)
class Review:
    """One deal review a manager held with the rep: when, the skills it focused on, and the rep's commitments."""

    review_id: str
    team: str
    deal_id: str
    rep: str | None
    held_on: date
    focus: tuple[str, ...] = ()
    note: str = ""
    recorded_by: str = ""
    commitments: tuple[Commitment, ...] = field(default_factory=tuple)
