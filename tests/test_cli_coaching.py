"""prep, rep, self and check as a user runs them: one JSON object on stdout, exit 2 on bad arguments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import coach


@pytest.fixture(scope="module")
def home(summit_home: Path) -> Path:
    return summit_home


def run_json(home: Path, *args: str) -> dict[str, object]:
    result = coach(home, *args)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)  # exactly one JSON object, nothing else on stdout
    assert isinstance(data, dict)
    return data


def test_prep_json_and_rich(home: Path) -> None:
    data = run_json(home, "prep", "D-201", "--team", "summit", "--json")
    assert {"deal_id", "team", "rep", "account", "engine", "focus_areas", "questions", "avoid", "principles"} <= set(
        data
    )
    assert data["engine"] == "default"
    rich = coach(home, "prep", "D-201", "--team", "summit")
    assert rich.returncode == 0 and "Focus 1" in rich.stdout and "Graham Osei" in rich.stdout


def test_rep_and_self_json(home: Path) -> None:
    plan = run_json(home, "rep", "Marcus Delgado", "--team", "summit", "--json")
    assert {"rep", "team", "focus_areas", "strengths", "questions"} <= set(plan)
    reply = run_json(
        home,
        "self",
        "write the email for me",
        "--team",
        "summit",
        "--rep",
        "Marcus Delgado",
        "--deal",
        "D-201",
        "--json",
    )
    assert {"reply", "questions", "principles", "engine"} <= set(reply)


def test_check_from_stdin(home: Path) -> None:
    lines = "Did you ask about budget?\nYou need to get to the CFO.\nWho besides Omar has to agree?\n"
    result = coach(home, "check", "-", "--json", stdin=lines)
    data = json.loads(result.stdout)
    assert [i["text"] for i in data["items"]] == lines.strip().split("\n")
    assert [i["act"] for i in data["items"]] == ["closed_question", "directive", "open_question"]
    assert data["items"][0]["suggestion"] and data["items"][2]["suggestion"] is None


@pytest.mark.parametrize(
    "args",
    [
        ["prep", "D-999", "--team", "summit"],
        ["prep", "D-201", "--team", "nosuchteam"],
        ["prep", "D-201", "--team", "summit", "--engine", "bogus"],
        ["rep", "Nobody", "--team", "summit"],
        ["self", "help", "--team", "summit", "--rep", "Marcus Delgado", "--deal", "D-212"],
        ["self", "help", "--team", "summit", "--rep", "Nobody"],
        ["check", "-"],
    ],
)
def test_bad_arguments_exit_2_one_line(home: Path, args: list[str]) -> None:
    result = coach(home, *args, stdin="")
    assert result.returncode == 2, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len([ln for ln in result.stderr.splitlines() if ln.strip()]) == 1


def test_deal_json_and_rich(home: Path) -> None:
    data = run_json(home, "deal", "D-201", "--team", "summit", "--json")
    assert data["deal_id"] == "D-201" and data["latest_note_id"] in data["note_ids"]
    assert {"stakeholders", "meddpicc", "risks", "competitors", "close_history", "next_step", "signals"} <= set(data)
    names = {s["name"] for s in data["stakeholders"]}  # type: ignore[union-attr]
    assert "Graham Osei" in names and "Marcus Delgado" not in names
    rich = coach(home, "deal", "D-201", "--team", "summit")
    assert rich.returncode == 0 and "MEDDPICC" in rich.stdout and "Graham Osei" in rich.stdout
    missing = coach(home, "deal", "D-999", "--team", "summit")
    assert missing.returncode != 0 and "Traceback" not in missing.stderr
