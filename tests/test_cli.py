"""The `coach` command as a user runs it: a real subprocess, COACH_HOME honoured, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


def coach(home: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env, input=stdin, timeout=300
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("cli") / "state"
    result = coach(home, "ingest", str(EXAMPLES), "--team", "summit")
    assert result.returncode == 0, result.stderr
    assert "174 added" in result.stdout
    return home


def test_ingest_is_idempotent_and_stats(home: Path) -> None:
    again = coach(home, "ingest", str(EXAMPLES / "notes.csv"), "--team", "summit")
    assert again.returncode == 0 and "0 added, 0 replaced, 131 unchanged" in again.stdout
    stats = json.loads(coach(home, "stats", "--team", "summit", "--json").stdout)
    assert stats == {"team": "summit", "notes": 174, "deals": 27, "reps": 6}


def test_search_json(home: Path) -> None:
    result = coach(home, "search", "CFO signs but never met", "--team", "summit", "--deal", "D-201", "--json")
    data = json.loads(result.stdout)
    assert data["results"] and all(r["deal_id"] == "D-201" for r in data["results"])
    assert {"rank", "score", "note_id", "text"} <= set(data["results"][0])
    assert data["principles"]


def test_bad_input_exit_2_one_line_no_traceback(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("deal_id,text,date\nD-1,ok,2026-01-01\nD-1,x,05/12/2026\n", encoding="utf-8")
    result = coach(home, "ingest", str(bad), "--team", "summit")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "bad.csv: row 2 (line 3): column 'date', value '05/12/2026': ambiguous" in lines[0]
    for args in (
        ["stats", "--team", "Bad Team"],
        ["search", "x", "--team", "nobody"],
        ["search", "x", "--team", "summit", "--deal", "D-999"],
        ["forget", "--team", "summit"],
    ):
        result = coach(home, *args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr and result.stderr.startswith("error:")


def test_forget_note(home: Path, tmp_path: Path) -> None:
    note = tmp_path / "one.jsonl"
    note.write_text(json.dumps({"note_id": "X-1", "deal_id": "D-X", "text": "temporary note"}) + "\n")
    assert coach(home, "ingest", str(note), "--team", "summit").returncode == 0
    result = coach(home, "forget", "--team", "summit", "--note", "X-1")
    assert result.returncode == 0 and "deleted 1" in result.stdout


def test_ingest_crm_export_flags_and_every_problem(home: Path, tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "ingest" / "fixtures"
    export = fixtures / "salesforce_opportunities.csv"
    bad = coach(home, "ingest", str(export), "--team", "crm", "--preset", "salesforce")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    lines = bad.stderr.splitlines()
    assert lines[0] == "error: 7 problems; nothing was stored:" and len(lines) == 8
    assert "row 1 (line 2): column 'Created Date', value '10/02/2026': ambiguous date" in lines[1]
    ok = coach(
        home, "ingest", str(export), "--team", "crm", "--preset", "salesforce", "--date-format", "%m/%d/%Y",
        "--save-map",
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert "8 added" in ok.stdout and "column mapping saved for team crm" in ok.stdout
    later = coach(home, "ingest", str(fixtures / "salesforce_opportunities_later.csv"), "--team", "crm")
    assert later.returncode == 0 and "1 added, 0 replaced, 1 unchanged" in later.stdout
    call = coach(home, "ingest", str(fixtures / "call.vtt"), "--team", "crm", "--deal", "0065g00000AbCdEAA1")
    assert call.returncode == 0 and "1 added" in call.stdout  # Dana Whitfield is a rep of the team
