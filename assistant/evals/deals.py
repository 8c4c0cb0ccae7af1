"""Deal understanding and coaching measured on labelled fixture teams: `python -m assistant.evals.deals`.

For each team with a `labels.yaml` (evals/fixtures/*), it runs the same prep and rep-plan functions the CLI uses
and prints: acceptable focus, primary first, questions touching the labelled key terms, economic-buyer
detection (who, and met or not) F1, MEDDPICC element state accuracy, competitor precision and recall (the deal's
list against the labelled competitors), gap recall and precision, and rep plans
naming the rep's labelled recurring gap. Teams named in `--dev` are reported apart: they were looked at while
the engine was built, the others were not.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import yaml

from ..coaching.prep import prep_pack
from ..coaching.rep_plan import rep_plan
from ..context import Context
from ..knowledge import MEDDPICC
from ..resources import DEV_TEAMS, evals_dir
from ..settings import get_settings
from ..understand.model import DealModel
from ..understand.people import same_person
from ..understand.service import deal_model
from ..understand.vendors import competitor_hits
from .fixtures import eval_context
from .metrics.on_topic import touches

FIXTURES = evals_dir() / "fixtures"


def _same_person(label: dict[str, Any], name: str) -> bool:
    return same_person(label.get("name"), label.get("title"), name)


def _met(state: str) -> bool:
    return state == "met"


_QUOTED = re.compile(r"[\"“][^\"”]{8,}[\"”]")


def specific(question: str, model: DealModel) -> bool:
    """Whether a question names more than the account: a stakeholder, a competitor, or a quote from the notes."""
    names = [w for p in model.stakeholders if p.named for w in p.name.split() if len(w) > 2 and w[0].isupper()]
    names += [c.name for c in model.competitors]
    return bool(_QUOTED.search(question)) or any(re.search(rf"\b{re.escape(n)}\b", question) for n in names)


def score_deal(label: dict[str, Any], model: DealModel, focus: list[str], questions: list[str]) -> dict[str, float]:
    acceptable = set(label.get("acceptable_focus") or label.get("focus") or [])
    primary = label.get("primary") or (label.get("focus") or [None])[0]
    out: dict[str, float] = {
        "acceptable_focus": float(bool(focus) and focus[0] in acceptable),
        "all_focus_acceptable": float(bool(focus) and set(focus) <= acceptable),
        "primary_first": float(bool(focus) and focus[0] == primary),
    }
    if questions:
        out["questions_specific"] = sum(specific(q, model) for q in questions) / len(questions)
    terms = label.get("key_terms") or []
    if terms and questions:
        out["questions_on_key_terms"] = sum(touches(q, terms) for q in questions) / len(questions)
    ebs = [s for s in label.get("stakeholders") or [] if s.get("relation") == "economic_buyer"]
    got = model.economic_buyer
    tp = int(
        bool(got and ebs and any(_same_person(e, got.name) and _met(e["met"]) == _met(got.engagement) for e in ebs))
    )
    out["eb_tp"], out["eb_fp"], out["eb_fn"] = tp, int(got is not None and not tp), int(bool(ebs) and not tp)
    states = label.get("meddpicc") or {}
    if states:
        out["meddpicc_correct"] = sum(model.meddpicc[e].state == states.get(e) for e in MEDDPICC)
        out["meddpicc_total"] = len(MEDDPICC)
    if "competitors" in label:
        labelled = [str(c) for c in label.get("competitors") or []]
        out["comp_tp"], out["comp_wrong"] = competitor_hits([c.name for c in model.competitors], labelled)
        out["comp_labelled"] = len(labelled)
    want = {g["signal"] for g in label.get("gaps") or []}
    found = {h.signal for h in model.signals if h.polarity == "gap"}
    out["gaps_tp"], out["gaps_found"], out["gaps_labelled"] = len(want & found), len(found), len(want)
    return out


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


def evaluate_team(ctx: Context, team: str, labels: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for label in labels["deals"]:
        pack = prep_pack(ctx, team, label["deal_id"])
        model = deal_model(ctx, team, label["deal_id"])
        rows.append(score_deal(label, model, [a.skill for a in pack.focus_areas], [q.text for q in pack.questions]))
    reps_ok = []
    for rep in labels.get("reps") or []:
        plan = rep_plan(ctx, team, rep["name"])
        reps_ok.append(rep["recurring_gap"]["skill"] in [a.skill for a in plan.focus_areas])

    def mean(key: str) -> float:
        values = [r[key] for r in rows if key in r]
        return round(sum(values) / len(values), 3) if values else float("nan")

    def total(key: str) -> float:
        return sum(r.get(key, 0.0) for r in rows)

    tp, fp, fn = total("eb_tp"), total("eb_fp"), total("eb_fn")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "deals": len(rows),
        "acceptable_focus": mean("acceptable_focus"),
        "all_focus_acceptable": mean("all_focus_acceptable"),
        "primary_first": mean("primary_first"),
        "questions_on_key_terms": mean("questions_on_key_terms"),
        "questions_specific": mean("questions_specific"),
        "eb_f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "meddpicc_accuracy": _ratio(total("meddpicc_correct"), total("meddpicc_total")),
        "competitor_precision": _ratio(total("comp_tp"), total("comp_tp") + total("comp_wrong")),
        "competitor_recall": _ratio(total("comp_tp"), total("comp_labelled")),
        "gap_recall": _ratio(total("gaps_tp"), total("gaps_labelled")),
        "gap_precision": _ratio(total("gaps_tp"), total("gaps_found")),
        "rep_plans_recurring_gap": f"{sum(reps_ok)}/{len(reps_ok)}",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--team", action="append", help="Only these teams.")
    parser.add_argument(
        "--dev",
        action="append",
        help="Teams looked at in development (default: the teams the models are fitted on).",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    ctx = eval_context(get_settings(), args.fixtures)
    results = {}
    for path in sorted(args.fixtures.glob("*/labels.yaml")):
        team = path.parent.name
        if args.team and team not in args.team:
            continue
        results[team] = evaluate_team(ctx, team, yaml.safe_load(path.read_text(encoding="utf-8")))
        results[team]["split"] = "dev" if team in (args.dev or DEV_TEAMS) else "held-out"
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for team, r in results.items():
        print(team, json.dumps(r))


if __name__ == "__main__":
    main()
