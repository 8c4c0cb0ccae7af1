"""Accuracy of the guard on the labelled speech-act dataset, on a dev half and a holdout half.

The rules were tuned on the dev half only (items at even index); the holdout half (odd index) is the honest
estimate of how the guard does on sentences it has not been tuned on. The number that matters most for the
product is `telling_as_question`: the share of directives and takeovers that would pass as open questions.

Run `python -m assistant.guard.accuracy [PATH] [--errors dev|holdout|all]` for a table.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from .acts import ACTS, TELLING, classify_act
from .socratic import classify_type

DEFAULT_DATASET = Path(__file__).resolve().parents[2] / "evals" / "datasets" / "speech_acts.yaml"
SPLITS = ("dev", "holdout", "all")


def load_items(dataset_path: Path) -> list[dict[str, Any]]:
    """The dataset's items, in file order (the order defines the dev/holdout split)."""
    data = yaml.safe_load(Path(dataset_path).read_text(encoding="utf-8"))
    items = data["items"] if isinstance(data, dict) else data
    return [dict(item) for item in items]


def split_items(items: Sequence[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Deterministic split: even index = dev, odd index = holdout, plus all."""
    return {"dev": list(items[0::2]), "holdout": list(items[1::2]), "all": list(items)}


def score(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy, per-act precision/recall, type accuracy and telling_as_question for a list of items."""
    predicted = [classify_act(item["text"]) for item in items]
    gold = [item["act"] for item in items]
    n = len(items)
    per_act: dict[str, dict[str, float | int]] = {}
    for act in ACTS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == act and p == act)
        n_pred = sum(1 for p in predicted if p == act)
        n_gold = sum(1 for g in gold if g == act)
        per_act[act] = {
            "precision": tp / n_pred if n_pred else 0.0,
            "recall": tp / n_gold if n_gold else 0.0,
            "n": n_gold,
        }
    opens = [item for item in items if item["act"] == "open_question" and item.get("type")]
    type_hits = sum(1 for item in opens if classify_type(item["text"]) == item["type"])
    telling = [p for g, p in zip(gold, predicted, strict=True) if g in TELLING]
    confusion: Counter[tuple[str, str]] = Counter(zip(gold, predicted, strict=True))
    errors = [
        {"text": item["text"], "expected": g, "predicted": p}
        for item, g, p in zip(items, gold, predicted, strict=True)
        if g != p
    ]
    type_errors = [
        {"text": item["text"], "expected": item["type"], "predicted": classify_type(item["text"])}
        for item in opens
        if classify_type(item["text"]) != item["type"]
    ]
    return {
        "n": n,
        "accuracy": sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / n if n else 0.0,
        "per_act": per_act,
        "type_accuracy": type_hits / len(opens) if opens else 0.0,
        "type_n": len(opens),
        "telling_as_question": sum(1 for p in telling if p == "open_question") / len(telling) if telling else 0.0,
        "telling_n": len(telling),
        "confusion": {f"{g}->{p}": count for (g, p), count in sorted(confusion.items()) if g != p},
        "errors": errors,
        "type_errors": type_errors,
    }


def evaluate(dataset_path: Path) -> dict[str, Any]:
    """Scores on the dev half, the holdout half and all items: {"dev": {...}, "holdout": {...}, "all": {...}}."""
    parts = split_items(load_items(dataset_path))
    return {name: score(parts[name]) for name in SPLITS}


def format_table(report: dict[str, Any]) -> str:
    """A plain-text table of the report, one column per split."""
    lines = [f"{'':26}" + "".join(f"{name:>20}" for name in SPLITS)]

    def row(label: str, values: Sequence[str]) -> None:
        lines.append(f"{label:26}" + "".join(f"{v:>20}" for v in values))

    row("items", [str(report[s]["n"]) for s in SPLITS])
    row("accuracy", [f"{report[s]['accuracy']:.3f}" for s in SPLITS])
    row("telling_as_question", [f"{report[s]['telling_as_question']:.3f}" for s in SPLITS])
    row("type accuracy (open)", [f"{report[s]['type_accuracy']:.3f} (n={report[s]['type_n']})" for s in SPLITS])
    lines.append("per act: precision / recall (n)")
    for act in ACTS:
        row(
            f"  {act}",
            [
                f"{m['precision']:.2f} / {m['recall']:.2f} ({m['n']})"
                for m in (report[s]["per_act"][act] for s in SPLITS)
            ],
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.guard.accuracy", description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_DATASET, help="speech-act dataset (YAML)")
    parser.add_argument("--errors", choices=SPLITS, help="also list the misclassified items of one split")
    args = parser.parse_args(argv)
    report = evaluate(args.path)
    print(format_table(report))
    if args.errors:
        part = report[args.errors]
        print(f"\nact errors ({args.errors}):")
        for err in part["errors"]:
            print(f"  {err['expected']:>16} -> {err['predicted']:<16} {err['text']}")
        print(f"\ntype errors ({args.errors}):")
        for err in part["type_errors"]:
            print(f"  {err['expected']:>16} -> {err['predicted']:<16} {err['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
