""".xlsx exports: first sheet or --sheet, the same column mapping, date and number cells as Excel stores them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from assistant.context import Context
from assistant.errors import UserError
from assistant.ingest import ingest_paths
from assistant.ingest.mapping import MapOptions
from assistant.ingest.pipeline import IngestOptions

HEADERS = ["Opportunity ID", "Opportunity Name", "Account Name", "Opportunity Owner", "Stage", "Amount",
           "Probability (%)", "Close Date", "Last Modified Date", "Note Body"]  # fmt: skip


def workbook(path: Path) -> Path:
    book = Workbook()
    summary = book.active
    summary.title = "Opportunities"
    summary.append(HEADERS)
    first = [6001, "Brightline - Field Service", "Brightline Energy", "Ana Ruiz", "Qualification", 24000, 20]
    summary.append([*first, dt.datetime(2027, 2, 15), dt.datetime(2026, 11, 20, 16, 40), "Leah wants a demo soon."])
    summary.append([6002, "Corvid - Platform", "Corvid Analytics", "Ana Ruiz", "Closed Won", "$86,500.00", 100,
                    "12/31/2026", "11/28/2026", None])  # fmt: skip
    summary["F2"].number_format = '"$"#,##0.00'
    notes = book.create_sheet("Activity")
    notes.append(["Opportunity ID", "Note Date", "Note Body"])
    notes.append(["6002", dt.date(2026, 11, 28), "Signed. Kickoff with Ravi's team on Dec 8."])
    book.save(path)
    return path


def test_first_sheet_with_the_salesforce_preset(ctx: Context, tmp_path: Path) -> None:
    path = workbook(tmp_path / "report.xlsx")
    options = IngestOptions(MapOptions(preset="salesforce", date_format="%m/%d/%Y"))
    report = ingest_paths(ctx, [path], "t", options=options)
    assert (report.added, report.deals, report.chunks) == (2, 2, 1)
    notes = {n.deal_id: n for n in ctx.catalog.notes("t")}
    first = notes["6001"]
    assert (first.text, first.amount, str(first.close_date), str(first.date), first.stage) == (
        "Leah wants a demo soon.", 24000.0, "2027-02-15", "2026-11-20", "Qualification"
    )  # fmt: skip
    snapshot = notes["6002"]
    assert (snapshot.text, snapshot.amount, str(snapshot.close_date)) == ("", 86500.0, "2026-12-31")
    assert snapshot.source.startswith(f"{path}:sheet 'Opportunities' row 3")


def test_named_sheet(ctx: Context, tmp_path: Path) -> None:
    path = workbook(tmp_path / "report.xlsx")
    report = ingest_paths(ctx, [path], "t", options=IngestOptions(MapOptions(preset="salesforce"), sheet="Activity"))
    assert report.added == 1
    note = ctx.catalog.notes("t")[0]
    assert (note.deal_id, str(note.date)) == ("6002", "2026-11-28")


@pytest.mark.parametrize(
    ("sheet", "expected"),
    [
        ("Pipeline", "no sheet 'Pipeline' (sheets: Opportunities, Activity)"),
        (None, "column 'Opportunity ID': unknown column"),
    ],
)
def test_bad_workbooks_store_nothing(ctx: Context, tmp_path: Path, sheet: str | None, expected: str) -> None:
    path = workbook(tmp_path / "report.xlsx")
    with pytest.raises(UserError) as info:
        ingest_paths(ctx, [path], "t", options=IngestOptions(sheet=sheet))
    assert expected in str(info.value) and str(path) in str(info.value)
    assert ctx.catalog.stats("t")["notes"] == 0


def test_stray_cells_and_a_bad_value_are_both_listed(ctx: Context, tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.append(["deal_id", "text", "amount"])
    ws.append(["D-1", "fine", 10])
    ws.append(["D-2", "extra cell", 10, "??"])
    ws.append(["D-3", "bad amount", "ten"])
    path = tmp_path / "stray.xlsx"
    book.save(path)
    with pytest.raises(UserError) as info:
        ingest_paths(ctx, [path], "t")
    lines = str(info.value).splitlines()
    assert lines == [
        "2 problems; nothing was stored:",
        f"  1. {path}: sheet 'Sheet' row 3: values beyond the 3 named columns",
        f"  2. {path}: sheet 'Sheet' row 4: column 'amount', value 'ten': not an amount",
    ]
    assert ctx.catalog.stats("t")["notes"] == 0
