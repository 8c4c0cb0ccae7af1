"""Reading the small trained-model files `make train` writes (JSON weights): one loader for all of them.

A file is read once per path, checked against the features the code computes (a model trained on other
features is an error, not a silent misfit), and its digest kept so stored deal models built with other
weights are rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from ..errors import BackendError

T = TypeVar("T")
_lock = threading.Lock()
_loaded: dict[Path, object] = {}


def load_trained(path: Path, what: str, features: Sequence[str], build: Callable[[dict[str, Any], str], T]) -> T:
    """The model in `path`, built by `build(raw, digest)` the first time and cached by path."""
    with _lock:
        if path in _loaded:
            return cast(T, _loaded[path])
        try:
            data = path.read_bytes()
            raw = json.loads(data)
        except (OSError, ValueError) as exc:
            raise BackendError(f"the {what} {path} cannot be read ({exc}); run `make train`") from None
        if list(raw.get("features", [])) != list(features):
            raise BackendError(f"the {what} {path} was trained on other features; run `make train`")
        model = build(raw, hashlib.sha256(data).hexdigest()[:12])
        _loaded[path] = model
        return model
