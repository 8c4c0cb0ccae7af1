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
