"""Team-level context for coaching: notes by deal, our own people, known competitors, the 'as of' date.

One computation, in the understanding layer (`understand.service.team_notes`), cached per catalog revision;
this is the shape coaching, the API and the engines read it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..context import Context
from ..models import Note
from ..understand.service import team_notes


@dataclass(frozen=True)
class TeamProfile:
    team: str
    internal_names: frozenset[str]
    competitors: frozenset[str]
    as_of: date | None
    notes_by_deal: dict[str, list[Note]]


def team_profile(ctx: Context, team: str) -> TeamProfile:
    view, by_deal = team_notes(ctx, team)
    return TeamProfile(team, view.internal_names, view.competitors, view.as_of, by_deal)
