"""Deal-, rep- and answer-level access: what a rep key may see inside its own team, and what stays private.

A manager sees the whole team's deals and plans. A rep sees their own deals and plan only (403 for the rest
of the team; an unknown deal is still a 404). A rep's self-coaching is private: a manager never reads it
unless the rep shares it, and only learns how many private answers there are.
"""

from __future__ import annotations

from typing import Any

from ..coaching.team import team_profile
from ..context import Context
from ..models import Note
from .errors import forbidden, not_found
from .keys import Principal


def same_person(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.strip().lower() == b.strip().lower()


def deal_notes(ctx: Context, who: Principal, deal_id: str) -> list[Note]:
    """The deal's notes if the caller may see the deal: 404 unknown, 403 another rep's deal."""
    notes = team_profile(ctx, who.team).notes_by_deal.get(deal_id)
    if not notes:
        raise not_found(f"unknown deal {deal_id!r} in team {who.team!r}")
    if not who.is_manager and not any(same_person(n.rep, who.rep) for n in notes):
        raise forbidden("a rep key sees only that rep's own deals")
    return notes


def check_rep(who: Principal, rep: str) -> None:
    if not who.is_manager and not same_person(rep, who.rep):
        raise forbidden("a rep key sees only that rep's own plan")


def owns(who: Principal, answer: dict[str, Any]) -> bool:
    """The caller asked for this answer (for a rep: with any of their keys)."""
    if answer["team"] != who.team:
        return False
    if who.is_manager:
        return bool(answer["key_id"] == who.key_id)
    return answer["role"] == "rep" and same_person(answer["rep"], who.rep)


def readable(who: Principal, answer: dict[str, Any]) -> bool:
    """The caller may read this answer's content: their own, or (a manager) a rep's non-private or shared one."""
    if owns(who, answer):
        return True
    return (
        who.is_manager
        and answer["team"] == who.team
        and answer["role"] == "rep"
        and (not answer["private"] or answer["shared"])
    )


def hidden_from_manager(answer: dict[str, Any]) -> bool:
    return answer["role"] == "rep" and answer["private"] and not answer["shared"]
