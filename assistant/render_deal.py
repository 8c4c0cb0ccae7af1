"""Readable terminal view (rich) of a deal model: header, people and access, MEDDPICC, risks, calls, history."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .understand.model import DealModel

_STATE_STYLE = {"confirmed": "green", "gap": "red", "unknown": "dim"}


def render_deal(console: Console, m: DealModel) -> None:
    amount = f"{m.amount:,.0f}" if m.amount is not None else "?"
    close = m.close_date.isoformat() if m.close_date else "?"
    console.print(
        Text.assemble(
            (f"{m.account or m.deal_id}", "bold"),
            f"  ({m.deal_id}, {m.stage or 'stage unknown'}, rep {m.rep or '?'}, amount {amount}, close {close}, "
            f"last contact {m.last_contact}, as of {m.as_of})",
        )
    )
    if len(m.close_history) > 1:
        console.print("close date history: " + " -> ".join(f"{c.value} [{c.note_id}]" for c in m.close_history))
    if m.next_step:
        due = m.next_step.due.isoformat() if m.next_step.due else "no date"
        console.print(f"next step: {m.next_step.what} ({m.next_step.who or 'who?'}, {due}) [{m.next_step.note_id}]")
    else:
        console.print(Text("next step: none stated", style="yellow"))
    people = Table("person", "title", "relation", "access", "evidence", title="Stakeholders", title_justify="left")
    for p in m.stakeholders:
        quote = p.evidence[-1] if p.evidence else None
        people.add_row(
            p.name,
            p.title or "",
            p.relation.replace("_", " "),
            p.engagement.replace("_", " "),
            f"[{quote.note_id}] {quote.quote}" if quote else "",
        )
    console.print(people)
    med = Table("element", "state", "evidence", title="MEDDPICC", title_justify="left")
    for element, state in m.meddpicc.items():
        quote = state.evidence[-1] if state.evidence else None
        med.add_row(
            element.replace("_", " "),
            Text(state.state, style=_STATE_STYLE[state.state]),
            f"[{quote.note_id}] {quote.quote}" if quote else "",
        )
    console.print(med)
    if m.competitors:
        console.print("competitors: " + ", ".join(f"{c.name} ({c.status})" for c in m.competitors))
    for r in m.risks:
        console.print(Text.assemble(("risk ", "red"), (r.id, "bold"), f": {r.detail}"))
    for c in m.calls:
        console.print(
            f"call [{c.note_id}]: rep talked {c.rep_share:.0%}, longest monologue {c.longest_monologue} words, "
            f"questions rep {c.rep_questions} / customer {c.customer_questions}",
            markup=False,  # "[note id]" is text, not a style tag
        )
        said = [("monologue", c.monologue), *[("unanswered", q) for q in c.unanswered]]
        for label, line in said + [("next step", q) for q in c.next_steps]:
            if line:
                console.print(f"  {label}: {line}", highlight=False, markup=False)
