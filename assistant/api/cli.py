"""`coach serve` and `coach keys create|list|revoke`, added to the main CLI by `register(app)`.

The key store and the service are imported inside each command (`coach --help` stays fast); `keys list` and
`keys revoke` never create a key store that is not there.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..cli_support import handle_errors, open_context, out, print_json

APP_FACTORY = "assistant.api.app:create_app"
keys_app = typer.Typer(no_args_is_help=True, help="API keys: create (shown once), list, revoke.")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


@keys_app.command("create")
@handle_errors
def create(
    role: Annotated[
        str, typer.Option("--role", help="manager (whole team), rep (own deals only) or admin (/metrics only).")
    ],
    team: Annotated[str | None, typer.Option("--team", help="Team id (not for admin keys).")] = None,
    rep: Annotated[str | None, typer.Option("--rep", help="The rep's name (rep keys).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create a key and print it once: only its hash is stored."""
    from .keys import KeyStore
    from .services import keys_path

    ctx = open_context(create=False)  # the catalog is only read (a rep key names a known rep)
    store = KeyStore(keys_path(ctx.settings))
    known = ctx.catalog.reps(team) if role == "rep" and team else []
    key = store.create(team, role, rep, known_reps=known)
    record = next(k for k in store.keys(team=None) if k["id"] == key.split("_")[1])
    if as_json:
        print_json({**record, "key": key})
        return
    who = "operator (admin: /metrics only)" if role == "admin" else f"{role} of team {team}"
    who += f" ({record['rep']})" if record["rep"] else ""
    out.print(f"key {record['id']} for the {who}. Shown once, store it now:", highlight=False)
    out.print(key, highlight=False, soft_wrap=True)


@keys_app.command("list")
@handle_errors
def list_keys(
    team: Annotated[str | None, typer.Option("--team", help="Only this team's keys.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ids, team, role, rep, created and revoked dates; never a secret."""
    from rich.table import Table

    from .keys import KeyStore
    from .services import keys_path

    rows = KeyStore(keys_path(open_context().settings), create=False).keys(team)
    if as_json:
        print_json(rows)
        return
    table = Table(title="API keys" + (f" of team {team}" if team else ""))
    for col in ("id", "team", "role", "rep", "created", "revoked"):
        table.add_column(col)
    for row in rows:
        table.add_row(*(str(row[c] or "") for c in ("id", "team", "role", "rep", "created", "revoked")))
    out.print(table)


@keys_app.command("revoke")
@handle_errors
def revoke(key_id: Annotated[str, typer.Argument(metavar="KEY_ID", help="The id shown by `coach keys list`.")]) -> None:
    """Revoke a key; requests with it get 401 from now on."""
    from .keys import KeyStore
    from .services import keys_path

    changed = KeyStore(keys_path(open_context().settings), create=False).revoke(key_id)
    out.print(f"key {key_id} {'revoked' if changed else 'was already revoked'}", highlight=False)


@handle_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Worker processes (each loads the model). More than 1 needs a Chroma server (COACH_CHROMA_HOST): "
            "the embedded vector index is one process's. The SQLite files are safe for the workers of one machine; "
            "replicas on several machines need COACH_DATABASE_URL (PostgreSQL) as well.",
        ),
    ] = 1,
) -> None:
    """Run the HTTP API (OpenAPI docs at /docs, chat widget at /widget)."""
    import uvicorn

    from ..errors import UserError
    from .app import create_app

    settings = open_context().settings  # a bad COACH_ variable fails here, on one line
    if workers > 1 and not settings.chroma_host:
        raise UserError(
            f"--workers {workers} needs a Chroma server: the embedded vector index cannot be shared by processes. "
            "Run `chroma run --path DIR --port 8000` and set COACH_CHROMA_HOST (and COACH_CHROMA_PORT), "
            "or serve with --workers 1"
        )
    out.print(
        f"serving COACH_HOME={settings.home} on http://{host}:{port} (docs: /docs, widget: /widget)", soft_wrap=True
    )
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
    else:  # each worker builds its app from the same COACH_ environment
        uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers, log_level="info")


def register(app: typer.Typer) -> None:
    """Add `serve` and `keys` to the `coach` CLI."""
    app.command("serve")(serve)
    app.add_typer(keys_app, name="keys")
