"""`coach keys ...` and `coach serve`, registered on a Typer app the way cli.py will: one-line errors, exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.api.cli import register

app = typer.Typer()
register(app)
runner = CliRunner()


@pytest.fixture
def home(summit_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    shutil.copytree(summit_home, home)
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.chdir(tmp_path)  # no stray .env
    return home


def test_keys_create_list_revoke(home: Path) -> None:
    created = runner.invoke(
        app, ["keys", "create", "--team", "summit", "--role", "rep", "--rep", "jenna okafor", "--json"]
    )
    assert created.exit_code == 0, created.output
    data = json.loads(created.stdout)
    assert data["rep"] == "Jenna Okafor" and data["key"].startswith(f"coach_{data['id']}_")
    text = runner.invoke(app, ["keys", "create", "--team", "summit", "--role", "manager"])
    assert text.exit_code == 0 and "Shown once" in text.stdout
    listed = json.loads(runner.invoke(app, ["keys", "list", "--team", "summit", "--json"]).stdout)
    assert len(listed) == 2 and all("key" not in k and "hash" not in k and "salt" not in k for k in listed)
    assert data["key"].split("_", 2)[2] not in runner.invoke(app, ["keys", "list"]).stdout
    revoked = runner.invoke(app, ["keys", "revoke", data["id"]])
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    listed = json.loads(runner.invoke(app, ["keys", "list", "--json"]).stdout)
    assert next(k for k in listed if k["id"] == data["id"])["revoked"]
    admin = runner.invoke(app, ["keys", "create", "--role", "admin", "--json"])
    assert admin.exit_code == 0, admin.output
    assert json.loads(admin.stdout)["role"] == "admin" and json.loads(admin.stdout)["team"] == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["keys", "create", "--team", "summit", "--role", "rep"], "needs --rep"),
        (["keys", "create", "--team", "summit", "--role", "rep", "--rep", "Nobody"], "unknown rep 'Nobody'"),
        (["keys", "create", "--team", "Bad Team", "--role", "manager"], "invalid team id"),
        (["keys", "revoke", "nosuchkey"], "unknown key id"),
        (["keys", "create", "--role", "manager"], "needs --team"),
        (["keys", "create", "--team", "summit", "--role", "admin"], "belongs to no team"),
    ],
)
def test_errors_are_one_line_exit_2(home: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output


def test_serve_is_registered() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.stdout and "--host" in result.stdout


def test_serve_refuses_workers_on_the_embedded_vector_index(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COACH_CHROMA_HOST", raising=False)
    result = runner.invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "--workers 2 needs a Chroma server" in result.output and "COACH_CHROMA_HOST" in result.output


def test_a_bad_database_url_is_one_line(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATABASE_URL", "mysql://db/coach")
    result = runner.invoke(app, ["keys", "list"])
    assert result.exit_code == 2 and "database_url" in result.output and "postgresql://" in result.output
