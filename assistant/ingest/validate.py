"""Validation of raw records into Notes, with pydantic at the file edge (unknown fields refused).

Limits are the same whatever the format: a note's text has at most MAX_NOTE_CHARS characters (CSV, JSONL,
JSON and Markdown alike), short fields at most MAX_FIELD_CHARS, a field holds a text, number or date and never
a nested object, an amount is a finite number (not NaN, not infinity, not true/false), and a note may not be
dated more than MAX_FUTURE_DAYS after the day it is ingested: one mistyped year must not move "today" for a team.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..models import Note
from .loaders import RawRecord, RecordError
from .values import ValueProblem, parse_amount

TEXT_ALIASES = ("text", "note", "body", "content")
FIELDS = ("note_id", "deal_id", "text", "account", "rep", "stage", "amount", "close_date", "date", "author", "team")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?$")
MAX_NOTE_CHARS = 100_000  # a long call transcript is ~60,000 characters
MAX_FIELD_CHARS = 200
MAX_FUTURE_DAYS = 365
# csv's own cap (131,072 characters a cell) would answer first, with another message, for CSV only: lifted, so
# MAX_NOTE_CHARS below is the one limit for every format (the whole file is in memory already).
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

Short = Annotated[str, Field(max_length=MAX_FIELD_CHARS)]


class NoteIn(BaseModel):
    """One note as it may appear in an input file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    deal_id: Short
    text: Annotated[str, Field(max_length=MAX_NOTE_CHARS)]
    note_id: Short | None = None
    account: Short | None = None
    rep: Short | None = None
    stage: Short | None = None
    amount: Annotated[float, Field(allow_inf_nan=False)] | None = None
    close_date: dt.date | None = None
    date: dt.date | None = None
    author: Short | None = None
    team: Short | None = None

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
        try:  # one reading of an amount for every format (ingest/values.py)
            return parse_amount(value)
        except ValueProblem as exc:
            raise ValueError(str(exc)) from None

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
    field = ".".join(str(p) for p in err["loc"][:1]) or "record"
    message = err["msg"]
    if err["type"] == "missing":
        message = "required field is missing"
    elif err["type"] == "string_too_long":
        length = len(err["input"].strip()) if isinstance(err.get("input"), str) else 0
        limit = (err.get("ctx") or {}).get("max_length")
        message = f"{length:,} characters; the limit is {limit:,}" if limit else message
    elif message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return field, message


def _nested(data: dict[str, Any]) -> str | None:
    return next((k for k, v in data.items() if isinstance(v, dict | list | tuple | set)), None)


def validate_record(record: RawRecord, team: str, today: dt.date | None = None) -> Note:
    """One record as a Note, or a RecordError naming the file, the row or line and the field.

    `today` is the ingest date (the clock's by default): later dates by more than a year are refused."""
    data = _normalise(record)
    nested = _nested(data)
    if nested is not None:
        expected = "expected a text, number or date"
        raise RecordError(record.source, record.location, f"field {nested!r}: a nested object or list; {expected}")
    try:
        item = NoteIn.model_validate(data)
    except ValidationError as exc:
        field, message = _first_error(exc)
        raise RecordError(record.source, record.location, f"field {field!r}: {message}") from None
    latest = (today or dt.date.today()) + dt.timedelta(days=MAX_FUTURE_DAYS)
    if item.date is not None and item.date > latest:
        raise RecordError(
            record.source,
            record.location,
            f"field 'date': {item.date.isoformat()} is more than a year after the ingest date "
            f"({(today or dt.date.today()).isoformat()}); a note cannot come from the future",
        )
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
