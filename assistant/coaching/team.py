"""Team-level context for the assessment: our own people, known competitors, the 'as of' date.

Computed from the team's notes only, cached per catalog revision so repeated requests are cheap.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from ..context import Context
from ..models import Note
from .facts import _people, competitor_names
from .text import sentences


@dataclass(frozen=True)
class TeamProfile:
    team: str
    internal_names: frozenset[str]
    competitors: frozenset[str]
    as_of: date | None
    notes_by_deal: dict[str, list[Note]]


_cache: dict[tuple[str, str], tuple[int, TeamProfile]] = {}
_lock = threading.Lock()


def team_profile(ctx: Context, team: str) -> TeamProfile:
    key = (str(ctx.settings.db_path.resolve()), team)
    revision = ctx.catalog.revision(team)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == revision:
            return cached[1]
    notes = ctx.catalog.notes(team)
    internal = {n.rep for n in notes if n.rep} | {n.author for n in notes if n.author}
    spans = [s for n in notes for s in sentences(n.note_id, n.text)]
    first_names = {p.first_name for p in _people(spans, internal)}
    exclude = {w for name in internal for w in name.split()} | first_names
    exclude |= {w for n in notes if n.account for w in n.account.split()}
    dates = [n.date for n in notes if n.date]
    by_deal: dict[str, list[Note]] = {}
    for note in notes:
        by_deal.setdefault(note.deal_id, []).append(note)
    profile = TeamProfile(
        team=team,
        internal_names=frozenset(internal),
        competitors=frozenset(competitor_names(spans, exclude)),
        as_of=ctx.settings.as_of or (max(dates) if dates else None),
        notes_by_deal=by_deal,
    )
    with _lock:
        _cache[key] = (revision, profile)
    return profile
