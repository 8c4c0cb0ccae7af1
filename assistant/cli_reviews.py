"""`coach review` and `coach reviews`: record a deal review with the rep's commitments, and list reviews.

`--due` belongs to the `--commit` it follows ("--commit A --due 2026-11-20 --commit B"): click keeps each
option's values but not how they interleave, so the command class keeps the raw arguments to pair them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from .cli_support import handle_errors, open_context, out, print_json
from .errors import UserError

if TYPE_CHECKING:
    from .coaching.record import Pledged
    from .models import Review


class _KeepsArgs(TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # click.Context (typer vendors click)
        ctx.meta["raw_args"] = list(args)
        return super().parse_args(ctx, args)


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"{option} {value!r} is not a date: use YYYY-MM-DD") from None


def pledges_in_order(raw: list[str]) -> list[Pledged]:
    """(--commit, its --due) pairs in the order written; a --due before any --commit is an error."""
    from .coaching.record import Pledged

    items: list[tuple[str, str | None]] = []
    i = 0
    while i < len(raw):
        arg, value = raw[i], None
        if "=" in arg and arg.split("=", 1)[0] in ("--commit", "--due"):
            arg, value = arg.split("=", 1)
        elif arg in ("--commit", "--due") and i + 1 < len(raw):
            value, i = raw[i + 1], i + 1
        if arg == "--commit" and value is not None:
            items.append((value, None))
        elif arg == "--due" and value is not None:
            if not items or items[-1][1] is not None:
                raise UserError("--due belongs to the --commit just before it: write --commit TEXT --due YYYY-MM-DD")
            items[-1] = (items[-1][0], value)
        i += 1
    return [Pledged(text, parse_day(due, "--due")) for text, due in items]


def _review_json(r: Review) -> dict[str, Any]:
    """The API's shape (GET .../reviews): one schema for the CLI's --json and the service."""
    from .api.schemas.responses import ReviewOut

    return ReviewOut.model_validate(r).model_dump(mode="json")


def register(app: typer.Typer) -> None:
    @app.command(cls=_KeepsArgs)
    @handle_errors
    def review(
        ctx: typer.Context,
        deal_id: Annotated[str, typer.Argument(help="The deal reviewed.")],
        team: Annotated[str, typer.Option("--team", help="Team id.")],
        commit: Annotated[
            list[str] | None, typer.Option("--commit", help="What the rep said they will do, in their words.")
        ] = None,
        due: Annotated[
            list[str] | None, typer.Option("--due", help="YYYY-MM-DD: the due date of the --commit before it.")
        ] = None,
        focus: Annotated[list[str] | None, typer.Option("--focus", help="The skill the review focused on.")] = None,
        note: Annotated[str, typer.Option("--note", help="The manager's note of the review.")] = "",
        held_on: Annotated[str | None, typer.Option("--date", help="When it was held (default: today).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")] = False,
    ) -> None:
        """Record a deal review: the rep's commitments (followed up in the next prep), its focus, a note."""
        from .coaching.record import record_review
        from .search import require_team

        pledges = pledges_in_order(ctx.meta.get("raw_args", []))
        if len(pledges) != len(commit or []) or len(due or []) > len(pledges):
            raise UserError("could not pair each --due with its --commit: write --commit TEXT --due YYYY-MM-DD")
        require_team(open_context(create=False), team)  # an unknown team creates nothing
        store = open_context()
        saved = record_review(store, team, deal_id, pledges, focus or [], note, parse_day(held_on, "--date"))
        if as_json:
            print_json(_review_json(saved))
            return
        out.print(f"review {saved.review_id} of {deal_id} on {saved.held_on} recorded", highlight=False)
        for c in saved.commitments:
            out.print(f"  - {c.text}" + (f" (due {c.due})" if c.due else ""), highlight=False, soft_wrap=True)

    @app.command()
    @handle_errors
    def reviews(
        team: Annotated[str, typer.Option("--team", help="Team id.")],
        deal: Annotated[str | None, typer.Option("--deal", help="Only this deal.")] = None,
        rep: Annotated[str | None, typer.Option("--rep", help="Only this rep's.")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")] = False,
    ) -> None:
        """List the team's deal reviews and the commitments made in them (a manager's view)."""
        from .search import require_team

        if deal is not None and rep is not None:
            raise UserError("give at most one of --deal or --rep")
        ctx = open_context(create=False)
        require_team(ctx, team)
        found = ctx.reviews.reviews(team, deal_id=deal, rep=rep)
        if as_json:
            print_json({"team": team, "reviews": [_review_json(r) for r in found]})
            return
        if not found:
            out.print(f"no reviews recorded in team {team}" + (f" for {deal or rep}" if deal or rep else ""))
        for r in found:
            head = f"{r.held_on}  {r.deal_id}  {r.rep or ''}  [{', '.join(r.focus) or 'no focus recorded'}]"
            out.print(f"{head}  {r.review_id}", highlight=False, markup=False)
            if r.note:
                out.print(f"    {r.note}", highlight=False, soft_wrap=True, markup=False)
            for c in r.commitments:
                due = f" (due {c.due})" if c.due else ""
                out.print(f"    - {c.text}{due}", highlight=False, markup=False, soft_wrap=True)
