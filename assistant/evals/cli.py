"""`coach eval`: run the cases, print the summary, write reports, diff a baseline, fail on a gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..cli_support import ProgressBar, err, handle_errors, open_context, out, print_json
from ..errors import UserError
from ..resources import evals_dir

EVALS = evals_dir()
eval_app = typer.Typer(help="Evaluate the coaching advice: Socratic, grounded, prioritised, safe.")


@eval_app.callback(invoke_without_command=True)
@handle_errors
def run(
    context: typer.Context,
    engine: Annotated[str | None, typer.Option("--engine", help="Engine id (default: COACH_ENGINE).")] = None,
    cases: Annotated[
        Path, typer.Option("--cases", help="A case file or folder (a folder adds the labelled fixture teams' deals).")
    ] = EVALS / "cases",
    repeat: Annotated[int, typer.Option("--repeat", min=1, max=20, help="Run each case K times.")] = 1,
    report: Annotated[list[Path] | None, typer.Option("--report", help="FILE.html, FILE.md or FILE.json")] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Compare case by case.")] = None,
    save_baseline: Annotated[Path | None, typer.Option("--save-baseline", help="Write this run as a baseline.")] = None,
    gates: Annotated[Path, typer.Option("--gates", help="Gates config.")] = EVALS / "gates.yaml",
    fixtures: Annotated[Path, typer.Option("--fixtures", help="Fixture teams folder.")] = EVALS / "fixtures",
    judge: Annotated[
        str | None, typer.Option("--judge", help="Model-graded rubric: openai:MODEL (never gates).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    if context.invoked_subcommand is not None:
        return
    from ..engines import get_engine
    from ..knowledge_index import sync_knowledge
    from .cases import labelled_cases, load_cases
    from .fixtures import eval_context
    from .report import summary_table, to_json, to_junit, write_report
    from .runner import baseline_data, check_gates, compare, run_cases
    from .world import World

    settings = open_context().settings
    chosen = list(load_cases(cases)) + (labelled_cases(fixtures) if cases.is_dir() else [])
    ctx = eval_context(settings, fixtures)
    world = World(ctx, sync_knowledge(ctx))
    with ProgressBar("evaluating", threshold=1) as bar:
        result = run_cases(get_engine(engine or settings.engine), world, chosen, repeat, progress=bar(len(chosen)))
    check_gates(result, gates)
    if judge is not None:
        from .judge import Judge, judge_run

        result.judge = judge_run(result, Judge(settings, judge, settings.home / "evals" / "judge-cache"))
    if baseline is not None:
        compare(result, baseline)
    for path in report or []:
        write_report(result, path)
    if junit is not None:
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.write_text(to_junit(result), encoding="utf-8")
    if save_baseline is not None:
        save_baseline.write_text(json.dumps(baseline_data(result), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if as_json:
        print_json(to_json(result))
    else:
        summary_table(out, result)
    if not result.passed_gates:
        failed = ", ".join(g["metric"] for g in result.gates if not g["ok"])
        err.print(f"[bold red]gate failed:[/] {failed}")
        raise SystemExit(1)


@eval_app.command("score")
@handle_errors
def score_file(
    file: Annotated[Path, typer.Argument(help="JSONL: one {case_id, output} per line.")],
    cases: Annotated[Path, typer.Option("--cases")] = EVALS / "cases",
    fixtures: Annotated[Path, typer.Option("--fixtures")] = EVALS / "fixtures",
    report: Annotated[list[Path] | None, typer.Option("--report")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Score outputs produced elsewhere (another tool, a manager's own questions) with the same metrics."""
    from ..knowledge_index import sync_knowledge
    from .cases import load_cases
    from .fixtures import eval_context
    from .report import summary_table, to_json, write_report
    from .scoring import score_outputs
    from .world import World

    by_id = {c.id: c for c in load_cases(cases)}
    ctx = eval_context(open_context().settings, fixtures)
    result = score_outputs(file, by_id, World(ctx, sync_knowledge(ctx)))
    for path in report or []:
        write_report(result, path)
    if as_json:
        print_json(to_json(result))
    else:
        summary_table(out, result)


@eval_app.command("import-feedback")
@handle_errors
def import_feedback(
    out_file: Annotated[Path, typer.Option("--out", help="Where to write draft cases.")] = Path("feedback-drafts.yaml"),
) -> None:
    """Turn thumbs-down feedback stored by the service into draft cases for review."""
    from .feedback import draft_cases

    count = draft_cases(open_context(), out_file)
    if count == 0:
        raise UserError("no thumbs-down feedback stored yet; nothing to import")
    out.print(f"wrote {count} draft case(s) to {out_file}; review them, then run them with --cases FILE")
