"""The `coach` command line. Each command is a thin shell over package functions.

Everything heavy (the store, spaCy, FastAPI, the engines) is imported inside the command that needs it, so
`coach --help` starts in a fraction of a second. Read-only commands open their Context with `create=False`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .cli_support import ProgressBar, err, handle_errors, open_context, out, print_json
from .errors import UserError

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console

    from .context import Context
    from .engines import Engine

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: typer's rich help formatter alone costs ~70 ms of every `--help`
    help="Sales-coaching assistant: deal-review prep, Socratic questions, self-coaching.",
)

TeamOpt = Annotated[str, typer.Option("--team", help="Team id.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]


@app.command()
@handle_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of notes, CRM exports or call transcripts.")],
    team: TeamOpt,
    preset: Annotated[str | None, typer.Option("--preset", help="An export's columns: salesforce, hubspot.")] = None,
    map_: Annotated[
        list[str] | None, typer.Option("--map", help='Columns to fields: "Account Name=account,Note Body=text".')
    ] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Columns to skip (comma-separated).")] = None,
    save_map: Annotated[bool, typer.Option("--save-map", help="Keep this mapping for the team's ingests.")] = False,
    date_format: Annotated[
        str | None, typer.Option("--date-format", help="Dates that are not ISO, e.g. %m/%d/%Y or %d.%m.%Y.")
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="The .xlsx sheet to read (default: the first).")] = None,
    deal: Annotated[str | None, typer.Option("--deal", help="The deal a call transcript belongs to.")] = None,
    rep_speaker: Annotated[
        str | None, typer.Option("--rep-speaker", help="The transcript's speaker who is our rep.")
    ] = None,
    call_date: Annotated[str | None, typer.Option("--call-date", help="The call's date (YYYY-MM-DD).")] = None,
) -> None:
    """Ingest deal notes, CRM exports (.csv, .xlsx) and call transcripts (.vtt, .srt, .json, .txt); all or nothing."""
    from .ingest import ingest_paths
    from .ingest.mapping import MapOptions
    from .ingest.pipeline import IngestOptions
    from .ingest.sources import CallOptions
    from .knowledge import load_knowledge
    from .knowledge_index import sync_knowledge

    options = IngestOptions(
        mapping=MapOptions(preset, map_ or [], ignore or [], date_format),
        save_map=save_map,
        sheet=sheet,
        call=CallOptions(deal, rep_speaker, call_date),
    )
    ctx = open_context()
    load_knowledge(ctx.settings.knowledge_dir)  # a missing or broken knowledge folder fails before anything is stored
    with ProgressBar("embedding") as bar:
        report = ingest_paths(ctx, paths, team, bar, options)
    sync_knowledge(ctx)
    out.print(report.summary(), highlight=False, soft_wrap=True)
    if save_map:
        out.print(f"column mapping saved for team {team}", highlight=False)


@app.command()
@handle_errors
def sync(
    source: Annotated[str, typer.Argument(metavar="salesforce|hubspot", help="The CRM to pull from.")],
    team: TeamOpt,
) -> None:
    """Pull what changed in Salesforce or HubSpot since the last sync (deals and notes); all or nothing."""
    from .ingest.sync import SOURCES
    from .ingest.sync import sync as sync_crm
    from .knowledge import load_knowledge
    from .knowledge_index import sync_knowledge

    if source.lower() not in SOURCES:
        raise UserError(f"unknown source {source!r} (sources: {', '.join(SOURCES)})")
    ctx = open_context()
    load_knowledge(ctx.settings.knowledge_dir)
    with ProgressBar("embedding") as bar:
        report = sync_crm(ctx, source, team, bar)
    sync_knowledge(ctx)
    out.print(report.summary(), highlight=False, soft_wrap=True)


@app.command()
@handle_errors
def stats(team: TeamOpt, as_json: JsonOpt = False) -> None:
    """Counts of notes, deals and reps in a team."""
    from .search import require_team

    ctx = open_context(create=False)
    require_team(ctx, team)
    data = {"team": team, **ctx.catalog.stats(team)}
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

    count = forget_notes(open_context(create=False), team, deal, note)
    out.print(f"deleted {count} note(s) from team {team}")


@app.command()
@handle_errors
def doctor(
    team: Annotated[str | None, typer.Option("--team", help="Only this team.")] = None,
    repair: Annotated[bool, typer.Option("--repair", help="Remove orphans, re-embed missing and mismatched.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the vector index against the catalog per team (exit 1 if they differ); --repair fixes it."""
    from rich.table import Table

    from .store.doctor import run_doctor

    report = run_doctor(open_context(create=repair).index_writer, team, repair)
    if as_json:
        print_json(report.to_dict())
    else:
        table = Table(title="index against catalog", show_lines=False)
        columns = ("team", "notes", "chunks", "vectors", "orphans", "missing", "mismatched")
        for col in (*columns, "status"):
            table.add_column(col, justify="left" if col in ("team", "status") else "right")
        for t in report.teams:
            row = t.found.counts()
            status = "ok" if t.found.ok else "repaired" if t.ok else "NEEDS REPAIR"
            table.add_row(*(str(row[c]) for c in columns), status)
        out.print(table)
        for t in report.teams:
            if t.repaired is not None and t.repaired.changed:
                out.print(f"team {t.found.team}: {t.repaired.summary()}", highlight=False)
        if not report.ok:
            hint = "the repair did not make them equal" if repair else "run `coach doctor --repair`"
            err.print(f"the index differs from the catalog: {hint}", highlight=False)
    if not report.ok:
        raise SystemExit(1)


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
    from rich.table import Table

    from .search import search_notes

    ctx = open_context(create=False)
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
    """List the coaching knowledge base (principles, skills, question patterns), validated; changes nothing."""
    from .knowledge import load_knowledge

    kb = load_knowledge(open_context(create=False).settings.knowledge_dir)
    data = {
        "principles": [{"id": p.id, "title": p.title, "skills": p.skills} for p in kb.principles],
        "skills": [s.id for s in kb.skills],
        "questions": len(kb.questions),
    }
    if as_json:
        print_json(data)
    else:
        out.print(f"{len(kb.principles)} principles, {len(kb.skills)} skills, {len(kb.questions)} question patterns")


