"""`coach review`, `coach reviews`, `coach rep --history` and `coach self --save-commitment` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli import coach

DEAL, REP = "D-206", "Rhys Tanaka"


@pytest.fixture(scope="module")
def home(summit_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("reviews") / "home"
    shutil.copytree(summit_home, copy)  # the shared sample store stays without reviews
    return copy


def run_json(home: Path, *args: str) -> Any:
    result = coach(home, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def reviews(home: Path) -> list[dict[str, Any]]:
    return run_json(home, "reviews", "--team", "summit", "--json")["reviews"]


def test_a_review_pairs_each_due_with_its_commit_and_the_next_prep_follows_up(home: Path) -> None:
    made = run_json(
        home, "review", DEAL, "--team", "summit",
        "--commit", "Rhys: send the mutual plan to the champion", "--due", "2026-12-10",
        "--commit", "Rhys: map who else signs before the 30th",
        "--focus", "deal_strategy", "--note", "single-threaded", "--date", "2026-11-20", "--json",
    )  # fmt: skip
    assert made["focus"] == ["deal_strategy"] and made["rep"] == REP and made["held_on"] == "2026-11-20"
    first, second = made["commitments"]
    assert first["due"] == "2026-12-10"
    assert second["due"] == "2026-11-30"  # read from the rep's own words, against the review's day
    assert [r["review_id"] for r in reviews(home)] == [made["review_id"]]
    assert run_json(home, "reviews", "--team", "summit", "--deal", "D-201", "--json")["reviews"] == []
    assert len(run_json(home, "reviews", "--team", "summit", "--rep", REP.lower(), "--json")["reviews"]) == 1
    pack = run_json(home, "prep", DEAL, "--team", "summit", "--json")
    ids = {c["commitment_id"] for c in made["commitments"]}
    follow = [f for f in pack["follow_up"] if f["commitment_id"] in ids]
    assert len(follow) == 2 and all(f["question"]["type"] == "commitment" for f in follow)
    assert [p["skill"] for p in pack["progress"]] == ["deal_strategy"]
    readable = coach(home, "prep", DEAL, "--team", "summit")
    assert readable.returncode == 0 and "Follow up: the rep's commitments" in readable.stdout
    listed = coach(home, "reviews", "--team", "summit")
    assert "[deal_strategy]" in listed.stdout and "send the mutual plan" in listed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--commit", "I'll call the CFO myself"], "takeover"),
        (["--commit", "Rhys: book the demo", "--commit", "You need to get the CFO by Friday"], "instruction"),
        (["--due", "2026-12-01", "--commit", "Rhys: book the demo"], "belongs to the --commit"),
        (["--commit", "Rhys: book the demo", "--due", "12/01/2026"], "not a date"),
        (["--commit", "Rhys: book the demo", "--focus", "charisma"], "unknown skill"),
        (["--commit", "Rhys: book the demo", "--due", "2026-01-01", "--date", "2026-11-20"], "before 2026-11-20"),
    ],
)
def test_a_bad_review_is_a_one_line_error_and_stores_nothing(home: Path, args: list[str], message: str) -> None:
    before = reviews(home)
    result = coach(home, "review", DEAL, "--team", "summit", *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert reviews(home) == before


def test_unknown_team_or_deal(home: Path, tmp_path: Path) -> None:
    result = coach(home, "review", "D-999", "--team", "summit", "--commit", "Rhys: book the demo")
    assert result.returncode == 2 and "unknown deal" in result.stderr
    empty = tmp_path / "empty"
    result = coach(empty, "reviews", "--team", "nosuch")
    assert result.returncode == 2 and "unknown team" in result.stderr and not empty.exists()


def test_history_per_skill_at_each_review_and_now(home: Path) -> None:
    history = run_json(home, "rep", REP, "--team", "summit", "--history", "--json")
    assert history["rep"] == REP and len(history["reviews"]) == len([r for r in reviews(home) if r["rep"] == REP])
    for skill in history["skills"]:
        assert len(skill["points"]) == len(history["reviews"]) + 1 and skill["points"][-1]["review_id"] is None
    readable = coach(home, "rep", REP, "--team", "summit", "--history")
    assert readable.returncode == 0 and "Progress across reviews" in readable.stdout


def test_a_rep_saves_their_own_commitment_privately(home: Path) -> None:
    message = "Sam keeps the CFO away from me. So I'll ask Sam for 20 minutes with the CFO next week."
    reply = run_json(
        home, "self", message, "--team", "summit", "--rep", REP, "--deal", DEAL, "--save-commitment", "--json"
    )
    assert reply["saved_commitment"] and reply["commitment_offer"].startswith("I'll ask Sam")
    listed = [c["text"] for r in reviews(home) for c in r["commitments"]]
    assert not any("ask Sam" in t for t in listed)  # not a review's; private to the rep
    pack = run_json(home, "prep", DEAL, "--team", "summit", "--json")
    assert reply["saved_commitment"] not in [f["commitment_id"] for f in pack["follow_up"]]
    nothing = coach(home, "self", "How do I reach the CFO?", "--team", "summit", "--rep", REP, "--save-commitment")
    assert nothing.returncode == 2 and "nothing to save" in nothing.stderr


def test_forgetting_a_deal_forgets_its_reviews_and_commitments(home: Path) -> None:
    """Reviews quote the deal's people: they go with its notes (run last: it deletes the deal)."""
    coach(home, "review", DEAL, "--team", "summit", "--commit", "Rhys: book the demo", "--date", "2026-11-21")
    assert any(r["deal_id"] == DEAL for r in reviews(home))
    assert coach(home, "forget", "--team", "summit", "--deal", DEAL).returncode == 0
    assert not any(r["deal_id"] == DEAL for r in reviews(home))
