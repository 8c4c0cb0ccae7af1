"""Tabular files (CSV and .xlsx) read into records that keep the headers as the export wrote them.

Header problems stop the file; a ragged row is one problem among the others and reading goes on, so the user
sees every problem of the file at once. Spreadsheets are read with openpyxl (values, not formulas), first
sheet or `--sheet NAME`; dates come as date cells or as text, whichever the export wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from .loaders import RawRecord, RecordError, read_text

HEADER = "line 1 (header)"


def _check_header(source: str, names: list[str], where: str) -> None:
    if not any(names):
        raise RecordError(source, where, "empty header row")
    seen: set[str] = set()
    for name in names:
        if not name:
            raise RecordError(source, where, "a column has an empty name")
        if name.lower() in seen:
            raise RecordError(source, where, f"column {name!r} appears twice")
        seen.add(name.lower())


def read_csv_table(path: Path, problems: list[RecordError]) -> list[RawRecord]:
    source = str(path)
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise RecordError(source, "line 1", f"cannot read the header row: {exc}") from exc
    names = [h.strip() for h in header]
    _check_header(source, names, "line 1")
    records: list[RawRecord] = []
    row_no, line = 0, reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # the rest of the file cannot be split into rows reliably
            problems.append(RecordError(source, f"line {line}", f"malformed CSV: {exc}"))
            return records
        row_no += 1
        location = f"row {row_no} (line {line})"
        line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            problems.append(RecordError(source, location, f"expected {len(names)} columns, found {len(row)}"))
            continue
        records.append(RawRecord(source, location, dict(zip(names, row, strict=True))))
    if row_no == 0:
        raise RecordError(source, None, "no data rows after the header")
    return records


def _cell(value: Any) -> Any:
    """Spreadsheet cells as the text readers would see them: whole numbers without '.0', dates as dates."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def read_xlsx_table(path: Path, sheet: str | None, problems: list[RecordError]) -> list[RawRecord]:
    from openpyxl import load_workbook

    source = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RecordError(source, None, f"not a readable .xlsx workbook ({exc})") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise RecordError(source, None, f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        first = next(rows, None)
        where = f"sheet {ws.title!r} row 1 (header)"
        if first is None:
            raise RecordError(source, None, f"sheet {ws.title!r} is empty")
        names = [str(h).strip() if h is not None else "" for h in first]
        while names and not names[-1]:  # trailing empty header cells of a formatted sheet
            names.pop()
        _check_header(source, names, where)
        records: list[RawRecord] = []
        for number, row in enumerate(rows, start=2):
            cells = [_cell(v) for v in row]
            if not any(c is not None and str(c).strip() for c in cells):
                continue
            extra = [c for c in cells[len(names) :] if c is not None and str(c).strip()]
            location = f"sheet {ws.title!r} row {number}"
            if extra:
                problems.append(RecordError(source, location, f"values beyond the {len(names)} named columns"))
                continue
            cells += [None] * (len(names) - len(cells))
            records.append(RawRecord(source, location, dict(zip(names, cells[: len(names)], strict=True))))
    finally:
        book.close()
    if not records:
        raise RecordError(source, None, f"no data rows after the header in sheet {ws.title!r}")
    return records
