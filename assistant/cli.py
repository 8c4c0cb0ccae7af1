"""The `coach` command line. Each command is a thin shell over package functions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .cli_support import ProgressBar, err, handle_errors, open_context, out, print_json
from .errors import UserError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Sales-coaching assistant: deal-review prep, Socratic questions, self-coaching.",
)

TeamOpt = Annotated[str, typer.Option("--team", help="Team id.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


@app.command()
@handle_errors
def ingest(paths: Annotated[list[Path], typer.Argument(help="Files or folders of notes.")], team: TeamOpt) -> None:
    """Ingest deal notes (.csv, .jsonl, .json, .md, .txt); all or nothing."""
    from .ingest import ingest_paths
    from .knowledge_index import sync_knowledge

    ctx = open_context()
    with ProgressBar("embedding") as bar:
        report = ingest_paths(ctx, paths, team, bar)
    sync_knowledge(ctx)
    out.print(report.summary(), highlight=False, soft_wrap=True)


@app.command()
@handle_errors
def stats(team: TeamOpt, as_json: JsonOpt = False) -> None:
    """Counts of notes, deals and reps in a team."""
    from .store.vectors import check_team

    ctx = open_context()
    data = {"team": check_team(team), **ctx.catalog.stats(team)}
    if as_json:
        print_json(data)
    else:
        out.print(f"team {team}: {data['notes']} notes, {data['deals']} deals, {data['reps']} reps")


@app.command()
@handle_errors
def forget(
    team: TeamOpt,
    deal: Annotated[str | None, typer.Option("--deal", help="Delete every note of this deal.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Delete this note.")] = None,
) -> None:
    """Delete a deal's notes or one note (catalog and index)."""
    from .ingest.pipeline import forget as forget_notes

    count = forget_notes(open_context(), team, deal, note)
    out.print(f"deleted {count} note(s) from team {team}")


@app.command()
@handle_errors
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    team: TeamOpt,
    deal: Annotated[str | None, typer.Option("--deal", help="Only this deal.")] = None,
    rep: Annotated[str | None, typer.Option("--rep", help="Only this rep's deals.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many results.")] = 8,
    as_json: JsonOpt = False,
) -> None:
    """Hybrid search (dense + BM25, fused) over a team's notes."""
    from .search import search_notes

    ctx = open_context()
    data = search_notes(ctx, team, query, k=k, deal_id=deal, rep=rep)
    if as_json:
        print_json(data)
        return
    table = Table(title=f"{query!r} in team {team}", show_lines=False)
    for col in ("#", "score", "note", "deal", "text"):
        table.add_column(col, overflow="fold")
    for r in data["results"]:
        table.add_row(str(r["rank"]), f"{r['score']:.4f}", r["note_id"], r["deal_id"], r["text"][:160])
    out.print(table)
    if data["principles"]:
        out.print("[bold]Related principles:[/] " + "; ".join(p["title"] for p in data["principles"]))


@app.command()
@handle_errors
def knowledge(as_json: JsonOpt = False) -> None:
    """Index the coaching knowledge base (principles, skills, signals) and list it."""
    from .knowledge_index import sync_knowledge

    ctx = open_context()
    kb = sync_knowledge(ctx, force=False)
    data = {
        "principles": [{"id": p.id, "title": p.title, "skills": p.skills} for p in kb.principles],
        "skills": [s.id for s in kb.skills],
        "questions": len(kb.questions),
    }
    if as_json:
        print_json(data)
    else:
        out.print(f"{len(kb.principles)} principles, {len(kb.skills)} skills, {len(kb.questions)} question patterns")


def main() -> None:
    try:
        app()
    except UserError as exc:  # errors raised while parsing, before a command runs
        err.print(f"[bold red]error:[/] {exc}")
        raise SystemExit(2) from None
