"""Reading a shipped model: its JSON metadata beside its `.npy` weight matrix (package data written by `make train`).

One reader for every learned model (the signal classifiers, the chat intents, the injection detector), so a missing
or corrupt file is always the same clear backend error naming the file and the fix.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from .errors import BackendError


def read_shipped(json_path: Path, npy_path: Path, what: str) -> tuple[dict[str, Any], np.ndarray]:
    """(metadata, weights) of a shipped model; `what` names it in the error ("the chat intent classifier")."""
    try:
        meta = json.loads(json_path.read_text(encoding="utf-8"))
        matrix = np.load(npy_path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise BackendError(f"{what} cannot be read ({json_path}): {exc}; run `make train`") from None
    return meta, matrix
