"""Readable terminal view (rich) of the team overview: at-risk deals with evidence, reps x skills, due reviews."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .coaching.team_view import TeamOverview
from .knowledge import SKILLS
from .render import SKILL_TITLES

# Cell shading of the reps x skills table: the gap score bands a manager reads at a glance.
BANDS = ((0.6, "bold red"), (0.35, "yellow"), (0.15, "default"), (0.0, "dim"))


def _band(score: float) -> str:
    return next(style for floor, style in BANDS if score >= floor)


def render_team(console: Console, o: TeamOverview) -> None:
    console.print(Text.assemble((f"Team {o.team}", "bold"), f"  (as of {o.as_of or 'unknown'})"))
    console.print(Text("At-risk deals, most at risk first", "bold"))
    if not o.at_risk:
        console.print("  no open deal carries a risk flag")
    for i, d in enumerate(o.at_risk, 1):
        amount = f", {d.amount:,.0f}" if d.amount is not None else ""
        console.print(
            Text.assemble(
                (f"{i}. {d.account or d.deal_id} ", "bold"),
                f"({d.deal_id}, {d.stage or 'stage unknown'}, rep {d.rep or '?'}{amount}) ",
                (f"risk {d.score:g}", "red"),
            )
        )
        for f in d.flags:
            quote = Text.assemble(("  \u201c" + f.quote + "\u201d", "italic")) if f.quote else Text("")
            console.print(
                Text.assemble((f"   - {f.flag.replace('_', ' ')}: ", "yellow"), f.detail, (f" [{f.note_id}]", "cyan"))
                + quote
            )
    table = Table(title="Gap score per skill across each rep's open deals (0 none, 1 severe)", title_justify="left")
    table.add_column("Rep")
    table.add_column("Open", justify="right")
    for skill in SKILLS:
        table.add_column(SKILL_TITLES[skill], justify="right")
    for r in o.reps:
        cells = [Text(f"{r.scores[s]:.2f}", _band(r.scores[s])) if r.open_deals else Text("-", "dim") for s in SKILLS]
        name = r.rep + (f" (stalled: {', '.join(s.replace('_', ' ') for s in r.stalled)})" if r.stalled else "")
        table.add_row(name, str(r.open_deals), *cells)
    console.print(table)
    common = SKILL_TITLES.get(o.common_gap, o.common_gap) if o.common_gap else "none (no open deal shows a gap)"
    console.print(Text.assemble(("Most common gap: ", "bold"), common))
    console.print(Text(f"Open deals not prepared in {o.stale_days} days", "bold"))
    if not o.not_reviewed:
        console.print("  none")
    for due in o.not_reviewed:
        when = f"last prepared {due.last_prepared} ({due.days} days ago)" if due.last_prepared else "never prepared"
        where = f"rep {due.rep or '?'}, {due.stage or '?'}"
        console.print(f"  {due.deal_id} {due.account or ''} ({where}): {when}", highlight=False)
