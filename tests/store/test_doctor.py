"""`coach doctor [--repair] [--json] [--team T]` as a user runs it: a real subprocess over real stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.context import Context
from assistant.ingest import ingest_paths
from assistant.store.doctor import run_doctor
from tests.conftest import make_context
from tests.store.test_reconcile import cut_off_write, notes_file


def coach(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_doctor_reports_exits_1_repairs_and_exits_0(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ctx = make_context(home)
    ingest_paths(ctx, [notes_file(tmp_path / "a.jsonl")], "t")
    ingest_paths(ctx, [notes_file(tmp_path / "b.jsonl", 4)], "u")
    cut_off_write(ctx)

    found = coach(home, "doctor")
    assert found.returncode == 1 and "Traceback" not in found.stderr
    assert "NEEDS REPAIR" in found.stdout and "coach doctor --repair" in found.stderr

    data = json.loads(coach(home, "doctor", "--json", "--team", "t").stdout)
    assert data["ok"] is False and [t["team"] for t in data["teams"]] == ["t"]
    counts = {k: data["teams"][0][k] for k in ("notes", "chunks", "vectors", "orphans", "missing", "mismatched")}
    assert counts == {"notes": 12, "chunks": 12, "vectors": 16, "orphans": 5, "missing": 1, "mismatched": 2}
    assert data["teams"][0]["interrupted_write"] is True

    unknown = coach(home, "doctor", "--team", "nobody")
    assert unknown.returncode == 2 and unknown.stderr.startswith("error:") and "unknown team" in unknown.stderr

    fixed = coach(home, "doctor", "--repair", "--json")
    assert fixed.returncode == 0, fixed.stderr
    teams = {t["team"]: t for t in json.loads(fixed.stdout)["teams"]}
    assert (
        teams["t"]["repaired"] == {"orphans_removed": 5, "re_embedded": 3, "hashes_added": 0}
        and teams["t"]["after"]["ok"]
    )
    assert teams["u"]["ok"] and teams["u"]["repaired"] == {"orphans_removed": 0, "re_embedded": 0, "hashes_added": 0}

    clean = coach(home, "doctor")
    assert clean.returncode == 0 and "NEEDS REPAIR" not in clean.stdout


def test_a_team_with_vectors_only_is_found_and_emptied(ctx: Context, tmp_path: Path) -> None:
    """A cut-off first ingest leaves a collection and no notes: the doctor still sees the team."""
    ingest_paths(ctx, [notes_file(tmp_path / "a.jsonl")], "t")
    with ctx.catalog.transaction() as con:  # as if the catalog transaction had rolled back
        ctx.catalog.delete_notes(con, "t", [n.note_id for n in ctx.catalog.notes("t")])
    report = run_doctor(ctx.index_writer)
    assert [(t.found.team, t.found.notes, len(t.found.orphans)) for t in report.teams] == [("t", 0, 12)]
    assert not report.ok
    repaired = run_doctor(ctx.index_writer, "t", repair=True)
    assert repaired.ok and repaired.teams[0].repaired is not None and repaired.teams[0].repaired.orphans_removed == 12
