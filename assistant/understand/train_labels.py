"""`make train` (second step): fit the models learned from deal-level labels on the development fixture teams,
seeded and rounded so the files are rebuilt byte for byte:
- relations.json: who is the economic buyer, who the champion (from the stakeholder labels);
- access.json: whether the rep met each person, or reached them only through our contact (the stakeholders'
  `met` labels; access.py);
- meddpicc.json: each MEDDPICC element's state (from the meddpicc labels), over the deal model built with
  the relation and access models just fitted.

Only DEV_TEAMS are read. The other labelled fixture teams are never used here, so they measure the models.
`python -m assistant.understand.train_labels --cv` prints leave-one-team-out figures over the dev teams.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ..context import Context
from ..ingest import ingest_paths
from ..knowledge import MEDDPICC, load_knowledge
from ..resources import DEV_TEAMS, dev_teams_digest, evals_dir
from ..settings import get_settings
from .access import ACCESS_JSON, CLASSES, AccessModel, access_features, load_access
from .access import FEATURES as ACCESS_FEATURES
from .build import build_deal_model, read_deal
from .classifier import load_model
from .meddpicc import FEATURES as ELEMENT_FEATURES
from .meddpicc import MEDDPICC_JSON, element_features
from .people import same_person
from .relations import FEATURES, RELATIONS_JSON, TARGETS, RelationModel, features, load_relations
from .service import embed, team_notes

FIXTURES = evals_dir() / "fixtures"
SEED = 13
C = 1.0
DECIMALS = 4

Row = tuple[str, str, np.ndarray, dict[str, bool], bool]  # team, deal, features, targets, met
AccessRow = tuple[str, str, np.ndarray]  # team, labelled access (met / not_met / only_through_contact), features
DevTeam = tuple[Context, str, dict[str, Any]]
ElementRow = tuple[str, str, dict[str, np.ndarray], dict[str, str]]  # team, deal, features and label per element


@contextmanager
def dev_teams(
    teams: tuple[str, ...] = DEV_TEAMS, fixtures: Path = FIXTURES, extra: dict[str, Path] | None = None
) -> Iterator[Iterator[DevTeam]]:
    """The dev teams (and `extra` team folders) ingested into a private, temporary home: (context, team, labels)."""
    folders = {t: fixtures / t for t in teams} | (extra or {})
    settings = get_settings()
    with tempfile.TemporaryDirectory() as home:
        ctx = Context(settings.model_copy(update={"home": Path(home), "as_of": None}))

        def each() -> Iterator[DevTeam]:
            for team, folder in folders.items():
                ingest_paths(ctx, [folder], team)
                yield ctx, team, yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))

        yield each()


def table(
    teams: tuple[str, ...] = DEV_TEAMS,
    fixtures: Path = FIXTURES,
    relations: RelationModel | None = None,
    access: AccessModel | None = None,
    accesses: list[AccessRow] | None = None,
) -> tuple[list[Row], list[ElementRow]]:
    """Per person found in a dev team's deals: features and the labelled relation of the person it matches (and,
    into `accesses`, the access features of each person labelled met, not met or only through our contact); per
    deal (when `relations` is given): each MEDDPICC element's features and labelled state."""
    settings = get_settings()
    kb, model = load_knowledge(settings.knowledge_dir), load_model()
    rows: list[Row] = []
    elements: list[ElementRow] = []
    with dev_teams(teams, fixtures) as each:
        for ctx, team, labels in each:
            view, by_deal = team_notes(ctx, team)
            for deal in labels["deals"]:
                vectors = partial(embed, ctx)
                reading = read_deal(kb, model, by_deal[deal["deal_id"]], view, vectors)
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
                    access_label = (label or {}).get("met")
                    if accesses is not None and access_label in CLASSES:
                        accesses.append((team, str(access_label), access_features(person.access)))
                if relations is not None and deal.get("meddpicc"):
                    notes = by_deal[deal["deal_id"]]
                    m = build_deal_model(
                        kb, model, relations, None, team, deal["deal_id"], notes, view, vectors, access
                    )
                    x = element_features(kb, m, reading.probs, reading.col)
                    elements.append((team, deal["deal_id"], x, {e: str(deal["meddpicc"].get(e)) for e in MEDDPICC}))
    return rows, elements


def fit_elements(rows: list[ElementRow]) -> dict[str, Any]:
    """One (multinomial) logistic regression per element over its features."""
    from sklearn.linear_model import LogisticRegression

    out: dict[str, Any] = {"classes": {}, "weights": {}, "bias": {}}
    for element in MEDDPICC:
        x = np.stack([r[2][element] for r in rows])
        y = [r[3][element] for r in rows]
        classes = sorted(set(y))
        out["classes"][element] = classes
        if len(classes) == 1:
            out["weights"][element], out["bias"][element] = [[0.0] * x.shape[1]], [0.0]
            continue
        clf = LogisticRegression(C=C, max_iter=5000, random_state=SEED).fit(x, y)
        out["weights"][element] = [[round(float(w), DECIMALS) for w in row] for row in clf.coef_]
        out["bias"][element] = [round(float(b), DECIMALS) for b in clf.intercept_]
    return out


def _latest(x: np.ndarray) -> str:
    return "gap" if x[2] else "confirmed" if x[3] else "unknown"


