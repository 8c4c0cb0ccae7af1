"""Readable terminal views (rich) of prep packs, rep plans, self-coaching replies and check results."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .guard import CheckResult
from .schemas import PrepPack, RepHistory, RepPlan, SelfReply

SKILL_TITLES = {
    "prospecting": "Prospecting",
    "qualification": "Qualification",
    "deal_strategy": "Deal strategy",
    "call_execution": "Call execution",
    "customer_value": "Customer value",
    "time_and_resources": "Time & resources",
}


def render_prep(console: Console, pack: PrepPack) -> None:
    head = Text.assemble(
        (f"Deal review prep: {pack.account or pack.deal_id}", "bold"),
        f"  ({pack.deal_id}, {pack.stage or 'stage unknown'}, rep {pack.rep or '?'}, "
        f"engine {pack.engine}, as of {pack.as_of})",
    )
    console.print(head)
    if pack.follow_up:
        lines = []
        for f in pack.follow_up:
            due = f", due {f.due}" if f.due else ""
            lines.append(
                Text.assemble(
                    (f"[{STATUS_LABEL[f.status]}] ", STATUS_STYLE[f.status]),
                    f.text,
                    (f"  ({f.source}, {f.made_on}{due})", "dim"),
                )
            )
            for ev in f.evidence:
                lines.append(
                    Text.assemble(("  [" + ev.note_id + "] ", "cyan"), ("\u201c" + ev.quote + "\u201d", "italic"))
                )
            lines.append(Text.assemble(("  ask: ", "dim"), (f.question.text, "bold")))
        console.print(Panel(Group(*lines), title="Follow up: the rep's commitments", title_align="left"))
    for p in pack.progress:
        moved = {"improved": "improved", "worse": "got worse", "not_improved": "not moved"}[p.status]
        console.print(
            f"Since the review on {p.reviewed_on}: {SKILL_TITLES[p.skill]} has {moved} "
            f"(gap score {p.score_then:g} -> {p.score_now:g})",
            highlight=False,
        )
    for i, area in enumerate(pack.focus_areas, 1):
        lines = [Text(area.why)]
        for ev in area.evidence:
            lines.append(Text.assemble(("  [" + ev.note_id + "] ", "cyan"), ("\u201c" + ev.quote + "\u201d", "italic")))
        console.print(Panel(Group(*lines), title=f"Focus {i}: {SKILL_TITLES[area.skill]}", title_align="left"))
    lines = []
    for i, q in enumerate(pack.questions, 1):
        lines.append(
            Text.assemble((f"{i}. ", "bold"), (q.text, "bold"), (f"  [{q.type} · {SKILL_TITLES[q.skill]}]", "dim"))
        )
        lines.append(Text.assemble(("   listen for: ", "dim"), q.listen_for))
        lines.append(Text.assemble(("   notes: ", "dim"), (", ".join(q.citations), "cyan")))
    console.print(Panel(Group(*lines), title="Questions for the rep, in order", title_align="left"))
    console.print(Panel("\n".join(f"- {a}" for a in pack.avoid), title="Avoid (takeover traps)", title_align="left"))
    console.print("Principles: " + "; ".join(f"{p.title} ({p.id})" for p in pack.principles), highlight=False)


def render_rep(console: Console, plan: RepPlan) -> None:
    console.print(Text(f"Development plan: {plan.rep}  ({len(plan.deals)} deals: {', '.join(plan.deals)})", "bold"))
    for area in plan.focus_areas:
        lines = [Text(area.why)] + [
            Text.assemble((f"  [{e.deal_id} {e.note_id}] ", "cyan"), ("\u201c" + e.quote + "\u201d", "italic"))
            for e in area.evidence
        ]
        console.print(Panel(Group(*lines), title=f"Develop: {SKILL_TITLES[area.skill]}", title_align="left"))
    if plan.strengths:
        console.print(
            Panel("\n".join(f"- {s.why}" for s in plan.strengths), title="Strengths to build on", title_align="left")
        )
    console.print(Text("Questions for the next one-to-one", "bold"))
    for i, q in enumerate(plan.questions, 1):
        console.print(f"{i}. {q.text}  [dim]({q.type}, {q.deal_id})[/]", highlight=False)


def render_self(console: Console, reply: SelfReply) -> None:
    console.print(Text(reply.reply))
    for i, q in enumerate(reply.questions, 1):
        console.print(f"{i}. {q.text}  [dim]({q.type}; notes {', '.join(q.citations)})[/]", highlight=False)
    if reply.principles:
        console.print("[dim]Principle: " + "; ".join(p.title for p in reply.principles) + "[/]", highlight=False)
    if reply.saved_commitment:
        console.print(Text(f"Saved as your commitment ({reply.saved_commitment}): {reply.commitment_offer}"))
    elif reply.commitment_offer:
        console.print(
            Text(
                f"You said: \u201c{reply.commitment_offer}\u201d. Save it as your commitment? (--save-commitment)",
                "dim",
            )
        )


def render_history(console: Console, history: RepHistory) -> None:
    dates = [r.held_on for r in history.reviews]
    console.print(Text(f"Progress across reviews: {history.rep}  ({len(dates)} reviews)", "bold"))
    table = Table(show_lines=False)
    table.add_column("skill")
    for p in history.skills[0].points if history.skills else []:
        table.add_column(p.on if p.review_id else f"now ({p.on})", justify="right")
    table.add_column("trend")
    for h in history.skills:
        mark = " (stalled)" if h.skill in history.stalled else ""
        table.add_row(SKILL_TITLES[h.skill], *(f"{p.score:g}" for p in h.points), h.trend.replace("_", " ") + mark)
    console.print(table)
    for label, item in (("Keep", history.keep), ("Start", history.start), ("Stop", history.stop)):
        if item is None:
            continue
        lines = [Text(f"{SKILL_TITLES[item.skill]}: {item.what}")] + [
            Text.assemble((f"  [{e.deal_id} {e.note_id}] ", "cyan"), ("\u201c" + e.quote + "\u201d", "italic"))
            for e in item.evidence
        ]
        console.print(Panel(Group(*lines), title=label, title_align="left"))


STATUS_LABEL = {"done": "done", "no_evidence_yet": "no evidence yet", "overdue": "overdue"}
STATUS_STYLE = {"done": "green", "no_evidence_yet": "yellow", "overdue": "red"}

ACT_STYLE = {
    "open_question": "green",
    "statement": "white",
    "closed_question": "yellow",
    "leading_question": "yellow",
    "directive": "red",
    "takeover": "bold red",
}


def render_check(console: Console, result: CheckResult) -> None:
    for item in result.items:
        label = item.act + (f" ({item.type})" if item.type else "")
        console.print(Text.assemble((f"[{label}] ", ACT_STYLE.get(item.act, "white")), item.text))
        if item.suggestion:
            console.print(Text.assemble(("    try: ", "dim"), (item.suggestion, "green")))
    verdict = result.summary.get("verdict")
    if verdict:
        console.print(Text(str(verdict), "bold"))
