"""Engines produce prep packs, rep plans and self-coaching replies; selected by a string id.

`default` is the embedded, deterministic, offline engine. Other engines register themselves in
`ENGINES` the same way a plugin would (see `register`).
"""

from .base import Engine, get_engine, register

__all__ = ["Engine", "get_engine", "register"]
