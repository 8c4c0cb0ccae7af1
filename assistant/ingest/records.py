"""Raw records -> validated Notes: columns mapped, CRM values read, opportunity snapshots recognised.

Every problem of every record is collected (column, value and why), not only the first, so one run tells
the user everything to fix. A CRM row with no note text but a stage, amount or close date is a snapshot of
the deal: it is stored as a note without text (nothing to embed) and feeds the deal's stage, amount and
close-date history. Its id is a hash of what it says, so re-ingesting the same export adds nothing and a
later export adds exactly the changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ..models import Note
from .loaders import RawRecord, RecordError
from .mapping import ColumnMap
from .tables import HEADER
from .validate import validate_record
from .values import ValueProblem, parse_amount, parse_date

DATE_TARGETS = ("close_date", "date", "created", "modified")
SNAPSHOT_FIELDS = ("stage", "amount", "close_date")
_PLACEHOLDER = "(opportunity snapshot)"
UNDATED = " (snapshot, dated on ingest)"  # the source of a snapshot whose export carried no date


@dataclass
class Prepared:
    notes: list[Note]
    records: list[RawRecord]  # the record each note came from
    problems: list[RecordError]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _convert(target: str, value: Any, date_format: str | None) -> Any:
    if target in DATE_TARGETS:
        return parse_date(value, date_format)
    if target == "amount":
        return parse_amount(value)
    if target in ("deal_id", "note_id") and isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.strip() if isinstance(value, str) else value


class _Row:
    """One record being mapped: its fields, and the problems found in it."""

    def __init__(self, record: RawRecord, colmap: ColumnMap, tabular: bool, reported: set[tuple[str, str]]):
        self.record = record
        self.fields: dict[str, Any] = {}
        self.problems: list[RecordError] = []
        self.bad = False
        origin: dict[str, str] = {}
        for header, value in record.data.items():
            name = str(header)
            try:
                target = colmap.target(name)
            except KeyError:
                self._once(reported, tabular, name.lower(), f"column {name!r}: {colmap.unknown_hint(name)}")
                continue
            if target is None:
                continue
            if target in origin:
                message = f"columns {origin[target]!r} and {name!r} both feed {target!r}; map or --ignore one"
                self._once(reported, tabular, f"{target}\0", message)
                continue
            origin[target] = name
            if _blank(value):
                continue
            try:
                self.fields[target] = _convert(target, value, colmap.date_format)
            except ValueProblem as exc:
                self.fail(f"column {name!r}, value {value!r}: {exc}")

    def _once(self, reported: set[tuple[str, str]], tabular: bool, what: str, message: str) -> None:
        """A column problem of a table is told once, at its header, not on every row."""
        self.bad = True  # unmapped: what the row lacks follows from the column problem, not told again
        if not tabular:
            self.fail(message)
        elif (self.record.source, what) not in reported:
            reported.add((self.record.source, what))
            self.fail(message, HEADER)

    def fail(self, message: str, where: str | None = None) -> None:
        self.problems.append(RecordError(self.record.source, where or self.record.location, message))


def _fold(fields: dict[str, Any]) -> dict[str, Any]:
    """CRM-only fields into note fields: the title heads the text, the deal name is the id, dates fill in."""
    out = {k: v for k, v in fields.items() if k not in ("deal_name", "title", "next_step", "created", "modified")}
    if "deal_id" not in out and fields.get("deal_name"):
        out["deal_id"] = fields["deal_name"]
    text = out.get("text")
    if text and fields.get("title"):
        out["text"] = f"{fields['title']}\n\n{text}"
    if out.get("date") is None:
        if fields.get("modified") or fields.get("created"):
            out["date"] = fields.get("modified") or fields.get("created")
        elif "text" not in out and out.get("deal_id"):
            out["date"] = dt.date.today()  # a snapshot with no date is what the CRM said when exported
    return out


def _snapshot_id(note: Note, dated: bool) -> str:
    parts = [note.deal_id, note.stage or "", f"{note.amount:g}" if note.amount is not None else ""]
    parts += [note.close_date.isoformat() if note.close_date else "", note.account or "", note.rep or ""]
    if dated and note.date:
        parts.append(note.date.isoformat())
    return "s-" + hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


def prepare(records: Iterable[RawRecord], colmap: ColumnMap, team: str, tabular: set[str]) -> Prepared:
    out = Prepared([], [], [])
    next_steps: list[Any] = []
    reported: set[tuple[str, str]] = set()
    fitted: dict[tuple[str, ...], ColumnMap] = {}
    for record in records:
        headers = tuple(str(k) for k in record.data)
        if headers not in fitted:
            fitted[headers] = colmap.fitted(list(headers))
        row = _Row(record, fitted[headers], record.source in tabular, reported)
        fields = _fold(row.fields)
        snapshot = not fields.get("text") and any(fields.get(f) is not None for f in SNAPSHOT_FIELDS)
        if snapshot:
            fields.pop("note_id", None)
            fields["text"] = _PLACEHOLDER
        if row.bad:
            out.problems += row.problems
            continue
        try:
            note = validate_record(RawRecord(record.source, record.location, fields), team)
        except RecordError as exc:
            row.problems.append(exc)
        else:
            if snapshot:
                dated = bool(row.fields.get("modified") or row.fields.get("created") or row.fields.get("date"))
                note = replace(note, text="", note_id=_snapshot_id(note, dated))
                if not dated:
                    note = replace(note, source=note.source + UNDATED)
            if not row.problems:
                out.notes.append(note)
                out.records.append(record)
                next_steps.append(None if snapshot else row.fields.get("next_step"))
        out.problems += row.problems
    _add_next_steps(out.notes, next_steps)
    return out


def _add_next_steps(notes: list[Note], next_steps: list[Any]) -> None:
    """The CRM's Next Step goes on the deal's latest note of the file, once: repeated on every note row of the
    export it would weigh as many mentions. The note keeps the id of its own text, so a changed next step in a
    later export replaces that note instead of adding a copy."""
    latest: dict[str, int] = {}
    for i, (note, step) in enumerate(zip(notes, next_steps, strict=True)):
        if step:
            j = latest.get(note.deal_id)
            if j is None or (note.date or dt.date.min) >= (notes[j].date or dt.date.min):
                latest[note.deal_id] = i
    for i in latest.values():
        notes[i] = replace(notes[i], text=f"{notes[i].text}\n\nNext step: {next_steps[i]}")
