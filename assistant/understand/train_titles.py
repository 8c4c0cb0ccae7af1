"""`make train`: fit the title link model (title_links.py) on the stakeholder labels of the development teams.

A candidate pair (a name and a title in one sentence of a deal's note) is positive when the name is a labelled
stakeholder and the title is the one labelled for them ("QC Manager" holds "Manager"; "owner and CEO (Prezes)"
holds "CEO" and "owner"), negative when the name is a labelled stakeholder and the title is not theirs. Names that
match no labelled person (our own reps, unlabelled mentions) are left out. Seeded and rounded: rebuilt byte for byte.

`python -m assistant.understand.train_titles --cv` prints leave-one-team-out pair precision/recall/F1 of the
learned links beside the adjacency rule alone; it writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ..ingest.loaders import read_file
from ..knowledge import KnowledgeBase, load_knowledge
from ..resources import DEV_TEAMS, dev_teams_digest, evals_dir
from ..settings import get_settings
from .names import mid_sentence_names, note_names
from .nlp import parse
from .people import _attached_title, fold, same_person
from .title_links import FEATURES, TITLE_LINKS_JSON, TitleLinkModel, candidates, link_titles, pair_features
from .titles import TitleHit, find_titles
from .trained import fit_logistic, prf

FIXTURES = evals_dir() / "fixtures"
SEED = 13
C = 1.0
DECIMALS = 4

Pair = tuple[str, str, np.ndarray, bool]  # team, note id, features, label


def _holds(kb: KnowledgeBase, labelled: str | None, hit: TitleHit) -> bool:
    if not labelled:
        return False
    return fold(hit.text) in fold(labelled) or any(h.title.title == hit.title.title for h in find_titles(kb, labelled))


def team_pairs(kb: KnowledgeBase, team: str, fixtures: Path = FIXTURES) -> tuple[list[Pair], list[Any]]:
    """Every labelled candidate pair of a team, and per note what link_titles needs to be scored again."""
    folder = fixtures / team
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    people = {d["deal_id"]: d.get("stakeholders") or [] for d in labels["deals"]}
    notes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in read_file(folder / "notes.jsonl"):
        notes[record.data["deal_id"]].append(record.data)
    pairs: list[Pair] = []
    scored: list[Any] = []
    for deal_id, rows in sorted(notes.items()):
        docs = parse([r["text"] for r in rows])
        mid = mid_sentence_names(docs)
        labelled = people.get(deal_id, [])
        for row, doc in zip(rows, docs, strict=True):
            text = row["text"]
            titles = find_titles(kb, text)
            names = note_names(kb, text, doc, titles, mid)

            rule = partial(_attached_title, text)
            truth: set[tuple[int, int]] = set()
            judged: set[int] = set()
            for i, j in candidates(text, names, titles):
                who = next((s for s in labelled if same_person(s.get("name"), s.get("title"), names[i][2])), None)
                if who is None or not who.get("name"):
                    continue
                label = _holds(kb, who.get("title"), titles[j])
                pairs.append((team, row["note_id"], pair_features(doc, text, names, titles, i, j, rule), label))
                judged.add(i)
                if label:
                    truth.add((i, j))
            scored.append((doc, text, names, titles, rule, truth, judged))
    return pairs, scored


def fit(pairs: list[Pair]) -> dict[str, Any]:
    x = np.stack([p[2] for p in pairs])
    return fit_logistic(x, np.array([p[3] for p in pairs], dtype=np.int32), C, 0.5, SEED, DECIMALS)


def evaluate(model: TitleLinkModel | None, scored: list[Any]) -> dict[str, float]:
    """Link precision/recall over the judged names; `model=None` is the adjacency rule alone."""
    tp = fp = fn = 0
    for doc, text, names, titles, rule, truth, judged in scored:
        if model is None:
            links = {i: h for i in range(len(names)) if (h := rule(names[i][0], names[i][1], titles)) is not None}
        else:
            links = link_titles(model, doc, text, names, titles, rule)
        got = {(i, titles.index(h)) for i, h in links.items() if i in judged}
        tp, fp, fn = tp + len(got & truth), fp + len(got - truth), fn + len(truth - got)
    return prf(tp, fp, fn)


def leave_one_team_out(teams: tuple[str, ...] = DEV_TEAMS) -> dict[str, dict[str, Any]]:
    kb = load_knowledge(get_settings().knowledge_dir)
    data = {t: team_pairs(kb, t) for t in teams}
    out = {}
    for team in teams:
        raw = fit([p for t in teams if t != team for p in data[t][0]])
        model = TitleLinkModel.from_raw(raw)
        out[team] = {"learned": evaluate(model, data[team][1]), "rule": evaluate(None, data[team][1])}
    return out


def train(path: Path = TITLE_LINKS_JSON) -> dict[str, Any]:
    kb = load_knowledge(get_settings().knowledge_dir)
    pairs = [p for t in DEV_TEAMS for p in team_pairs(kb, t)[0]]
    meta = {
        "features": list(FEATURES),
        "trained_on": list(DEV_TEAMS),
        "data_digest": dev_teams_digest(),
        "pairs": len(pairs),
        **fit(pairs),
    }
    path.write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return {"pairs": len(pairs), "positives": sum(p[3] for p in pairs)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="Print leave-one-team-out figures; write nothing.")
    args = parser.parse_args(argv)
    result = leave_one_team_out() if args.cv else train()
    print(json.dumps(result, indent=1), file=sys.stdout)


if __name__ == "__main__":
    main()
