"""`make train` (second step): fit the relation model (who is the economic buyer, who the champion) on the
stakeholder labels of the development fixture teams, seeded and rounded so the file is rebuilt byte for byte.

Only DEV_TEAMS are read. The other labelled fixture teams are never used here, so they measure the model.
`python -m assistant.understand.train_relations --cv` prints leave-one-team-out figures over the dev teams.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ..context import Context
from ..ingest import ingest_paths
from ..knowledge import load_knowledge
from ..settings import PROJECT_ROOT, get_settings
from .build import read_deal
from .classifier import load_model
from .people import same_person
from .relations import FEATURES, RELATIONS_JSON, TARGETS, features
from .service import embed, team_notes

FIXTURES = PROJECT_ROOT / "evals" / "fixtures"
DEV_TEAMS = ("lumen", "tidewater", "ironbark")
SEED = 13
C = 1.0
DECIMALS = 4

Row = tuple[str, str, np.ndarray, dict[str, bool], bool]  # team, deal, features, targets, met


def table(teams: tuple[str, ...] = DEV_TEAMS, fixtures: Path = FIXTURES) -> list[Row]:
    """One row per person found in a dev team's deals, with the labelled relation of the person it matches."""
    settings = get_settings()
    kb, model = load_knowledge(settings.knowledge_dir), load_model()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as home:
        ctx = Context(settings.model_copy(update={"home": Path(home), "as_of": None}))
        for team in teams:
            ingest_paths(ctx, [fixtures / team], team)
            labels = yaml.safe_load((fixtures / team / "labels.yaml").read_text(encoding="utf-8"))
            view, by_deal = team_notes(ctx, team)
            for deal in labels["deals"]:
                reading = read_deal(kb, model, by_deal[deal["deal_id"]], view, lambda s: embed(ctx, s))
                for person in reading.persons:
                    label = next(
                        (s for s in deal.get("stakeholders") or []
                         if same_person(s.get("name"), s.get("title"), person.found.label)),
                        None,
                    )  # fmt: skip
                    relation = (label or {}).get("relation")
                    targets = {t: relation == t for t in TARGETS}
                    met = (label or {}).get("met") == "met"
                    rows.append((team, deal["deal_id"], features(person.facts), targets, met))
    return rows


def fit(rows: list[Row]) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    x = np.stack([r[2] for r in rows])
    out: dict[str, Any] = {"weights": {}, "bias": {}, "threshold": {}}
    for target in TARGETS:
        y = np.array([r[3][target] for r in rows], dtype=np.int32)
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=SEED).fit(x, y)
        out["weights"][target] = [round(float(w), DECIMALS) for w in clf.coef_[0]]
        out["bias"][target] = round(float(clf.intercept_[0]), DECIMALS)
        out["threshold"][target] = 0.5
    return out


def leave_one_team_out(rows: list[Row]) -> dict[str, dict[str, float]]:
    """Per held-out team: F1 of picking the deal's top-scoring person as economic buyer / champion."""
    result: dict[str, dict[str, float]] = {}
    for team in sorted({r[0] for r in rows}):
        trained = fit([r for r in rows if r[0] != team])
        scores: dict[str, float] = {}
        for target in TARGETS:
            w, b = np.asarray(trained["weights"][target]), trained["bias"][target]
            tp = fp = fn = 0
            for deal in sorted({r[1] for r in rows if r[0] == team}):
                people = [r for r in rows if r[1] == deal]
                best = max(people, key=lambda r: float(r[2] @ w + b), default=None)
                chosen = best is not None and 1 / (1 + np.exp(-(best[2] @ w + b))) >= 0.5
                labelled = any(r[3][target] for r in people)
                hit = bool(chosen and best is not None and best[3][target])
                tp, fp, fn = tp + hit, fp + (chosen and not hit), fn + (labelled and not hit)
            p, r_ = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
            scores[f"{target}_f1"] = round(2 * p * r_ / (p + r_), 3) if p + r_ else 0.0
        result[team] = scores
    return result


def train(path: Path = RELATIONS_JSON) -> dict[str, Any]:
    rows = table()
    meta = {"features": list(FEATURES), "trained_on": list(DEV_TEAMS), "people": len(rows), **fit(rows)}
    path.write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return {"people": len(rows), "teams": list(DEV_TEAMS)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="Print leave-one-team-out figures; write nothing.")
    args = parser.parse_args(argv)
    if args.cv:
        print(json.dumps(leave_one_team_out(table()), indent=1), file=sys.stdout)
        return
    print(json.dumps(train()), file=sys.stdout)


if __name__ == "__main__":
    main()