EngineOpt = Annotated[str | None, typer.Option("--engine", help="Engine id: default or openai:MODEL.")]


def _emit(answer: BaseModel, as_json: bool, render: Callable[[Console, Any], None]) -> None:
    """One JSON object on stdout with --json, else the readable view."""
    if as_json:
        print_json(answer.model_dump(mode="json"))
    else:
        render(out, answer)


def _team_context(team: str) -> Context:
    """A read-only Context for a team that exists: an unknown team fails here, before any model is loaded."""
    from .search import require_team

    ctx = open_context(create=False)
    require_team(ctx, team)
    return ctx


def _engine(ctx_engine: str, option: str | None) -> Engine:
    from .engines import get_engine

    return get_engine(option or ctx_engine)


@app.command()
@handle_errors
def deal(
    deal_id: Annotated[str, typer.Argument(help="The deal to show.")],
    team: TeamOpt,
    as_json: JsonOpt = False,
) -> None:
    """The deal model: people and access, MEDDPICC, competitors, risks, next step, close-date history."""
    from .render_deal import render_deal
    from .understand.service import deal_model

    model = deal_model(_team_context(team), team, deal_id)
    if as_json:
        print_json(model.to_dict())
    else:
        render_deal(out, model)


@app.command()
@handle_errors
def prep(
    deal_id: Annotated[str, typer.Argument(help="The deal to review.")],
    team: TeamOpt,
    as_json: JsonOpt = False,
    engine: EngineOpt = None,
) -> None:
    """Deal-review prep pack: 1-2 focus areas with evidence, Socratic questions, traps to avoid."""
    from .render import render_prep

    ctx = _team_context(team)
    _emit(_engine(ctx.settings.engine, engine).prep(ctx, team, deal_id), as_json, render_prep)


