"""Where state lives and when it is written: per-user by default, COACH_HOME when set; read-only commands and
failed commands leave nothing on disk; an unknown team is the same error everywhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.test_cli import coach

TEAM, DEAL, REP = "summit", "D-201", "Rhys Tanaka"
READ_ONLY = [
    ["stats", "--team", TEAM],
    ["search", "CFO", "--team", TEAM],
    ["deal", DEAL, "--team", TEAM],
    ["prep", DEAL, "--team", TEAM],
    ["rep", REP, "--team", TEAM],
    ["self", "How do I reach the CFO?", "--team", TEAM, "--rep", REP],
    ["forget", "--team", TEAM, "--deal", DEAL],
]


def files_under(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size for p in root.rglob("*") if p.is_file()}


def two_notes(folder: Path) -> Path:
    path = folder / "notes.csv"
    path.write_text(
        "deal_id,text,rep,date\nD-1,Met the CFO who signs,Ana Ruiz,2026-01-05\nD-1,Pricing sent,Ana Ruiz,2026-01-09\n",
        encoding="utf-8",
    )
    return path


def test_read_only_commands_on_a_missing_home_create_nothing(tmp_path: Path) -> None:
    home = tmp_path / "state"
    for args in READ_ONLY:
        result = coach(home, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith(f"error: unknown team '{TEAM}'"), (args, result.stderr)
    listing = coach(home, "knowledge", "--json")
    assert listing.returncode == 0 and json.loads(listing.stdout)["principles"]
    keys = coach(home, "keys", "list", "--json")
    assert keys.returncode == 0 and json.loads(keys.stdout) == []
    assert coach(home, "keys", "revoke", "nosuchkey").returncode == 2
    assert not home.exists()


def test_read_only_commands_on_an_existing_home_add_no_file(summit_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "state"
    shutil.copytree(summit_home, home)
    assert coach(home, "prep", DEAL, "--team", TEAM).returncode == 0  # the first prep stores the deal model
    before = set(files_under(home))
    for args in READ_ONLY[:-1]:
        assert coach(home, *args).returncode == 0, args
    assert coach(home, "knowledge").returncode == 0
    assert set(files_under(home)) == before


def test_stats_on_an_unknown_team_is_the_same_error_as_elsewhere(summit_home: Path) -> None:
    stats = coach(summit_home, "stats", "--team", "nosuch")
    prep = coach(summit_home, "prep", DEAL, "--team", "nosuch")
    assert stats.returncode == prep.returncode == 2
    assert stats.stderr == prep.stderr and "unknown team 'nosuch'" in stats.stderr


def test_failed_ingest_stores_nothing(tmp_path: Path) -> None:
    home = tmp_path / "state"
    bad = tmp_path / "bad.csv"
    bad.write_text("deal_id,text,date\nD-1,ok,2026-01-01\nD-1,x,05/12/2026\n", encoding="utf-8")
    assert coach(home, "ingest", str(bad), "--team", TEAM).returncode == 2
    assert not home.exists()

    env = {**os.environ, "COACH_HOME": str(home), "COACH_KNOWLEDGE_DIR": str(tmp_path / "no-knowledge")}
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(two_notes(tmp_path)), "--team", TEAM],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode != 0 and "knowledge folder not found" in result.stderr
    assert "Traceback" not in result.stderr
    assert not home.exists()


def test_state_defaults_to_the_per_user_data_folder(tmp_path: Path) -> None:
    """Without COACH_HOME, state goes to the platform's user data folder (XDG_DATA_HOME on Linux), whatever
    the working directory: a command run elsewhere sees the same team, and no .coach appears in either."""
    env = {k: v for k, v in os.environ.items() if k != "COACH_HOME"}
    env.update({"XDG_DATA_HOME": str(tmp_path / "xdg"), "NO_COLOR": "1"})
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()

    def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
        )

    assert run(first, "ingest", str(two_notes(tmp_path)), "--team", "acme").returncode == 0
    stats = run(second, "stats", "--team", "acme", "--json")
    assert stats.returncode == 0 and json.loads(stats.stdout)["notes"] == 2
    assert (tmp_path / "xdg" / "sales-coach" / "coach.db").is_file()
    assert not (first / ".coach").exists() and not (second / ".coach").exists()
