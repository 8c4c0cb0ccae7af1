"""`make train`: fit the lone name model (lone_names.py) on the stakeholder labels of the development teams.

Each lone capitalised word of a dev deal's notes (one that find_people does not already know as a person) is
positive when it names a labelled stakeholder of that deal ("Lisa" for Lisa Chen, "Abrahams" for Mr. Abrahams) and
negative otherwise: a product, a town, a competitor, a word of another language, or someone the writer did not
label (so the model learns to be sure). Seeded and rounded: rebuilt byte for byte.

`python -m assistant.understand.train_names --cv` prints leave-one-team-out precision/recall/F1 of accepting a
word as a person, beside accepting every lone word; it writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..knowledge import load_knowledge
from ..resources import DEV_TEAMS, dev_teams_digest
from ..settings import get_settings
from .lone_names import FEATURES, LONE_NAMES_JSON
from .people import lone_candidates, same_person
from .service import team_notes
from .train_labels import dev_teams
from .trained import LogisticModel, fit_logistic, prf

SEED = 13
C = 1.0
# Chosen leave-one-team-out over the dev teams (C 0.1 / 1, balanced or not, threshold 0.3 / 0.5 / 0.7): the best
# F1 (P .70, R .33); balanced at 0.7 was as good in F1 with lower precision (P .43, R .44).
THRESHOLD = 0.3
DECIMALS = 4

Row = tuple[str, np.ndarray, bool]  # team, features, label


def table(teams: tuple[str, ...] = DEV_TEAMS) -> list[Row]:
    kb = load_knowledge(get_settings().knowledge_dir)
    rows: list[Row] = []
    with dev_teams(teams) as each:
        for ctx, team, labels in each:
            view, by_deal = team_notes(ctx, team)
            for deal in labels["deals"]:
                named = [s for s in deal.get("stakeholders") or [] if (s.get("name") or "")[:1].isupper()]
                _, candidates = lone_candidates(
                    kb, by_deal[deal["deal_id"]], set(view.internal_names), view.spread, view.competitors
                )
                for word, x in candidates:
                    rows.append((team, x, any(same_person(s["name"], s.get("title"), word) for s in named)))
    return rows


def fit(rows: list[Row]) -> dict[str, Any]:
    x = np.stack([r[1] for r in rows])
    return fit_logistic(x, np.array([r[2] for r in rows], dtype=np.int32), C, THRESHOLD, SEED, DECIMALS)


def _prf(got: list[bool], want: list[bool]) -> dict[str, float]:
    tp = sum(g and w for g, w in zip(got, want, strict=True))
    return prf(tp, sum(got) - tp, sum(want) - tp)


def leave_one_team_out(rows: list[Row]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for team in sorted({r[0] for r in rows}):
        model = LogisticModel.from_raw(fit([r for r in rows if r[0] != team]))
        held = [r for r in rows if r[0] == team]
        got, want = [model.accepts(r[1]) for r in held], [r[2] for r in held]
        out[team] = {"words": len(held), "learned": _prf(got, want), "accept_all": _prf([True] * len(held), want)}
    return out


def train(path: Path = LONE_NAMES_JSON) -> dict[str, Any]:
    rows = table()
    meta = {
        "features": list(FEATURES),
        "trained_on": list(DEV_TEAMS),
        "data_digest": dev_teams_digest(),
        "words": len(rows),
        **fit(rows),
    }
    path.write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return {"words": len(rows), "positives": sum(r[2] for r in rows)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="Print leave-one-team-out figures; write nothing.")
    args = parser.parse_args(argv)
    result = leave_one_team_out(table()) if args.cv else train()
    print(json.dumps(result, indent=1), file=sys.stdout)


if __name__ == "__main__":
    main()
