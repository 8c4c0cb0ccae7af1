"""Input limits: JSON depth, note and field size (the same for every format), finite amounts, no notes from the
future. Each is one clear error naming the file, the row or line and the field, and nothing is stored."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.context import Context
from assistant.errors import UserError
from assistant.ingest import ingest_paths
from assistant.ingest.loaders import MAX_FILE_BYTES, RawRecord, RecordError
from assistant.ingest.validate import MAX_NOTE_CHARS, validate_record

GOOD = {"note_id": "N1", "deal_id": "D1", "date": "2026-11-02", "text": "Met Dana about the budget."}
LONG = "word " * (MAX_NOTE_CHARS // 5 + 10)
DEEP = "[" * 100_000 + "]" * 100_000


def jsonl(*rows: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n"


def csv_text(*rows: dict[str, str]) -> str:
    fields = list(rows[0])
    quoted = ['"' + '","'.join(str(r[f]).replace('"', '""') for f in fields) + '"' for r in rows]
    return "\n".join([",".join(fields), *quoted]) + "\n"


CASES = {
    "deep_json_file": ("notes.json", DEEP, "notes.json: nested too deeply"),
    "deep_jsonl_line": ("notes.jsonl", jsonl(GOOD, '{"deal_id": "D2", "text": ' + DEEP + "}"), "nested too deeply"),
    "deep_front_matter": ("note.md", "---\ndeal_id: " + "[" * 50_000 + "\n---\nbody\n", "note.md: nested too deeply"),
    "nested_value": (
        "notes.jsonl",
        jsonl(GOOD, {"deal_id": "D2", "text": {"nested": ["x"]}}),
        "notes.jsonl: line 2: field 'text': a nested object or list",
    ),
    "long_note_jsonl": (
        "notes.jsonl",
        jsonl(GOOD, {**GOOD, "note_id": "N2", "text": LONG}),
        f"notes.jsonl: line 2: field 'text': {len(LONG.strip()):,} characters; the limit is {MAX_NOTE_CHARS:,}",
    ),
    "long_note_csv": (
        "notes.csv",
        csv_text(GOOD, {**GOOD, "note_id": "N2", "text": LONG}),
        f"notes.csv: row 2 (line 3): field 'text': {len(LONG.strip()):,} characters; the limit is {MAX_NOTE_CHARS:,}",
    ),
    "long_account": (
        "notes.jsonl",
        jsonl(GOOD, {**GOOD, "note_id": "N2", "account": "A" * 500}),
        "line 2: field 'account': 500 characters; the limit is 200",
    ),
    "nan_amount_json_literal": (
        "notes.jsonl",
        jsonl(GOOD, '{"deal_id": "D2", "text": "x", "amount": NaN}'),
        "line 2: column 'amount', value nan: not an amount (expected a finite number)",
    ),
    "infinity_amount_jsonl": (
        "notes.jsonl",
        jsonl(GOOD, '{"deal_id": "D2", "text": "x", "amount": -Infinity}'),
        "line 2: column 'amount', value -inf: not an amount (expected a finite number)",
    ),
    "inf_amount_csv": (
        "notes.csv",
        csv_text({**GOOD, "amount": "1000"}, {**GOOD, "note_id": "N2", "amount": "inf"}),
        "row 2 (line 3): column 'amount', value 'inf': not an amount (expected a finite number)",
    ),
    "boolean_amount_json": (
        "notes.json",
        json.dumps([GOOD, {**GOOD, "note_id": "N2", "amount": True}]),
        "notes.json: item 2: column 'amount', value True: not an amount (expected a number, not true or false)",
    ),
    "boolean_amount_front_matter": (
        "note.md",
        "---\ndeal_id: D2\namount: yes\n---\nMet Dana.\n",
        "note.md: front matter: column 'amount', value True: not an amount (expected a number, not true or false)",
    ),
    "note_from_2099_csv": (
        "notes.csv",
        csv_text(GOOD, {**GOOD, "note_id": "N2", "date": "2099-01-01"}),
        "row 2 (line 3): field 'date': 2099-01-01 is more than a year after the ingest date",
    ),
    "note_from_2099_jsonl": (
        "notes.jsonl",
        jsonl(GOOD, {**GOOD, "note_id": "N2", "date": "2099-01-01"}),
        "line 2: field 'date': 2099-01-01 is more than a year after the ingest date",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_limit_is_a_clear_error_and_nothing_is_stored(ctx: Context, tmp_path: Path, case: str) -> None:
    name, content, message = CASES[case]
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError) as error:
        ingest_paths(ctx, [path], "t")
    text = str(error.value)
    assert message in text and text.endswith("nothing was stored"), text
    assert "\n" not in text and "Recursion" not in text
    assert ctx.catalog.stats("t")["notes"] == 0


def test_the_note_limit_is_the_same_for_csv_and_jsonl() -> None:
    """A note just under the limit passes and one just over fails, whatever the format it came in."""
    for size, ok in ((MAX_NOTE_CHARS, True), (MAX_NOTE_CHARS + 1, False)):
        for source in ("a.csv", "a.jsonl"):
            record = RawRecord(source, "line 2", {"deal_id": "D1", "text": "x" * size})
            if ok:
                assert len(validate_record(record, "t").text) == size
            else:
                with pytest.raises(RecordError, match=f"the limit is {MAX_NOTE_CHARS:,}"):
                    validate_record(record, "t")


def test_a_year_ahead_is_the_boundary() -> None:
    today = dt.date(2026, 12, 2)
    ok = RawRecord("a.csv", "row 1", {"deal_id": "D1", "text": "x", "date": "2027-12-02"})
    assert validate_record(ok, "t", today=today).date == dt.date(2027, 12, 2)
    late = RawRecord("a.csv", "row 1", {"deal_id": "D1", "text": "x", "date": "2027-12-03"})
    with pytest.raises(RecordError, match="more than a year after the ingest date"):
        validate_record(late, "t", today=today)


def test_cli_deep_json_is_one_line_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(DEEP, encoding="utf-8")
    env = {**os.environ, "COACH_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(path), "--team", "t"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "deep.json: nested too deeply" in lines[0] and "Recursion" not in lines[0]


@pytest.mark.parametrize("name", ["big.jsonl", "big.csv", "folder/big.json"])
def test_a_file_over_the_size_cap_is_refused_before_anything_is_read(ctx: Context, tmp_path: Path, name: str) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(jsonl(GOOD), encoding="utf-8")
    big = tmp_path / name
    big.parent.mkdir(parents=True, exist_ok=True)
    with big.open("wb") as f:  # sparse: the size is real, the disk blocks are not
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(UserError) as error:
        ingest_paths(ctx, [good, big.parent if "/" in name else big], "t")
    text = str(error.value)
    assert f"{big.name}: 257 MB; the limit is 256 MB per file" in text and text.endswith("nothing was stored"), text
    assert ctx.catalog.stats("t")["notes"] == 0