@app.command()
@handle_errors
def rep(
    name: Annotated[str, typer.Argument(metavar="REP", help="The rep's name.")],
    team: TeamOpt,
    as_json: JsonOpt = False,
    engine: EngineOpt = None,
    history: Annotated[
        bool, typer.Option("--history", help="Progress across reviews: per skill, the gap score at each review.")
    ] = False,
) -> None:
    """The rep's development plan across all their deals (--history: their progress across reviews)."""
    from .render import render_history, render_rep

    ctx = _team_context(team)
    if history:
        from .coaching.history import rep_history
        from .coaching.rep_plan import rep_deals

        canonical, _ = rep_deals(ctx, team, name)
        _emit(rep_history(ctx, team, canonical, ctx.reviews.reviews(team, rep=canonical)), as_json, render_history)
        return
    _emit(_engine(ctx.settings.engine, engine).rep_plan(ctx, team, name), as_json, render_rep)


@app.command("team")
@handle_errors
def team_cmd(
    team: TeamOpt,
    as_json: JsonOpt = False,
    days: Annotated[int, typer.Option("--days", min=1, help="List open deals not prepared in this many days.")] = 14,
) -> None:
    """The team overview: at-risk deals with evidence, reps x skills, the most common gap, deals due a review."""
    from .api.schemas.team import TeamOverviewOut
    from .coaching.team_view import team_overview
    from .render_team import render_team

    overview = team_overview(_team_context(team), team, stale_days=days)
    _emit(TeamOverviewOut.of(overview), as_json, lambda console, _: render_team(console, overview))


@app.command("self")
@handle_errors
def self_cmd(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What the rep is asking.")],
    team: TeamOpt,
    rep_name: Annotated[str, typer.Option("--rep", help="The rep asking.")],
    deal: Annotated[str | None, typer.Option("--deal", help="One of the rep's deals.")] = None,
    as_json: JsonOpt = False,
    engine: EngineOpt = None,
    save_commitment: Annotated[
        bool, typer.Option("--save-commitment", help="Save your closing 'I'll ...' as a commitment (private).")
    ] = False,
    share: Annotated[bool, typer.Option("--share", help="With --save-commitment: your manager may see it.")] = False,
) -> None:
    """Self-coaching for a rep: questions back, never the rep's work done for them."""
    from .render import render_self

    if share and not save_commitment:
        raise UserError("--share goes with --save-commitment")
    ctx = _team_context(team)
    reply = _engine(ctx.settings.engine, engine).self_coach(ctx, team, rep_name, text, deal)
    if save_commitment:
        from .coaching.record import save_self_commitment

        if reply.commitment_offer is None or reply.deal_id is None:
            raise UserError(
                "nothing to save: end your message with what you will do (\"I'll ask Pete for 30 minutes with "
                "Ilse by Friday\")"
            )
        ctx = open_context()  # saving writes
        saved = save_self_commitment(ctx, team, reply.rep, reply.deal_id, reply.commitment_offer, shared=share)
        reply = reply.model_copy(update={"saved_commitment": saved.commitment_id})
    _emit(reply, as_json, render_self)


@app.command()
@handle_errors
def check(
    text: Annotated[str, typer.Argument(metavar="TEXT|-", help="Planned questions, or - for stdin.")],
    as_json: JsonOpt = False,
) -> None:
    """Feedback on a manager's planned questions: act, Socratic type, and an open alternative."""
    import sys

    from .guard import check_lines
    from .render import render_check

    content = sys.stdin.read() if text == "-" else text
    if not content.strip():
        raise UserError("nothing to check: give the text, or - to read it from stdin")
    result = check_lines(content)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        render_check(out, result)


def _add_subcommands() -> None:
    from .api.cli import register as register_api
    from .cli_reviews import register as register_reviews
    from .evals.cli import eval_app

    app.add_typer(eval_app, name="eval")
    register_reviews(app)
    register_api(app)


_add_subcommands()


def main() -> None:
    try:
        app()
    except UserError as exc:  # errors raised while parsing, before a command runs
        err.print(f"[bold red]error:[/] {exc}")
        raise SystemExit(2) from None
