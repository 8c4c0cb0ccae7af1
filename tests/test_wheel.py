"""The wheel as an operator installs it: built from this tree, installed into a fresh venv, run from an unrelated
folder with no source checkout on the path. Knowledge, prompts, eval cases, fixtures, trained models, widget and
docs assets must all come from inside the installed package.

To stay offline and fast, the fresh venv gets the shared third-party dependencies through a .pth file naming the
test runner's site-packages (a path added by a .pth is not itself scanned for .pth files, so an editable install
of this project there stays inert) and the wheel goes in with --no-deps; the test checks that `assistant` is
imported from the fresh venv.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT
from tests.loopback import free_port

pytestmark = pytest.mark.wheel
PIP_OFFLINE = ["-q", "--no-deps", "--no-index", "--disable-pip-version-check"]
TEAM, DEAL = "summit", "D-201"
EVAL_CASES = {"prep-harbor-d01", "self-harbor-01", "retrieval-harbor-01", "adv-other-rep-01", "multi-harbor-01"}


class Installed:
    """A fresh venv holding only the wheel; `run` executes its `coach` from a folder outside the checkout."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.venv, self.cwd = base / "venv", base / "elsewhere"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_") and k != "PYTHONPATH"}
        self.env.update({"XDG_DATA_HOME": str(base / "data"), "HOME": str(base / "user"), "NO_COLOR": "1"})

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.venv / "bin" / "coach"), *args],
            capture_output=True, text=True, env=self.env, cwd=self.cwd, timeout=timeout,
        )

    def python_says(self, code: str) -> str:
        result = subprocess.run(
            [str(self.python), "-c", code], capture_output=True, text=True, env=self.env, cwd=self.cwd, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


def build_wheel(out: Path) -> Path:
    """Build from a copy of the tree (the build writes build/ and *.egg-info next to its sources)."""
    src = out / "src"
    shutil.copytree(ROOT / "assistant", src / "assistant", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", *PIP_OFFLINE, "--no-build-isolation", "-w", str(out), str(src)],
        check=True, capture_output=True, timeout=120,
    )
    (wheel,) = out.glob("sales_coach_assistant-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    started = time.monotonic()
    base = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(base)
    inst = Installed(base)
    inst.cwd.mkdir()
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(inst.venv)], check=True, timeout=60)
    site = Path(inst.python_says("import sysconfig; print(sysconfig.get_path('purelib'))"))
    (site / "shared-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(inst.python), "install", *PIP_OFFLINE, str(wheel)],
        check=True, capture_output=True, timeout=120,
    )
    print(f"wheel built and installed in {time.monotonic() - started:.1f} s")
    return inst


def test_the_package_and_its_data_come_from_the_fresh_venv(installed: Installed) -> None:
    code = (
        "import json, assistant, assistant.api.routers.widget as w, assistant.understand.classifier as c;"
        "from assistant.resources import knowledge_dir, prompts_dir, evals_dir;"
        "from assistant.settings import Settings;"
        "print(json.dumps({'package': assistant.__file__, 'knowledge': str(Settings().knowledge_dir),"
        "'prompts': str(prompts_dir()), 'cases': str(evals_dir() / 'cases'), 'widget': str(w.WIDGET_DIR),"
        "'models': c.__file__}))"
    )
    where = json.loads(installed.python_says(code))
    venv = str(installed.venv.resolve())
    for name, path in where.items():
        assert path.startswith(venv), (name, path)  # not the checkout, not an editable install
        assert Path(path).exists(), (name, path)
    entries = json.loads(installed.python_says("import json, sys; print(json.dumps(sys.path))"))
    assert str(ROOT) not in entries and "" not in entries[1:]


@pytest.fixture(scope="module")
def ingested(installed: Installed) -> Installed:
    result = installed.run("ingest", str(EXAMPLES / "notes.csv"), "--team", TEAM, timeout=300)  # not the calls: time
    assert result.returncode == 0, result.stderr
    assert "131 added" in result.stdout
    return installed


def test_ingest_and_prep_from_an_unrelated_folder(ingested: Installed) -> None:
    prep = ingested.run("prep", DEAL, "--team", TEAM, "--json")
    assert prep.returncode == 0, prep.stderr
    pack = json.loads(prep.stdout)
    assert pack["deal_id"] == DEAL and 1 <= len(pack["focus_areas"]) <= 2 and pack["questions"]
    assert (ingested.base / "data" / "sales-coach" / "coach.db").is_file()  # per-user state, not ./.coach
    assert list(ingested.cwd.iterdir()) == []



@pytest.fixture
def served(ingested: Installed) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(ingested.venv / "bin" / "coach"), "serve", "--port", str(port)],
        env=ingested.env, cwd=ingested.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else "coach serve exited"
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "coach serve did not start"
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_serve_answers_a_real_request(ingested: Installed, served: str) -> None:
    created = ingested.run("keys", "create", "--team", TEAM, "--role", "manager", "--json")
    assert created.returncode == 0, created.stderr
    key = json.loads(created.stdout)["key"]
    r = httpx.get(f"{served}/v1/teams/{TEAM}/deals/{DEAL}/prep", headers={"Authorization": f"Bearer {key}"}, timeout=60)
    assert r.status_code == 200, r.text
    assert r.json()["deal_id"] == DEAL and r.json()["questions"]
    for page in ("/widget", "/docs", "/redoc"):
        assert httpx.get(f"{served}{page}", timeout=30).status_code == 200, page


def test_eval_runs_with_the_shipped_cases_fixtures_and_gates(installed: Installed) -> None:
    """One fixture team and one case of each kind, read out of the installed package; the shipped gates."""
    evals = Path(installed.python_says("from assistant.resources import evals_dir; print(evals_dir())"))
    fixtures = installed.base / "fixtures"
    shutil.copytree(evals / "fixtures" / "harbor", fixtures / "harbor")
    cases = []
    for file in sorted((evals / "cases").glob("*.yaml")):
        cases += [c for c in yaml.safe_load(file.read_text(encoding="utf-8"))["cases"] if c["id"] in EVAL_CASES]
    assert {c["id"] for c in cases} == EVAL_CASES
    case_file = installed.base / "cases.yaml"
    case_file.write_text(yaml.safe_dump({"cases": cases}), encoding="utf-8")
    result = installed.run("eval", "--cases", str(case_file), "--fixtures", str(fixtures), "--json", timeout=300)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["passed_gates"] and data["gates"] and {c["id"] for c in data["cases"]} == EVAL_CASES
