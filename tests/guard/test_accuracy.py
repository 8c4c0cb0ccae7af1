"""The guard measured on the labelled dataset: honest holdout accuracy and almost no telling passing as asking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.guard.accuracy import DEFAULT_DATASET, evaluate, load_items, main, split_items
from assistant.guard.acts import ACTS


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return evaluate(DEFAULT_DATASET)


def test_holdout_accuracy(report: dict[str, Any]) -> None:
    assert report["holdout"]["accuracy"] >= 0.85


def test_telling_almost_never_passes_as_open(report: dict[str, Any]) -> None:
    assert report["all"]["telling_as_question"] <= 0.01
    assert (
        report["all"]["telling_n"]
        == report["all"]["per_act"]["directive"]["n"] + (report["all"]["per_act"]["takeover"]["n"])
    )


def test_per_act_recall(report: dict[str, Any]) -> None:
    for act in ACTS:
        assert report["all"]["per_act"][act]["recall"] >= 0.75, act


def test_type_accuracy(report: dict[str, Any]) -> None:
    assert report["all"]["type_accuracy"] >= 0.8
    assert report["all"]["type_n"] == report["all"]["per_act"]["open_question"]["n"]


def test_split_is_deterministic_and_complete(report: dict[str, Any]) -> None:
    items = load_items(DEFAULT_DATASET)
    parts = split_items(items)
    assert parts["dev"] == items[0::2] and parts["holdout"] == items[1::2]
    assert report["dev"]["n"] + report["holdout"]["n"] == report["all"]["n"] == len(items)
    for name in ("dev", "holdout", "all"):
        metrics = report[name]["per_act"]
        assert set(metrics) == set(ACTS)
        assert sum(m["n"] for m in metrics.values()) == report[name]["n"]
        assert all(0.0 <= m["precision"] <= 1.0 and 0.0 <= m["recall"] <= 1.0 for m in metrics.values())


def test_small_dataset(tmp_path: Path) -> None:
    path = tmp_path / "acts.yaml"
    items = [
        {"text": "What does Omar need?", "act": "open_question", "type": "clarify"},
        {"text": "Send the deck.", "act": "directive"},
        {"text": "Did you ask about budget?", "act": "closed_question"},
        {"text": "Call Omar, and what will you ask?", "act": "directive"},
    ]
    path.write_text(yaml.safe_dump({"items": items}), encoding="utf-8")
    report = evaluate(path)
    assert report["all"]["accuracy"] == 1.0
    assert report["dev"]["n"] == 2 and report["holdout"]["n"] == 2
    assert report["all"]["telling_as_question"] == 0.0
    assert report["all"]["per_act"]["takeover"] == {"precision": 0.0, "recall": 0.0, "n": 0}


def test_cli_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(DEFAULT_DATASET), "--errors", "dev"]) == 0
    out = capsys.readouterr().out
    assert "holdout" in out and "telling_as_question" in out
    for act in ACTS:
        assert act in out


def test_blind_set_written_without_seeing_the_rules() -> None:
    """evals/datasets/speech_acts_blind.yaml was labelled by someone who never saw the guard's rules.

    First (untuned) run: accuracy 0.858, telling_as_question 0.000, takeover recall 0.50. The thresholds
    below only stop regressions; telling must still never pass as an open question.
    """
    from assistant.guard.accuracy import DEFAULT_DATASET, evaluate

    blind = evaluate(DEFAULT_DATASET.with_name("speech_acts_blind.yaml"))["all"]
    assert blind["accuracy"] >= 0.82
    assert blind["telling_as_question"] == 0.0
