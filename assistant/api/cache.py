"""Prep packs and rep plans of deterministic engines, kept per catalog revision.

A manager opens the same deal's prep several times (the widget, a refresh, the review itself), and the
default engine gives the same pack for the same notes. The key holds the team's catalog revision, which
every ingest and forget bumps, so a cached pack is never staler than the notes; the knowledge base is fixed
for the life of the process. A request with `Cache-Control: no-cache` recomputes (bench/serve.py uses it
to measure the engine itself).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from ..engines import Engine

T = TypeVar("T")


def is_deterministic(engine: Engine) -> bool:
    """Engines say so with `deterministic = True`; the default engine is, by design (see README)."""
    return engine.deterministic


class AnswerCache:
    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: tuple[Any, ...], compute: Callable[[], T], refresh: bool = False) -> tuple[T, bool]:
        """(value, hit). Two concurrent misses both compute: cheaper than holding a lock over an engine call."""
        if not refresh:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key], True
        value = compute()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value, False
