"""`coach eval` end to end on a few real cases: reports, JUnit, baseline diff, gates, score, import-feedback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml

from assistant.resources import evals_dir
from assistant.store.audit import AuditLog
from tests.test_cli import coach


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("evals") / "home"


@pytest.fixture(scope="module")
def few_cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = {"prep-harbor-d01", "self-harbor-01", "retrieval-harbor-01", "adv-other-rep-01", "multi-harbor-01"}
    cases = []
    for file in sorted((evals_dir() / "cases").glob("*.yaml")):
        cases += [c for c in yaml.safe_load(file.read_text())["cases"] if c["id"] in wanted]
    assert len(cases) >= 4, [c["id"] for c in cases]
    path = tmp_path_factory.mktemp("cases") / "few.yaml"
    path.write_text(yaml.safe_dump({"cases": cases}))
    return path


@pytest.fixture(scope="module")
def harbor_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one fixture team the few cases are about (all 21 teams take minutes to ingest; `make evals` runs them)."""
    folder = tmp_path_factory.mktemp("fixtures")
    shutil.copytree(evals_dir() / "fixtures" / "harbor", folder / "harbor")
    return folder


def test_run_writes_reports_and_passes_gates(home: Path, few_cases: Path, harbor_only: Path, tmp_path: Path) -> None:
    html, md, js, junit, base = (tmp_path / n for n in ("r.html", "r.md", "r.json", "j.xml", "base.json"))
    result = coach(
        home,
        "eval",
        "--cases",
        str(few_cases),
        "--fixtures",
        str(harbor_only),
        "--report",
        str(html),
        "--report",
        str(md),
        "--report",
        str(js),
        "--junit",
        str(junit),
        "--save-baseline",
        str(base),
        "--repeat",
        "2",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<details" in html.read_text() and "# Evals" in md.read_text()
    data = json.loads(js.read_text())
    assert data["passed_gates"] and data["summary"]["stability"] == 1.0
    assert ET.parse(junit).getroot().tag == "testsuites"
    again = coach(
        home, "eval", "--cases", str(few_cases), "--fixtures", str(harbor_only), "--baseline", str(base), "--json"
    )
    comparison = json.loads(again.stdout)["comparison"]
    assert comparison["regressed"] == [] and comparison["missing"] == []


def test_failing_gate_exits_non_zero(home: Path, few_cases: Path, harbor_only: Path, tmp_path: Path) -> None:
    gates = tmp_path / "gates.yaml"
    gates.write_text("gates:\n  - metric: focus.recall\n    min: 1.01\n")
    result = coach(home, "eval", "--cases", str(few_cases), "--fixtures", str(harbor_only), "--gates", str(gates))
    assert result.returncode == 1 and "gate failed: focus.recall" in result.stderr


def test_score_external_outputs(home: Path, harbor_only: Path, tmp_path: Path) -> None:
    telling = {
        "questions": [
            {"text": "You need to call Ines Varga today.", "type": "clarify", "skill": "qualification", "citations": []}
        ]
    }
    good = {
        "questions": [
            {
                "text": "What has changed at Greyhollow Distribution since the last call?",
                "type": "clarify",
                "skill": "deal_strategy",
                "citations": [],
            }
        ]
    }
    lines = [{"case_id": "self-harbor-01", "output": telling}, {"case_id": "self-harbor-02", "output": good}]
    file = tmp_path / "outputs.jsonl"
    file.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    data = json.loads(coach(home, "eval", "score", str(file), "--fixtures", str(harbor_only), "--json").stdout)
    statuses = {c["id"]: c["metrics"]["acts"]["status"] for c in data["cases"]}
    assert statuses == {"self-harbor-01": "fail", "self-harbor-02": "pass"}
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"case_id": "nope", "output": {"questions": []}}\n')
    result = coach(home, "eval", "score", str(bad), "--fixtures", str(harbor_only))
    assert result.returncode == 2 and "line 1" in result.stderr and "unknown case" in result.stderr


def test_import_feedback(tmp_path: Path) -> None:
    home = tmp_path / "fb"
    audit = AuditLog(home / "audit.db")
    answer = audit.record(
        "key1",
        "harbor",
        "rep",
        "Callum Ferreira",
        "self",
        {"message": "write it for me", "deal_id": "HB-D01"},
        {"reply": "..."},
        private=True,
    )
    audit.add_feedback("key1", "harbor", answer, -1, "too many questions")
    audit.add_feedback("key1", "harbor", answer, 1, "")
    out = tmp_path / "drafts.yaml"
    result = coach(home, "eval", "import-feedback", "--out", str(out))
    assert result.returncode == 0, result.stderr
    drafts = yaml.safe_load(out.read_text())["cases"]
    assert len(drafts) == 1 and drafts[0]["kind"] == "self" and drafts[0]["input"]["deal_id"] == "HB-D01"
    assert coach(tmp_path / "empty", "eval", "import-feedback", "--out", str(out)).returncode == 2
