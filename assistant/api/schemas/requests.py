"""Request bodies of the service's own endpoints. Unknown fields are refused (a typo must not be dropped)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_MESSAGE_CHARS = 4000  # what a rep may write in one message: /v1/self and a user turn of /v1/chat/completions


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SelfRequest(_Request):
    """A rep asking for self-coaching; the team and the rep come from the key, never from the body."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"message": "How do I reach the CFO?"}]})

    message: str = Field(
        min_length=1, max_length=MAX_MESSAGE_CHARS, description="What the rep is working on or asking."
    )
    deal_id: str | None = Field(default=None, max_length=64, description="One of the rep's own deals.")
    save_commitment: bool = Field(
        default=False, description="Save the message's closing 'I'll ...' as the rep's commitment (private)."
    )


class CheckRequest(_Request):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"text": "Call the CFO today.\nWhy?"}]})

    text: str = Field(min_length=1, max_length=20000, description="The manager's planned questions, one a line.")


class FeedbackRequest(_Request):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"rating": 1, "comment": "useful"}]})

    answer_id: str | None = Field(default=None, max_length=64, description="The X-Coach-Answer-Id rated.")
    rating: Literal[1, -1] = Field(description="1 (thumbs up) or -1 (thumbs down).")
    comment: str = Field(default="", max_length=2000)


class CommitmentIn(_Request):
    text: str = Field(min_length=1, max_length=500, description="What the rep said they will do, in their words.")
    due: date | None = Field(default=None, description="When it is due (else read from the text: 'by the 14th').")


class ReviewRequest(_Request):
    """A deal review a manager held with the rep: the rep's commitments, the skill it focused on, a note."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "commitments": [{"text": "Dana: meet Ilse Brandt before the 14th", "due": "2026-11-14"}],
                    "focus": ["qualification"],
                    "note": "EB still only through Pete",
                }
            ]
        },
    )

    commitments: list[CommitmentIn] = Field(default_factory=list, max_length=10)
    focus: list[str] = Field(default_factory=list, max_length=2, description="One or two skill ids.")
    note: str = Field(default="", max_length=2000)
    held_on: date | None = Field(default=None, description="When it was held (default: today).")


class SelfCommitmentRequest(_Request):
    """A commitment a rep saves for themselves: private unless `shared`."""

    text: str = Field(min_length=1, max_length=500)
    deal_id: str = Field(max_length=64, description="One of the rep's own deals.")
    shared: bool = Field(default=False, description="Let the manager see it (they follow it up in the next prep).")
