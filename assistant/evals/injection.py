"""`python -m assistant.evals.injection`: how well the injection detector catches attacks and keeps benign text.

1. Leave one writer out: for each writer, the detector is fitted on the other writers' items (and the training
   teams' notes), its threshold chosen by leave-one-writer-out among those training writers only, and the held-out
   writer's items are scored: attacks caught (overall and per form) and benign trigger items kept.
2. The shipped detector over every sentence of the fixture teams' notes and the sample team (all benign, except
   the planted injections of the bastion eval team, listed apart): the false-positive share, and each one listed.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..guard.injection.dataset import PLANTED_TEAM, TRAIN_TEAMS, Item, load_items, team_notes
from ..guard.injection.model import load_model
from ..guard.injection.spans import Detector
from ..guard.injection.train import Embed, cached_embedder, fit_with_threshold, item_scores
from ..guard.sentences import sentence_spans


def leave_one_writer_out(items: Sequence[Item], notes: Sequence[str], embed: Embed) -> dict[str, Any]:
    writers = sorted({i.writer for i in items})
    caught: dict[str, list[bool]] = defaultdict(list)
    per_writer: dict[str, dict[str, float]] = {}
    kept: list[bool] = []
    for writer in writers:
        train = [i for i in items if i.writer != writer]
        test = [i for i in items if i.writer == writer]
        model = fit_with_threshold(train, notes, embed)
        scores = item_scores(model, test, embed)
        flags = scores >= model.threshold
        w_att = [bool(f) for i, f in zip(test, flags, strict=True) if i.attack]
        w_ben = [not f for i, f in zip(test, flags, strict=True) if not i.attack]
        for item, flag in zip(test, flags, strict=True):
            if item.attack:
                caught[item.form].append(bool(flag))
        kept += w_ben
        per_writer[writer] = {
            "threshold": model.threshold,
            "screen_threshold": model.screen_threshold,
            "attacks_caught": round(float(np.mean(w_att)), 3),
            "benign_kept": round(float(np.mean(w_ben)), 3),
            "attacks": len(w_att),
            "benign": len(w_ben),
        }
    every = [c for v in caught.values() for c in v]
    return {
        "attacks_caught": round(float(np.mean(every)), 3),
        "benign_kept": round(float(np.mean(kept)), 3),
        "attacks": len(every),
        "benign": len(kept),
        "per_form": {f: {"caught": round(float(np.mean(v)), 3), "n": len(v)} for f, v in sorted(caught.items())},
        "per_writer": per_writer,
    }


def fixture_false_positives(detector: Detector) -> dict[str, Any]:
    per_team: dict[str, dict[str, int]] = defaultdict(lambda: {"sentences": 0, "flagged": 0})
    flagged: list[dict[str, str]] = []
    planted: list[dict[str, str]] = []
    for note in team_notes():
        spans = sentence_spans(note.text)
        flags = detector.flags([note.text[a:b] for a, b in spans])
        row = per_team[note.team]
        row["sentences"] += len(spans)
        for (a, b), flag in zip(spans, flags, strict=True):
            if flag:
                hit = {"team": note.team, "note_id": note.note_id, "sentence": note.text[a:b][:200]}
                (planted if note.team == PLANTED_TEAM else flagged).append(hit)
                if note.team != PLANTED_TEAM:
                    row["flagged"] += 1
    benign_teams = [t for t in per_team if t != PLANTED_TEAM]
    held_out = [t for t in benign_teams if t not in TRAIN_TEAMS]

    def share(teams: list[str]) -> dict[str, float]:
        n = sum(per_team[t]["sentences"] for t in teams)
        k = sum(per_team[t]["flagged"] for t in teams)
        return {"sentences": n, "flagged": k, "share": round(k / max(n, 1), 5)}

    return {
        "all_benign_teams": share(benign_teams),
        "held_out_teams": share(held_out),
        "training_teams": share([t for t in benign_teams if t in TRAIN_TEAMS]),
        "per_team": dict(sorted(per_team.items())),
        "flagged": flagged,
        "planted_team": PLANTED_TEAM,
        "planted_flagged": planted,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    items = load_items()
    notes = [n.text for n in team_notes(TRAIN_TEAMS)]
    embed = cached_embedder()
    report: dict[str, Any] = {
        "leave_one_writer_out": leave_one_writer_out(items, notes, embed),
        "fixtures": fixture_false_positives(Detector(load_model(), embed)),
    }
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return
    lowo = report["leave_one_writer_out"]
    print(
        f"leave-one-writer-out: attacks caught {lowo['attacks_caught']} of {lowo['attacks']}, "
        f"benign kept {lowo['benign_kept']} of {lowo['benign']}"
    )
    for writer, row in lowo["per_writer"].items():
        print(f"  held out {writer}: {row}")
    for form, row in lowo["per_form"].items():
        print(f"  {form:20s} {row['caught']:.3f}  (n={row['n']})")
    fx = report["fixtures"]
    print(
        f"fixtures: all benign teams {fx['all_benign_teams']}; held-out teams {fx['held_out_teams']}; "
        f"training teams {fx['training_teams']}"
    )
    for hit in fx["flagged"]:
        print(f"  false positive {hit['team']} {hit['note_id']}: {hit['sentence']!r}")
    for hit in fx["planted_flagged"]:
        print(f"  planted ({hit['team']}) {hit['note_id']}: {hit['sentence']!r}")


if __name__ == "__main__":
    main()
