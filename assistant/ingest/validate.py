"""Validation of raw records into Notes, with pydantic at the file edge (unknown fields refused)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..models import Note
from .loaders import RawRecord, RecordError

TEXT_ALIASES = ("text", "note", "body", "content")
FIELDS = ("note_id", "deal_id", "text", "account", "rep", "stage", "amount", "close_date", "date", "author", "team")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")


class NoteIn(BaseModel):
    """One note as it may appear in an input file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    deal_id: str
    text: str
    note_id: str | None = None
    account: str | None = None
    rep: str | None = None
    stage: str | None = None
    amount: float | None = None
    close_date: dt.date | None = None
    date: dt.date | None = None
    author: str | None = None
    team: str | None = None

    @field_validator("deal_id", "text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("deal_id", "note_id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Any:
        if isinstance(value, str):
            cleaned = value.strip().replace(",", "").replace("$", "").replace("€", "").replace("£", "")
            try:
                return float(cleaned)
            except ValueError:
                raise ValueError(f"not a number: {value!r}") from None
        return value

    @field_validator("close_date", "date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date) or value is None:
            return value
        if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
            raise ValueError(f"invalid date {value!r} (expected YYYY-MM-DD)")
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValueError(f"invalid date {value!r} (expected YYYY-MM-DD)") from None


def stable_note_id(deal_id: str, text: str) -> str:
    """Id for a note that came without one: a hash of its deal and text, stable across runs."""
    return "n-" + hashlib.sha1(f"{deal_id}\n{text}".encode()).hexdigest()[:12]


def _normalise(record: RawRecord) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in record.data.items():
        name = str(key).strip().lower()
        if isinstance(value, str) and not value.strip():
            value = None
        data[name] = value
    present = [a for a in TEXT_ALIASES if a in data]
    if len(present) > 1:
        raise RecordError(
            record.source,
            record.location,
            f"fields {' and '.join(repr(p) for p in present)} both hold the note text; keep one",
        )
    if present and present[0] != "text":
        data["text"] = data.pop(present[0])
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise RecordError(
            record.source,
            record.location,
            f"field {unknown[0]!r}: unknown field (allowed: {', '.join(FIELDS)}; "
            f"the text may also be called note, body or content)",
        )
    return data


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "record"
    message = err["msg"]
    if err["type"] == "missing":
        message = "required field is missing"
    elif message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return field, message


def validate_record(record: RawRecord, team: str) -> Note:
    data = _normalise(record)
    try:
        item = NoteIn.model_validate(data)
    except ValidationError as exc:
        field, message = _first_error(exc)
        raise RecordError(record.source, record.location, f"field {field!r}: {message}") from None
    if item.team is not None and item.team != team:
        raise RecordError(
            record.source, record.location, f"field 'team': note belongs to team {item.team!r}, not {team!r}"
        )
    return Note(
        team=team,
        note_id=item.note_id or stable_note_id(item.deal_id, item.text),
        deal_id=item.deal_id,
        text=item.text,
        account=item.account,
        rep=item.rep,
        stage=item.stage,
        amount=item.amount,
        close_date=item.close_date,
        date=item.date,
        author=item.author,
        source=f"{record.source}:{record.location}",
    )
