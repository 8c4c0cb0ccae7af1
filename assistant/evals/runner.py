"""Run cases in parallel (optionally K times), score every metric, aggregate, check gates, diff a baseline."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..engines import Engine
from ..errors import UserError
from .cases import Case
from .execute import Outcome, execute
from .metrics import METRICS
from .metrics.base import FAIL, NA, PASS, MetricResult
from .world import World


@dataclass
class CaseResult:
    case: Case
    outcomes: list[Outcome]
    metrics: dict[str, MetricResult]

    @property
    def status(self) -> str:
        statuses = {m.status for m in self.metrics.values()}
        return FAIL if FAIL in statuses else PASS if PASS in statuses else NA

    @property
    def stable(self) -> bool:
        first = json.dumps(self.outcomes[0].output, sort_keys=True)
        return all(json.dumps(o.output, sort_keys=True) == first for o in self.outcomes[1:])


@dataclass
class RunResult:
    engine: str
    results: list[CaseResult]
    summary: dict[str, float] = field(default_factory=dict)
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    gates: list[dict[str, Any]] = field(default_factory=list)
    comparison: dict[str, list[str]] | None = None
    judge: dict[str, Any] | None = None

    @property
    def passed_gates(self) -> bool:
        return all(g["ok"] for g in self.gates)


def _merge(results: list[MetricResult]) -> MetricResult:
    """Several repeats of one metric: fail if any repeat failed; values averaged."""
    statuses = [r.status for r in results]
    status = FAIL if FAIL in statuses else PASS if PASS in statuses else NA
    keys = {k for r in results for k in r.values}
    values = {k: sum(r.values.get(k, 0.0) for r in results) / len(results) for k in keys}
    detail = next((r.detail for r in results if r.status == FAIL), results[0].detail)
    return MetricResult(status, values, detail)


def run_cases(
    engine: Engine,
    world: World,
    cases: list[Case],
    repeat: int = 1,
    workers: int = 2,
    progress: Callable[[int], None] | None = None,
) -> RunResult:
    def one(case: Case) -> CaseResult:
        outcomes = [execute(world.ctx, engine, case) for _ in range(repeat)]
        metrics = {name: _merge([fn(case, o, world) for o in outcomes]) for name, fn in METRICS.items()}
        if progress is not None:
            progress(1)
        return CaseResult(case, outcomes, metrics)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, cases))
    run = RunResult(engine.id, results)
    run.summary = aggregate(results)
    for r in results:
        counts = run.by_kind.setdefault(r.case.kind, {PASS: 0, FAIL: 0, NA: 0})
        counts[r.status] += 1
    return run


def aggregate(results: list[CaseResult]) -> dict[str, float]:
    summary: dict[str, float] = {"cases": float(len(results))}
    for name in METRICS:
        scored = [r.metrics[name] for r in results if r.metrics[name].status != NA]
        summary[f"{name}.applicable"] = float(len(scored))
        if not scored:
            continue
        summary[f"{name}.pass_rate"] = sum(m.status == PASS for m in scored) / len(scored)
        sums: dict[str, float] = defaultdict(float)
        maxes: dict[str, float] = defaultdict(float)
        for m in scored:
            for key, value in m.values.items():
                sums[key] += value
                maxes[key] = max(maxes[key], value)
        for key, total in sums.items():
            summary[f"{name}.{key}"] = total / len(scored)
        if name == "acts":
            answers = sums.get("answers", 0.0) or 1.0
            summary["acts.telling_rate"] = sums.get("telling", 0.0) / answers
            summary["acts.leading_rate"] = sums.get("leading", 0.0) / answers
        if name == "focus":
            summary["focus.max_areas"] = maxes.get("areas", 0.0)
    summary["stability"] = sum(r.stable for r in results) / len(results) if results else 1.0
    summary["case_pass_rate"] = sum(r.status != FAIL for r in results) / len(results) if results else 1.0
    return summary


def check_gates(run: RunResult, gates_file: Path) -> None:
    try:
        config = yaml.safe_load(gates_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise UserError(f"cannot read gates file {gates_file}: {exc}") from None
    for gate in config.get("gates", []):
        key = gate["metric"]
        value = run.summary.get(key)
        if value is None and gate.get("optional"):  # a metric the chosen cases never apply to (e.g. --cases FILE)
            continue
        ok = value is not None and (
            ("min" not in gate or value >= gate["min"]) and ("max" not in gate or value <= gate["max"])
        )
        run.gates.append({"metric": key, "value": value, "min": gate.get("min"), "max": gate.get("max"), "ok": ok})


def baseline_data(run: RunResult) -> dict[str, Any]:
    return {
        "engine": run.engine,
        "summary": run.summary,
        "cases": {r.case.id: {name: m.status for name, m in r.metrics.items()} for r in run.results},
    }


def compare(run: RunResult, baseline_file: Path) -> None:
    try:
        base = json.loads(baseline_file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise UserError(f"cannot read baseline {baseline_file}: {exc}") from None
    regressed, improved, new = [], [], []
    for r in run.results:
        before = base.get("cases", {}).get(r.case.id)
        if before is None:
            new.append(r.case.id)
            continue
        for name, m in r.metrics.items():
            if before.get(name) == PASS and m.status == FAIL:
                regressed.append(f"{r.case.id}: {name}")
            elif before.get(name) == FAIL and m.status == PASS:
                improved.append(f"{r.case.id}: {name}")
    missing = sorted(set(base.get("cases", {})) - {r.case.id for r in run.results})
    run.comparison = {"regressed": regressed, "improved": improved, "new": new, "missing": missing}
