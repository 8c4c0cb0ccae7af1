"""The Engine base class (the registry of engine ids is `engines.registry`; this module knows no subclass)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from ..context import Context
from ..schemas import PrepPack, RepPlan, SelfReply


class Engine(ABC):
    """One required method (`prep`); rep plans and self-coaching default to the embedded engine's logic."""

    id: str = "default"
    deterministic: bool = False  # same input, same output: answers may be cached per catalog revision

    @abstractmethod
    def prep(self, ctx: Context, team: str, deal_id: str) -> PrepPack: ...

    def rep_plan(self, ctx: Context, team: str, rep: str) -> RepPlan:
        from ..coaching.rep_plan import rep_plan

        return rep_plan(ctx, team, rep, engine=self.id)

    def self_coach(
        self, ctx: Context, team: str, rep: str, message: str, deal_id: str | None, intent: str | None = None
    ) -> SelfReply:
        from ..coaching.self_coach import self_coach

        return self_coach(ctx, team, rep, message, deal_id, engine=self.id, intent=intent)


FALLBACK_PREFIX = "default (fallback: "


def fallback_engine(reason: str) -> str:
    """The `engine` of an answer the default engine gave instead: `default (fallback: <reason>)`."""
    return f"{FALLBACK_PREFIX}{' '.join(reason.split())})"


def is_fallback(engine: str) -> bool:
    return engine.startswith(FALLBACK_PREFIX)
