"""The tools an LLM may call in the chat: the same functions the default chat uses (prep, rep plan, team risk,
overview, deal model, search, check), under the same access rules as the API (a rep key: own deals and plan
only, no team view; any key: its own team only). A refused call or malformed arguments come back to the model
as a tool result naming why, never as an error to the user.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..coaching.rep_plan import rep_deals
from ..coaching.team_view import team_overview
from ..context import Context
from ..engines import get_engine
from ..errors import CoachError
from ..guard import check_lines
from ..understand.service import deal_model


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid")
    team: str | None = None  # a model may name a team: any other than the caller's is refused


class DealArgs(_Args):
    deal_id: str


class RepArgs(_Args):
    rep: str


class SkillArgs(_Args):
    skill: str | None = None


class SearchArgs(_Args):
    query: str
    deal_id: str | None = None


class CheckArgs(_Args):
    text: str


ARGS: dict[str, type[_Args]] = {
    "prep": DealArgs, "rep_plan": RepArgs, "team_risk": _Args, "overview": SkillArgs, "deal_model": DealArgs,
    "search": SearchArgs, "check": CheckArgs,
}  # fmt: skip
DESCRIPTIONS = {
    "prep": "Prep pack of one deal: focus areas with evidence and Socratic questions citing notes.",
    "rep_plan": "Development plan of one rep: recurring gaps across their deals and questions for a one-to-one.",
    "team_risk": "Open deals at risk, ranked by their risk flags, with evidence quotes.",
    "overview": "Each rep's gap score (0..1) per skill across their open deals, and the team's most common gap.",
    "deal_model": "What the notes say about one deal: account, stage, close date, people, competitors, risks.",
    "search": "Search the team's notes (optionally one deal); returns note ids and text.",
    "check": "Check planned questions (one per line): act, Socratic type and an open rewrite.",
}
TOOL_SPECS: list[Any] = [
    {"type": "function", "function": {"name": n, "description": DESCRIPTIONS[n], "parameters": a.model_json_schema()}}
    for n, a in ARGS.items()
]
MANAGER_ONLY = frozenset({"team_risk", "overview"})


@dataclass(frozen=True)
class Caller:
    team: str
    rep: str | None  # None: a manager


class Refused(Exception):
    """A tool call the caller's key may not make."""


def run_tool(ctx: Context, caller: Caller, name: str, arguments: str) -> dict[str, Any]:
    """The tool's result as JSON-ready data, or {"error": why} for a refused or malformed call."""
    schema = ARGS.get(name)
    if schema is None:
        return {"error": f"unknown tool {name!r} (tools: {', '.join(ARGS)})"}
    try:
        args = schema.model_validate(json.loads(arguments or "{}"))
    except (ValueError, ValidationError) as exc:
        return {"error": f"invalid arguments for {name}: {str(exc).splitlines()[0]}"}
    try:
        _authorize(ctx, caller, name, args)
        return _call(ctx, caller, name, args)
    except Refused as exc:
        return {"error": f"refused: {exc}"}
    except CoachError as exc:
        return {"error": str(exc)}


def _authorize(ctx: Context, caller: Caller, name: str, args: _Args) -> None:
    if args.team is not None and args.team != caller.team:
        raise Refused("a key sees only its own team")
    if caller.rep is None:
        return
    if name in MANAGER_ONLY:
        raise Refused("the team view needs a manager key")
    _, mine = rep_deals(ctx, caller.team, caller.rep)
    deal = getattr(args, "deal_id", None)
    if deal is not None and deal not in mine:
        raise Refused("a rep key sees only that rep's own deals")
    if isinstance(args, RepArgs) and args.rep.strip().lower() != caller.rep.lower():
        raise Refused("a rep key sees only that rep's own plan")


def _call(ctx: Context, caller: Caller, name: str, args: Any) -> dict[str, Any]:
    team, engine = caller.team, get_engine("default")
    if name == "prep":
        return engine.prep(ctx, team, args.deal_id).model_dump(mode="json", exclude={"usage"})
    if name == "rep_plan":
        return engine.rep_plan(ctx, team, args.rep).model_dump(mode="json", exclude={"usage"})
    if name in ("team_risk", "overview"):
        view = team_overview(ctx, team)
        if name == "team_risk":
            return {"at_risk": [{"deal_id": d.deal_id, "account": d.account, "rep": d.rep, "flags": [
                {"flag": f.flag, "detail": f.detail, "quote": f.quote, "note_id": f.note_id} for f in d.flags]}
                for d in view.at_risk]}  # fmt: skip
        return {"common_gap": view.common_gap, "reps": {r.rep: r.scores for r in view.reps}}
    if name == "deal_model":
        m = deal_model(ctx, team, args.deal_id)
        return {"deal_id": m.deal_id, "account": m.account, "rep": m.rep, "stage": m.stage,
                "close_date": str(m.close_date) if m.close_date else None, "risks": [r.detail for r in m.risks],
                "people": [{"name": p.name, "title": p.title, "relation": p.relation} for p in m.stakeholders],
                "competitors": [c.name for c in m.competitors]}  # fmt: skip
    if name == "search":
        hits = ctx.retriever.search(team, args.query, k=5, deal_id=args.deal_id, rep=caller.rep)
        return {"hits": [{"note_id": h.note_id, "deal_id": h.deal_id, "text": h.text[:600]} for h in hits]}
    return check_lines(args.text).model_dump(mode="json")
