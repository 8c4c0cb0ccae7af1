"""Response bodies of the service's own endpoints (coaching results reuse assistant.schemas)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Response(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Health(_Response):
    status: Literal["ok"] = "ok"
    version: str


class Me(_Response):
    """Who the key belongs to: lets a client (the widget) show the team and role without guessing."""

    key_id: str
    team: str
    role: Literal["manager", "rep", "admin"]
    rep: str | None


class DealSummary(_Response):
    deal_id: str
    account: str | None
    rep: str | None
    stage: str | None = Field(description="The deal model's stage (normalised, or the CRM label when unknown).")
    notes: int
    last_date: date | None


class NoteOut(_Response):
    note_id: str
    deal_id: str
    date: date | None
    author: str | None
    stage: str | None
    text: str


class IngestResult(_Response):
    team: str
    added: int
    replaced: int
    unchanged: int
    deals: int
    chunks: int
    seconds: float


class AnswerOut(_Response):
    id: str
    key_id: str
    team: str
    role: str
    rep: str | None
    kind: str
    request: Any
    response: Any
    private: bool
    shared: bool
    created: str


class AnswerList(_Response):
    answers: list[AnswerOut]
    private_count: int = Field(description="Rep self-coaching answers not shared with the manager (count only).")


class Shared(_Response):
    id: str
    shared: bool


class FeedbackCreated(_Response):
    id: str
    answer_id: str | None


class FeedbackOut(_Response):
    id: str
    answer_id: str | None
    key_id: str
    team: str
    rating: int
    comment: str = Field(description="Feedback on a rep's private, unshared answer is not exported at all.")
    created: str


class ErrorBody(_Response):
    type: str
    message: str


class ErrorResponse(_Response):
    error: ErrorBody


class _FromModel(_Response):
    """Read from the package's dataclass of the same fields (`model_validate(obj)`)."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)


class CommitmentOut(_FromModel):
    commitment_id: str
    deal_id: str
    rep: str | None
    text: str
    made_on: date
    due: date | None
    source: Literal["review", "self"]
    review_id: str | None
    private: bool
    shared: bool


class ReviewOut(_FromModel):
    review_id: str
    deal_id: str
    rep: str | None
    held_on: date
    focus: list[str]
    note: str
    commitments: list[CommitmentOut]
