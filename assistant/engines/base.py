"""The Engine base class and the registry of engine ids."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from ..context import Context
from ..errors import UserError
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

    def self_coach(self, ctx: Context, team: str, rep: str, message: str, deal_id: str | None) -> SelfReply:
        from ..coaching.self_coach import self_coach

        return self_coach(ctx, team, rep, message, deal_id, engine=self.id)


ENGINES: dict[str, Callable[[str], Engine]] = {}
FALLBACK_PREFIX = "default (fallback: "


def fallback_engine(reason: str) -> str:
    """The `engine` of an answer the default engine gave instead: `default (fallback: <reason>)`."""
    return f"{FALLBACK_PREFIX}{' '.join(reason.split())})"


def is_fallback(engine: str) -> bool:
    return engine.startswith(FALLBACK_PREFIX)


def register(prefix: str, factory: Callable[[str], Engine]) -> None:
    """Register an engine family: `prefix` alone (`default`) or `prefix:MODEL` (`openai:gpt-4o-mini`)."""
    ENGINES[prefix] = factory


def get_engine(engine_id: str) -> Engine:
    prefix, _, model = engine_id.partition(":")
    factory = ENGINES.get(prefix)
    if factory is None:
        known = ", ".join(sorted(ENGINES))
        raise UserError(f"unknown engine {engine_id!r} (available: {known})")
    return factory(model)


def _register_builtins() -> None:
    from .default import DefaultEngine

    register("default", lambda model: DefaultEngine())
    register("openai", _openai)


def _openai(model: str) -> Engine:
    from .openai import OpenAIEngine  # lazy: LangChain is imported only when a model is called

    return OpenAIEngine(model)


_register_builtins()
