"""The labelled sentence corpus the signal classifiers learn from: evals/datasets/signals/<writer>/<skill>.jsonl.

Each writer wrote in their own style without seeing the engine; the writer is kept so that evaluation can
leave one writer out. Lines are validated strictly: a typo in a label is an error naming file and line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import UserError
from ..settings import PROJECT_ROOT

CORPUS_DIR = PROJECT_ROOT / "evals" / "datasets" / "signals"


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    signal: str | None
    label: Literal["pos", "neg", "none"]
    neg_kind: Literal["negated", "near_miss", "paraphrase_opposite", "other"] | None = None
    also: list[str] = []


@dataclass(frozen=True)
class Example:
    text: str
    writer: str
    signal: str | None  # the signal the writer wrote it for
    label: str  # pos | neg | none
    neg_kind: str | None
    labels: frozenset[str]  # every signal the text shows


def corpus_files(folder: Path = CORPUS_DIR) -> list[Path]:
    return sorted(folder.glob("*/*.jsonl"))


def corpus_digest(folder: Path = CORPUS_DIR) -> str:
    h = hashlib.sha256()
    for path in corpus_files(folder):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def load_corpus(known_signals: set[str], folder: Path = CORPUS_DIR) -> list[Example]:
    files = corpus_files(folder)
    if not files:
        raise UserError(f"no corpus files under {folder}")
    out: list[Example] = []
    for path in files:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            try:
                line = _Line.model_validate(json.loads(raw))
            except (ValueError, ValidationError) as exc:
                raise UserError(f"{path}:{number}: {str(exc).splitlines()[0]}") from None
            named = ([line.signal] if line.signal else []) + line.also
            unknown = [s for s in named if s not in known_signals]
            if unknown:
                raise UserError(f"{path}:{number}: unknown signal {unknown[0]!r}")
            labels = set(line.also)
            if line.label == "pos" and line.signal:
                labels.add(line.signal)
            if line.label == "neg" and line.signal:
                labels.discard(line.signal)
            out.append(Example(line.text, path.parent.name, line.signal, line.label, line.neg_kind, frozenset(labels)))
    return out
