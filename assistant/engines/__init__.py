"""Engines produce prep packs, rep plans and self-coaching replies; selected by a string id.

`default` is the embedded, deterministic, offline engine. Engine families are registered in
`engines.registry` by plugins (`register_engines(register)`), the built-ins included (`engines.builtin`).
"""

from .base import Engine
from .registry import engine_ids, get_engine, register

__all__ = ["Engine", "engine_ids", "get_engine", "register"]
