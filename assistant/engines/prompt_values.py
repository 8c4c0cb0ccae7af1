"""What the LLM engine tells the model about a deal: the prompt's values, built from the deal model and the
default engine's assessment, and the notes in relevance order.

Everything here is untrusted (it comes from notes and CRM fields): names and fields are put on one line each
so they cannot pose as lines of the prompt, and `llm.answer` escapes every value before it enters the
template's `<untrusted>` block.
"""

from __future__ import annotations

from ..knowledge import MEDDPICC
from ..llm.context import one_line
from ..models import Note
from ..schemas import PrepPack, RepPlan, SelfReply
from ..understand.model import DealModel


def ranked_notes(notes: dict[str, Note], first: list[str]) -> list[Note]:
    """Most relevant first: notes the assessment cites (in order), then the rest, newest first."""
    order = list(dict.fromkeys(n for n in first if n in notes))
    rest = sorted(
        (n for n in notes.values() if n.note_id not in order),
        key=lambda n: (n.date.isoformat() if n.date else "", n.note_id),
        reverse=True,
    )
    return [notes[n] for n in order] + rest


def deal_facts(model: DealModel) -> str:
    """The deal model as the prompt's facts: people and access, MEDDPICC, risks, next step, competitors."""
    lines = []
    for p in model.stakeholders:
        title = f", {one_line(p.title)}" if p.title else ""
        relation = f"{p.relation.replace('_', ' ')}, {p.engagement.replace('_', ' ')}"
        lines.append(f"- {one_line(p.name)}{title}: {relation}")
    states = ", ".join(f"{e.replace('_', ' ')} {model.meddpicc[e].state}" for e in MEDDPICC if e in model.meddpicc)
    lines.append(f"- MEDDPICC: {states}")
    lines += [f"- risk {r.id.replace('_', ' ')}: {one_line(r.detail)}" for r in model.risks]
    step = model.next_step
    lines.append(f"- next step: {one_line(step.what)}" if step else "- next step: none recorded")
    if model.competitors:
        names = ", ".join(f"{one_line(c.name)} ({c.status})" for c in model.competitors)
        lines.append(f"- competitors: {names}")
    return "\n".join(lines)


def assessment_text(pack: PrepPack) -> str:
    lines = []
    for area in pack.focus_areas:
        lines.append(f"- FOCUS {area.skill}: {one_line(area.why)}")
        lines += [f"  evidence {one_line(ev.note_id)}: {one_line(ev.quote)}" for ev in area.evidence]
    lines += [f"- {s.skill}: score {s.score}, gaps {', '.join(s.gaps) or 'none'}" for s in pack.skills]
    return "\n".join(lines)


def prep_fields(deal_id: str, model: DealModel) -> dict[str, str]:
    return {
        "deal_id": one_line(deal_id),
        "account": one_line(model.account or deal_id),
        "stage": one_line(model.stage or "unknown"),
        "rep": one_line(model.rep or "unknown"),
        "close_date": model.close_date.isoformat() if model.close_date else "unknown",
    }


def rep_values(plan: RepPlan) -> dict[str, str]:
    return {
        "rep": one_line(plan.rep),
        "deals": ", ".join(one_line(d) for d in plan.deals),
        "assessment": "\n".join(f"- {a.skill}: {one_line(a.why)}" for a in plan.focus_areas),
    }


def self_values(reply: SelfReply, message: str, model: DealModel) -> dict[str, str]:
    deal_id = reply.deal_id or ""
    return {
        "rep": one_line(reply.rep),
        "message": message,
        "deal_id": one_line(deal_id),
        "account": one_line(model.account or deal_id),
        "stage": one_line(model.stage or "unknown"),
        "deal": deal_facts(model),
        "assessment": "\n".join(f"- {q.skill}: {one_line(q.text)}" for q in reply.questions),
    }
