"""`make train` (third step): fit the focus ranking on the development fixture teams' labels, pairwise (the
expert's primary skill against each other skill), seeded and rounded so focus.json is rebuilt byte for byte.

The regularisation and the second-focus ratio are chosen leave-one-team-out, for the share of deals whose every
focus skill is one the expert called acceptable plus the share whose primary skill comes first.
`python -m assistant.coaching.train_focus --cv` prints leave-one-team-out figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..knowledge import load_knowledge
from ..resources import DEV_TEAMS, evals_dir, folders_digest
from ..settings import PROJECT_ROOT
from ..understand.service import deal_model
from ..understand.train_labels import dev_teams
from .assess import current_findings, pick_focus, score_skills, skill_features
from .focus_model import FEATURES, FOCUS_JSON, FocusModel

EXTRA = {"summit": PROJECT_ROOT / "examples" / "summit"}  # the sample team: labelled focus, written with the engine
SEED = 13
DECIMALS = 4
CS = (0.03, 0.1, 0.3, 1.0)
RATIOS = (0.5, 0.7, 0.9, 2.0)  # 2.0: never a second focus

Case = tuple[str, dict[str, np.ndarray], str, set[str], str | None, Any]  # team, x, primary, acceptable, stage, skills


def cases() -> list[Case]:
    out: list[Case] = []
    with dev_teams(extra=EXTRA) as each:
        for ctx, team, labels in each:
            kb = load_knowledge(ctx.settings.knowledge_dir)
            for deal in labels["deals"]:
                m = deal_model(ctx, team, deal["deal_id"])
                skills = score_skills(kb, current_findings(kb, m), m.stage)
                acceptable = set(deal.get("acceptable_focus") or deal.get("focus") or [])
                primary = deal.get("primary") or deal["focus"][0]
                out.append((team, skill_features(skills, m.stage), primary, acceptable, m.stage, skills))
    return out


def fit(rows: list[Case], c: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    diffs, ys = [], []
    for _, x, primary, _, _, _ in rows:
        for skill, v in x.items():
            if skill != primary:
                diffs += [x[primary] - v, v - x[primary]]
                ys += [1, 0]
    clf = LogisticRegression(C=c, fit_intercept=False, max_iter=5000, random_state=SEED).fit(np.stack(diffs), ys)
    return np.round(clf.coef_[0], DECIMALS)


def _scores(rows: list[Case], model: FocusModel) -> dict[str, float]:
    first = all_ok = acceptable = recall = 0.0
    for _, _, primary, ok, stage, skills in rows:
        focus = pick_focus(skills, stage, model)
        first += focus[0] == primary
        acceptable += focus[0] in ok
        all_ok += set(focus) <= ok
        recall += len(set(focus) & ok) / max(len(ok), 1)
    n = len(rows) or 1
    return {
        "primary_first": first / n,
        "acceptable_focus": acceptable / n,
        "all_focus_acceptable": all_ok / n,
        "focus_recall": recall / n,
    }


def leave_one_team_out(rows: list[Case], c: float, ratio: float) -> dict[str, dict[str, float]]:
    out = {}
    for team in sorted({r[0] for r in rows}):
        model = FocusModel(fit([r for r in rows if r[0] != team], c), ratio, "")
        out[team] = {k: round(v, 3) for k, v in _scores([r for r in rows if r[0] == team], model).items()}
    return out


def choose(rows: list[Case]) -> tuple[float, float]:
    """(C, second-focus ratio) with the best leave-one-team-out sum of all-focus-acceptable, primary-first and
    recall of the acceptable skills. Without recall the objective never pays for a second focus area, so it
    drifted to "one area always" on ties; the evals' focus.recall gate measures what a second area is for."""

    def value(c: float, ratio: float) -> float:
        cv = leave_one_team_out(rows, c, ratio)
        return round(sum(v["all_focus_acceptable"] + v["primary_first"] + v["focus_recall"] for v in cv.values()), 6)

    return max(((c, r) for c in CS for r in RATIOS), key=lambda cr: (value(*cr), -cr[0], -cr[1]))


def data_digest() -> str:
    """The digest of what the focus ranking is fitted on: the dev teams' folders and the EXTRA ones."""
    fixtures = evals_dir() / "fixtures"
    return folders_digest([*(fixtures / team for team in DEV_TEAMS), *EXTRA.values()])


def train(path: Path = FOCUS_JSON) -> dict[str, Any]:
    rows = cases()
    c, ratio = choose(rows)
    weights = [float(w) for w in fit(rows, c)]
    meta = {
        "features": list(FEATURES),
        "trained_on": [*DEV_TEAMS, *EXTRA],
        "data_digest": data_digest(),
        "deals": len(rows),
        "second_ratio": ratio,
        "C": c,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**meta, "weights": weights}, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return {"deals": len(rows), "C": c, "second_ratio": ratio, "teams": [*DEV_TEAMS, *EXTRA]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="Print leave-one-team-out figures; write nothing.")
    args = parser.parse_args(argv)
    if args.cv:
        rows = cases()
        c, ratio = choose(rows)
        cv = leave_one_team_out(rows, c, ratio)
        print(json.dumps({"C": c, "second_ratio": ratio, **cv}, indent=1), file=sys.stdout)
        return
    print(json.dumps(train()), file=sys.stdout)


if __name__ == "__main__":
    main()