def elements_leave_one_team_out(rows: list[ElementRow]) -> dict[str, dict[str, tuple[int, int, int]]]:
    """Per held-out team and element: (learned right, latest-evidence reading right, deals)."""
    from .meddpicc import MeddpiccModel

    result: dict[str, dict[str, tuple[int, int, int]]] = {}
    for team in sorted({r[0] for r in rows}):
        raw = fit_elements([r for r in rows if r[0] != team])
        model = MeddpiccModel(
            classes=raw["classes"],
            weights={e: np.asarray(raw["weights"][e]) for e in MEDDPICC},
            bias={e: np.asarray(raw["bias"][e]) for e in MEDDPICC},
            learned={e: True for e in MEDDPICC},
            digest="",
        )
        held = [r for r in rows if r[0] == team]
        result[team] = {
            e: (
                sum(model.predict(e, r[2][e])[0] == r[3][e] for r in held),
                sum(_latest(r[2][e]) == r[3][e] for r in held),
                len(held),
            )
            for e in MEDDPICC
        }
    return result


def choose_learned(cv: dict[str, dict[str, tuple[int, int, int]]]) -> dict[str, bool]:
    """Per element, whether the learned states beat the latest-evidence reading leave-one-team-out."""
    return {e: sum(t[e][0] for t in cv.values()) > sum(t[e][1] for t in cv.values()) for e in MEDDPICC}


def cv_summary(cv: dict[str, dict[str, tuple[int, int, int]]]) -> dict[str, dict[str, float]]:
    use = choose_learned(cv)
    out = {}
    for team, per in cv.items():
        total = sum(n for _, _, n in per.values())
        chosen = sum(per[e][0] if use[e] else per[e][1] for e in MEDDPICC)
        out[team] = {
            "meddpicc_learned": round(sum(v[0] for v in per.values()) / total, 3),
            "meddpicc_latest_evidence": round(sum(v[1] for v in per.values()) / total, 3),
            "meddpicc_chosen": round(chosen / total, 3),
        }
    return out


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
                people = [r for r in rows if r[0] == team and r[1] == deal]
                best = max(people, key=lambda r: float(r[2] @ w + b), default=None)
                chosen = best is not None and 1 / (1 + np.exp(-(best[2] @ w + b))) >= 0.5
                labelled = any(r[3][target] for r in people)
                hit = bool(chosen and best is not None and best[3][target])
                tp, fp, fn = tp + hit, fp + (chosen and not hit), fn + (labelled and not hit)
            p, r_ = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
            scores[f"{target}_f1"] = round(2 * p * r_ / (p + r_), 3) if p + r_ else 0.0
        result[team] = scores
    return result


ACCESS_C = 0.3  # chosen leave-one-team-out over the dev teams (0.3, 1, 3 within a point; 0.3 best held out)


def fit_access(rows: list[AccessRow]) -> list[list[float]]:
    """One multinomial logistic regression over the access features (the bias is a feature)."""
    from sklearn.linear_model import LogisticRegression

    x = np.stack([r[2] for r in rows])
    y = [CLASSES.index(r[1]) for r in rows]
    clf = LogisticRegression(C=ACCESS_C, max_iter=5000, random_state=SEED, fit_intercept=False).fit(x, y)
    return [[round(float(w), DECIMALS) for w in row] for row in clf.coef_]


def access_leave_one_team_out(rows: list[AccessRow]) -> dict[str, dict[str, float]]:
    """Per held-out team: accuracy of the learned access against the labels (people labelled met, not met or
    only through our contact)."""
    out = {}
    for team in sorted({r[0] for r in rows}):
        model = AccessModel(np.asarray(fit_access([r for r in rows if r[0] != team])), (), "")
        held = [r for r in rows if r[0] == team]
        right = sum(CLASSES[int(np.argmax(model.weights @ r[2]))] == r[1] for r in held)
        out[team] = {"access_accuracy": round(right / len(held), 3)}
    return out


def _write(path: Path, meta: dict[str, Any]) -> None:
    path.write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def train(
    relations_path: Path = RELATIONS_JSON, meddpicc_path: Path = MEDDPICC_JSON, access_path: Path = ACCESS_JSON
) -> dict[str, Any]:
    accesses: list[AccessRow] = []
    rows, _ = table(accesses=accesses)
    fitted_on = {"trained_on": list(DEV_TEAMS), "data_digest": dev_teams_digest()}
    _write(relations_path, {"features": list(FEATURES), **fitted_on, "people": len(rows), **fit(rows)})
    meta_access = {"features": list(ACCESS_FEATURES), "classes": list(CLASSES), **fitted_on}
    _write(access_path, {**meta_access, "people": len(accesses), "weights": fit_access(accesses)})
    _, elements = table(relations=load_relations(relations_path), access=load_access(access_path))
    meta = {"features": list(ELEMENT_FEATURES), **fitted_on, "deals": len(elements)}
    learned = choose_learned(elements_leave_one_team_out(elements))
    _write(meddpicc_path, {**meta, "learned": learned, **fit_elements(elements)})
    return {"people": len(rows), "deals": len(elements), "teams": list(DEV_TEAMS)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="Print leave-one-team-out figures; write nothing.")
    args = parser.parse_args(argv)
    if args.cv:
        accesses: list[AccessRow] = []
        rows, elements = table(relations=load_relations(), access=load_access(), accesses=accesses)
        result = leave_one_team_out(rows)
        for team, scores in access_leave_one_team_out(accesses).items():
            result[team].update(scores)
        for team, scores in cv_summary(elements_leave_one_team_out(elements)).items():
            result[team].update(scores)
        print(json.dumps(result, indent=1), file=sys.stdout)
        return
    print(json.dumps(train()), file=sys.stdout)


if __name__ == "__main__":
    main()
