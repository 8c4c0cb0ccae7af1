"""Reports of an eval run: a terminal table, Markdown, self-contained HTML, JSON and JUnit XML."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from rich.console import Console
from rich.table import Table

from ..errors import UserError
from .metrics import METRICS
from .metrics.base import FAIL
from .runner import RunResult


def summary_table(console: Console, run: RunResult) -> None:
    table = Table(title=f"evals: engine {run.engine}, {int(run.summary['cases'])} cases")
    table.add_column("metric")
    table.add_column("applicable", justify="right")
    table.add_column("pass rate", justify="right")
    table.add_column("values")
    for name in METRICS:
        rate = run.summary.get(f"{name}.pass_rate")
        values = ", ".join(
            f"{k.split('.', 1)[1]}={v:.3f}"
            for k, v in sorted(run.summary.items())
            if k.startswith(f"{name}.") and not k.endswith((".pass_rate", ".applicable"))
        )
        table.add_row(
            name, str(int(run.summary.get(f"{name}.applicable", 0))), "-" if rate is None else f"{rate:.3f}", values
        )
    console.print(table)
    kinds = Table(title="by kind")
    for col in ("kind", "pass", "fail", "n/a"):
        kinds.add_column(col)
    for kind, counts in sorted(run.by_kind.items()):
        kinds.add_row(kind, str(counts["pass"]), str(counts["fail"]), str(counts["n/a"]))
    console.print(kinds)
    for gate in run.gates:
        mark = "[green]ok[/]" if gate["ok"] else "[bold red]FAILED[/]"
        bound = f">= {gate['min']}" if gate["min"] is not None else f"<= {gate['max']}"
        console.print(f"gate {gate['metric']} {bound}: {gate['value']} {mark}", highlight=False)
    if run.judge:
        agreement = ", ".join(f"{k}={v:.2f}" for k, v in run.judge["agreement"].items() if v is not None)
        console.print(
            f"judge {run.judge['judge']}: {run.judge['cases']} cases, helps_rep_think mean "
            f"{run.judge['helps_rep_think_mean']}, agreement with metrics: {agreement}",
            highlight=False,
        )
    if run.comparison:
        c = run.comparison
        console.print(
            f"vs baseline: {len(c['regressed'])} regressed, {len(c['improved'])} improved, "
            f"{len(c['new'])} new, {len(c['missing'])} missing",
            highlight=False,
        )
        for item in c["regressed"][:20]:
            console.print(f"  [red]regressed[/] {item}", highlight=False)


def to_json(run: RunResult) -> dict[str, Any]:
    return {
        "engine": run.engine,
        "summary": run.summary,
        "by_kind": run.by_kind,
        "gates": run.gates,
        "passed_gates": run.passed_gates,
        "comparison": run.comparison,
        "judge": run.judge,
        "cases": [
            {
                "id": r.case.id,
                "kind": r.case.kind,
                "team": r.case.team,
                "status": r.status,
                "description": r.case.description,
                "tags": r.case.tags,
                "expect": r.case.expect.model_dump(mode="json", exclude_defaults=True),
                "metrics": {
                    n: {"status": m.status, "values": m.values, "detail": m.detail} for n, m in r.metrics.items()
                },
                "outcome": r.outcomes[0].to_dict(),
            }
            for r in run.results
        ],
    }


def to_markdown(run: RunResult) -> str:
    lines = [f"# Evals: engine `{run.engine}`", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {v:.4f} |" for k, v in sorted(run.summary.items())]
    lines += ["", "## Gates", ""] + [
        f"- {'PASS' if g['ok'] else 'FAIL'} `{g['metric']}` = {g['value']}" for g in run.gates
    ]
    failing = [r for r in run.results if r.status == FAIL]
    lines += ["", f"## Failing cases ({len(failing)})", ""]
    for r in failing:
        for name, m in r.metrics.items():
            if m.status == FAIL:
                lines.append(f"- `{r.case.id}` {name}: {m.detail}")
    return "\n".join(lines) + "\n"


def to_html(run: RunResult) -> str:
    def esc(value: Any) -> str:
        return html.escape(str(value))

    rows = "".join(f"<tr><td>{esc(k)}</td><td>{v:.4f}</td></tr>" for k, v in sorted(run.summary.items()))
    gates = "".join(
        f"<li class='{'ok' if g['ok'] else 'bad'}'>{esc(g['metric'])} = {esc(g['value'])}</li>" for g in run.gates
    )
    cases = []
    for r in run.results:
        metrics = "".join(
            f"<tr class='{m.status.replace('/', '')}'><td>{esc(n)}</td><td>{esc(m.status)}</td>"
            f"<td>{esc(json.dumps(m.values))}</td><td>{esc(m.detail)}</td></tr>"
            for n, m in r.metrics.items()
        )
        output = esc(json.dumps(r.outcomes[0].to_dict(), indent=2, ensure_ascii=False))
        labels = esc(json.dumps(r.case.expect.model_dump(mode="json", exclude_defaults=True), indent=2))
        cases.append(
            f"<details class='{r.status.replace('/', '')}'><summary>{esc(r.case.id)} <em>{esc(r.case.kind)}"
            f"</em> <b>{esc(r.status)}</b> {esc(r.case.description)}</summary><table>{metrics}</table>"
            f"<h4>labels</h4><pre>{labels}</pre><h4>output</h4><pre>{output}</pre></details>"
        )
    style = (
        "body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse}"
        "td{border:1px solid #ddd;padding:2px 6px;vertical-align:top}.fail,.bad{color:#b00020}"
        ".ok,.pass{color:#1b5e20}details{margin:4px 0}pre{background:#f6f6f6;padding:8px;overflow:auto}"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>evals {esc(run.engine)}</title>"
        f"<style>{style}</style></head><body><h1>Evals: engine {esc(run.engine)}</h1><table>{rows}</table>"
        f"<h2>Gates</h2><ul>{gates}</ul><h2>Cases</h2>{''.join(cases)}</body></html>"
    )


def to_junit(run: RunResult) -> str:
    suites = ET.Element("testsuites", name=f"coach-evals-{run.engine}")
    by_kind: dict[str, list[Any]] = {}
    for r in run.results:
        by_kind.setdefault(r.case.kind, []).append(r)
    for kind, results in sorted(by_kind.items()):
        failures = sum(r.status == FAIL for r in results)
        suite = ET.SubElement(suites, "testsuite", name=kind, tests=str(len(results)), failures=str(failures))
        for r in results:
            case = ET.SubElement(
                suite, "testcase", classname=kind, name=r.case.id, time=f"{sum(o.seconds for o in r.outcomes):.3f}"
            )
            for name, m in r.metrics.items():
                if m.status == FAIL:
                    ET.SubElement(case, "failure", message=f"{name}: {m.detail[:200]}").text = m.detail
    return ET.tostring(suites, encoding="unicode")


def write_report(run: RunResult, path: Path) -> None:
    writers = {".md": to_markdown, ".html": to_html, ".json": lambda r: json.dumps(to_json(r), indent=2)}
    writer = writers.get(path.suffix.lower())
    if writer is None:
        raise UserError(f"unsupported report type {path.suffix!r}: use .html, .md or .json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(writer(run), encoding="utf-8")
