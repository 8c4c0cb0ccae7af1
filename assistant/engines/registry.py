"""The registry of engine families, filled the way a plugin fills it (in the style of simonw/llm's
`register_models` hook): a module exposes `register_engines(register)` and is named by the entry-point group
`sales_coach.engines`. The built-in engines are registered through the same hook (`engines.builtin`), so the
base class module knows no subclass and a third-party engine needs no change here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib import import_module
from importlib.metadata import entry_points
from types import ModuleType

from ..errors import UserError
from .base import Engine

ENTRY_POINT_GROUP = "sales_coach.engines"
BUILTIN_PLUGINS = ("assistant.engines.builtin",)

Factory = Callable[[str], Engine]
_engines: dict[str, Factory] = {}
_loaded = False
_lock = threading.RLock()


def register(prefix: str, factory: Factory) -> None:
    """Register an engine family: `prefix` alone (`default`) or `prefix:MODEL` (`openai:gpt-4o-mini`)."""
    with _lock:
        _engines[prefix] = factory


def _register_from(plugin: ModuleType | Callable[..., object]) -> None:
    hook = getattr(plugin, "register_engines", plugin)
    if not callable(hook):
        raise UserError(f"engine plugin {plugin!r} has no register_engines(register) hook")
    hook(register)


def load_plugins() -> None:
    """Built-ins first, then installed plugins (once per process)."""
    global _loaded
    with _lock:
        if _loaded:
            return
        _loaded = True
        for name in BUILTIN_PLUGINS:
            _register_from(import_module(name))
        for point in entry_points(group=ENTRY_POINT_GROUP):
            if point.value in BUILTIN_PLUGINS:
                continue
            _register_from(point.load())


def engine_ids() -> list[str]:
    """The registered engine families, sorted (what `/v1/models` lists)."""
    load_plugins()
    return sorted(_engines)


def get_engine(engine_id: str) -> Engine:
    load_plugins()
    prefix, _, model = engine_id.partition(":")
    factory = _engines.get(prefix)
    if factory is None:
        raise UserError(f"unknown engine {engine_id!r} (available: {', '.join(sorted(_engines))})")
    return factory(model)
