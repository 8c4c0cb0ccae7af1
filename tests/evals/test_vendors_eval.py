"""The vendor reader's measurement (assistant.evals.vendors) and the writers' labelled teams it reads."""

from __future__ import annotations

import json

import numpy as np
import yaml

from assistant.evals.vendors import Deal, compare, leave_one_team_out, score, writer_teams
from assistant.understand.vendors import FEATURES, Candidate

CUE = FEATURES.index("cue_here")


def _deal(team: str, vendor: str, noise: str, rule: set[str]) -> Deal:
    x_vendor, x_noise = np.zeros(len(FEATURES)), np.zeros(len(FEATURES))
    x_vendor[CUE] = 1.0
    return (team, [Candidate(vendor, x_vendor), Candidate(noise, x_noise)], rule, [vendor])


def test_the_learned_reader_and_the_rule_are_scored_on_the_same_labels() -> None:
    deals = [_deal(t, f"Vendor{t}{i}", f"Person{t}{i}", {f"Person{t}{i}"}) for t in "abc" for i in range(6)]
    result = compare(deals[:12], deals[12:])
    assert result["learned"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["cue_rule"]["recall"] == 0.0 and result["cue_rule"]["precision"] == 0.0
    per_team = leave_one_team_out(deals)
    assert set(per_team) == {"a", "b", "c", "pooled"} and per_team["pooled"]["deals"] == 18


def test_a_name_counts_once_per_labelled_competitor() -> None:
    deal: Deal = ("t", [], set(), ["Clarion LIMS", "Heliant"])
    assert score([{"Clarion", "Clarion LIMS", "Femke"}], [deal]) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_the_writers_teams_are_well_formed_and_every_label_is_written_in_its_deal() -> None:
    teams = writer_teams()
    assert len(teams) >= 3
    fields = {"note_id", "deal_id", "account", "rep", "stage", "amount", "close_date", "date", "author", "text"}
    for writer, folder in teams.items():
        notes = [json.loads(line) for line in (folder / "notes.jsonl").read_text(encoding="utf-8").splitlines()]
        assert all(set(n) == fields for n in notes), writer
        text: dict[str, str] = {}
        for n in notes:
            text[n["deal_id"]] = text.get(n["deal_id"], "") + " " + n["text"].lower()
        labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
        assert len(labels["deals"]) >= 12, writer
        for deal in labels["deals"]:
            assert all(str(c).lower() in text[deal["deal_id"]] for c in deal["competitors"]), deal["deal_id"]
