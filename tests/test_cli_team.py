"""`coach team` as a manager runs it: the overview as one JSON object or a readable view, and the usual errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.api.schemas.team import TeamOverviewOut
from assistant.settings import Settings
from assistant.store.audit import AuditLog
from tests.test_cli import coach


@pytest.fixture(scope="module")
def home(summit_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample team with one prep pack of D-201 in its audit log."""
    home = tmp_path_factory.mktemp("cli-team") / "home"
    shutil.copytree(summit_home, home)
    settings = Settings(home=home, _env_file=None)  # type: ignore[call-arg]
    AuditLog(settings.audit_path).record("k", "summit", "manager", None, "prep", {"deal_id": "D-201"}, {}, False)
    return home


def test_team_json_is_the_api_schema(home: Path) -> None:
    result = coach(home, "team", "--team", "summit", "--json", "--days", "7")
    assert result.returncode == 0, result.stderr
    data = TeamOverviewOut.model_validate(json.loads(result.stdout))  # extra="forbid": exactly the API's shape
    assert data.team == "summit" and data.stale_days == 7
    assert data.at_risk[0].deal_id == "D-212" and data.at_risk[0].flags
    assert [r.rep for r in data.reps] == sorted(r.rep for r in data.reps) and len(data.reps) == 6
    assert set(data.reps[0].scores) == set(data.skills) and data.common_gap in data.skills
    due = {d.deal_id for d in data.not_reviewed}
    assert "D-201" not in due and "D-212" in due  # D-201 was prepared today
    assert not due & {"D-214", "D-219", "D-222", "D-224", "D-227"}  # closed deals are never due a review


def test_team_rich_view(home: Path) -> None:
    result = coach(home, "team", "--team", "summit")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Copperline Telecom" in out and "no access to power" in out and "[N-" in out
    assert "Marcus Delgado" in out and "Qualification" in out and "Most common gap:" in out
    assert "not prepared in 14 days" in out and "never prepared" in out
    assert out.index("Copperline Telecom") < out.index("Kestrel Aerospace")  # ranked: most at risk first


@pytest.mark.parametrize("args", [["--team", "nosuchteam"], ["--team", "summit", "--days", "0"]])
def test_team_errors_exit_2_one_line(home: Path, args: list[str]) -> None:
    result = coach(home, "team", *args)
    assert result.returncode == 2, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    if args[1] == "nosuchteam":
        assert (
            result.stderr.strip()
            == "error: unknown team 'nosuchteam': no notes ingested (run `coach ingest PATH --team nosuchteam`)"
        )
