"""What a chat message can name in one team: its deals (id, account, rep, stage, people, competitors), its reps,
the coached skills. Built from the deal models (one canonical computation of a deal's account, stage and
people) and cached per catalog revision, so the entity linker never reads notes itself.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..coaching.team import team_profile
from ..context import Context
from ..errors import unknown_team
from ..understand.service import deal_models


@dataclass(frozen=True)
class PersonRef:
    name: str
    title: str | None
    deal_id: str


@dataclass(frozen=True)
class DealRef:
    deal_id: str
    account: str | None
    rep: str | None
    stage: str | None
    is_closed: bool
    people: tuple[PersonRef, ...]
    competitors: tuple[str, ...]

    @property
    def label(self) -> str:
        """`D-201 Harlow Logistics (Marcus Delgado, proposal)`: how a choice is listed to the user."""
        details = ", ".join(x for x in (self.rep, (self.stage or "").replace("_", " ")) if x)
        return f"{self.deal_id} {self.account or ''}".strip() + (f" ({details})" if details else "")


@dataclass(frozen=True)
class Gazetteer:
    team: str
    deals: dict[str, DealRef]
    reps: tuple[str, ...]
    competitors: tuple[str, ...]

    def rep_deals(self, rep: str, open_only: bool = False) -> list[DealRef]:
        return [d for d in self.deals.values() if d.rep == rep and not (open_only and d.is_closed)]

    def open_deals(self) -> list[DealRef]:
        return [d for d in self.deals.values() if not d.is_closed]


_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[int, Gazetteer]] = {}
_building: dict[tuple[str, str], threading.Lock] = {}  # one build per team at a time (start-up warm-up, requests)


def _is_customer(name: str, account: str | None) -> bool:
    """A stakeholder row naming the account itself ("Quarry Lane Outfitters (?)") is not a person."""
    words = set(name.lower().split())
    return bool(words) and not (account and words <= set(account.lower().split()))


def gazetteer(ctx: Context, team: str) -> Gazetteer:
    key = (str(ctx.settings.db_path.resolve()), team)
    with _lock:
        building = _building.setdefault(key, threading.Lock())
    with building:
        return _build(ctx, team, key)


def _build(ctx: Context, team: str, key: tuple[str, str]) -> Gazetteer:
    revision = ctx.catalog.revision(team)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == revision:
            return cached[1]
    if not team_profile(ctx, team).notes_by_deal:
        raise unknown_team(team)
    deals: dict[str, DealRef] = {}
    for m in deal_models(ctx, team):
        people = tuple(
            PersonRef(p.name, p.title, m.deal_id) for p in m.stakeholders if p.named and _is_customer(p.name, m.account)
        )
        deals[m.deal_id] = DealRef(
            m.deal_id, m.account, m.rep, m.stage, m.is_closed, people, tuple(c.name for c in m.competitors)
        )
    reps = tuple(sorted({d.rep for d in deals.values() if d.rep}))
    named = {c for d in deals.values() for c in d.competitors}
    competitors = tuple(sorted(named | team_profile(ctx, team).competitors))
    built = Gazetteer(team, deals, reps, competitors)
    with _lock:
        _cache[key] = (revision, built)
    return built
