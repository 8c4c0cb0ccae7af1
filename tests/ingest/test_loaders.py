"""Every format loads; every bad input is a one-line error naming file, row/line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.context import Context
from assistant.errors import UserError
from assistant.ingest import ingest_paths
from assistant.ingest.validate import stable_note_id

HEADER = "note_id,deal_id,account,rep,stage,amount,close_date,date,author,text\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_every_format_loads(ctx: Context, tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    write(
        folder / "a.csv",
        HEADER + 'N1,D1,Acme,Ann,proposal,"$50,000",2026-12-15,2026-10-01,Ann,"Met Omar, CFO signs."\n',
    )
    write(folder / "b.csv", "deal_id,note\nD1,Alias column for the text\n")
    write(folder / "sub" / "c.jsonl", json.dumps({"note_id": "N3", "deal_id": "D2", "text": "jsonl note"}) + "\n\n")
    write(folder / "d.json", json.dumps([{"note_id": "N4", "deal_id": "D2", "body": "json note", "amount": 10}]))
    write(folder / "e.md", "---\nnote_id: N5\ndeal_id: D3\ndate: 2026-10-02\nteam: t\n---\nMarkdown body.\n")
    write(folder / "f.txt", "---\ndeal_id: D3\n---\nPlain text body.\n")
    write(folder / "README.md", "# not a note\n")
    report = ingest_paths(ctx, [folder], "t")
    assert (report.added, report.deals) == (6, 3)
    notes = {n.note_id: n for n in ctx.catalog.notes("t")}
    assert notes["N1"].amount == 50000.0 and str(notes["N1"].close_date) == "2026-12-15"
    assert stable_note_id("D1", "Alias column for the text") in notes
    assert notes["N5"].text == "Markdown body."
    assert ctx.catalog.stats("t") == {"notes": 6, "deals": 3, "reps": 1}


BAD_CASES = [
    ("missing_column.csv", "note_id,text\nN1,hello\n", ["row 1 (line 2)", "'deal_id'"]),
    ("bad_date.csv", HEADER + "N1,D1,A,R,s,1,2026-13-45,2026-10-01,R,text\n", ["row 1 (line 2)", "'close_date'"]),
    ("word_date.csv", "deal_id,text,date\nD1,ok,2026-01-01\nD1,x,yesterday\n", ["row 2 (line 3)", "'date'"]),
    ("broken.jsonl", '{"deal_id": "D1", "text": "ok"}\n{"deal_id": "D1", "text": \n', ["line 2", "invalid JSON"]),
    ("empty.csv", "", ["empty file"]),
    ("header_only.csv", "deal_id,text\n", ["no data rows"]),
    ("no_deal.json", json.dumps([{"text": "x"}, {"deal_id": "", "text": "y"}]), ["item 1", "'deal_id'"]),
    ("blank_text.jsonl", json.dumps({"deal_id": "D1", "text": "  "}) + "\n", ["line 1", "'text'"]),
    ("latin1.csv", "deal_id,text\nD1,caf\xe9 cr\xe8me\n".encode("latin-1"), ["line 2", "not UTF-8"]),
    ("team.jsonl", json.dumps({"deal_id": "D1", "text": "x", "team": "other"}) + "\n", ["line 1", "'team'"]),
    ("unknown.csv", "deal_id,text,colour\nD1,x,red\nD2,y,blue\n", ["line 1 (header)", "'colour'", "unknown column"]),
    ("amount.csv", "deal_id,text,amount\nD1,x,lots\n", ["row 1 (line 2)", "column 'amount', value 'lots'"]),
    ("ragged.csv", "deal_id,text\nD1,x,extra\n", ["row 1 (line 2)", "columns"]),
    ("nofront.md", "just text\n", ["line 1", "front matter"]),
    ("object.json", json.dumps({"deal_id": "D1"}), ["JSON array"]),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_is_rejected_and_nothing_stored(
    ctx: Context, tmp_path: Path, name: str, content: str | bytes, expected: list[str]
) -> None:
    good = write(tmp_path / "in" / "good.csv", "deal_id,text\nD9,a perfectly good note\n")
    bad = write(tmp_path / "in" / name, content)
    with pytest.raises(UserError) as info:
        ingest_paths(ctx, [good, bad], "t")
    message = str(info.value)
    assert "\n" not in message or message.startswith(f"{message.count(str(bad))} problems")
    assert str(bad) in message
    for part in expected:
        assert part in message
    assert "nothing was stored" in message
    assert ctx.catalog.stats("t")["notes"] == 0


def test_conflicting_duplicate_note_id(ctx: Context, tmp_path: Path) -> None:
    path = write(tmp_path / "dup.csv", "note_id,deal_id,text\nN1,D1,first\nN1,D1,second\n")
    with pytest.raises(UserError, match=r"row 2 \(line 3\): field 'note_id'"):
        ingest_paths(ctx, [path], "t")


def test_missing_path_and_unsupported_type(ctx: Context, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        ingest_paths(ctx, [tmp_path / "nope.csv"], "t")
    with pytest.raises(UserError, match="unsupported file type"):
        ingest_paths(ctx, [write(tmp_path / "x.xls", "x")], "t")
    with pytest.raises(UserError, match="not a readable .xlsx workbook"):
        ingest_paths(ctx, [write(tmp_path / "x.xlsx", "x")], "t")
    with pytest.raises(UserError, match="invalid team id"):
        ingest_paths(ctx, [write(tmp_path / "y.csv", "deal_id,text\nD,x\n")], "Bad Team!")
