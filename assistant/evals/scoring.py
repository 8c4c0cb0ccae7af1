"""Score outputs produced elsewhere: JSONL lines of {"case_id", "output"} in the prep-pack or self-reply shape."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import UserError
from .cases import Case
from .execute import Outcome
from .metrics import METRICS
from .runner import CaseResult, RunResult, aggregate


def _read(file: Path, cases: dict[str, Case]) -> list[tuple[Case, dict[str, Any]]]:
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{file}: cannot read: {exc}") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{file}: line {number}: invalid JSON: {exc.msg}") from None
        if not isinstance(item, dict) or not isinstance(item.get("output"), dict):
            raise UserError(f'{file}: line {number}: expected {{"case_id": ..., "output": {{...}}}}')
        case = cases.get(str(item.get("case_id")))
        if case is None:
            raise UserError(f"{file}: line {number}: field 'case_id': unknown case {item.get('case_id')!r}")
        if not isinstance(item["output"].get("questions"), list):
            raise UserError(f"{file}: line {number}: field 'output.questions': a list of questions is required")
        rows.append((case, item["output"]))
    if not rows:
        raise UserError(f"{file}: no outputs to score")
    return rows


def score_outputs(file: Path, cases: dict[str, Case], world: Any) -> RunResult:
    results = []
    for case, output in _read(file, cases):
        outcome = Outcome(case.id, case.kind, output=output)
        results.append(CaseResult(case, [outcome], {n: fn(case, outcome, world) for n, fn in METRICS.items()}))
    run = RunResult("external", results)
    run.summary = aggregate(results)
    for r in results:
        counts = run.by_kind.setdefault(r.case.kind, {"pass": 0, "fail": 0, "n/a": 0})
        counts[r.status] += 1
    return run
