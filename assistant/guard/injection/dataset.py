"""The labelled injection sets and the fixture teams' notes the detector is trained and measured on.

evals/datasets/injection/<writer>/items.jsonl: attacks (19 forms) and benign sentences with trigger words, each
set written by an independent writer, so evaluation can leave one writer out. Ordinary note sentences of the
development fixture teams are extra negatives (what a real note looks like); the other teams stay unseen and
measure false positives. Lines are validated strictly: a typo in a label is an error naming file and line.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ...errors import UserError
from ...resources import evals_dir
from ...settings import PROJECT_ROOT
from ..sentences import sentence_spans

DATASET_DIR = PROJECT_ROOT / "evals" / "datasets" / "injection"
FIXTURES = evals_dir() / "fixtures"
SAMPLE_TEAM = PROJECT_ROOT / "examples" / "summit"
# Ordinary notes used as extra negatives: the dev teams of the understanding models (never the measured ones).
TRAIN_TEAMS = ("lumen", "tidewater", "ironbark", "orchard", "granite")
# The eval team whose notes carry planted injections on purpose (the bastion eval cases): not a false positive.
PLANTED_TEAM = "bastion"


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    text: str
    label: Literal["attack", "benign"]
    form: str
    language: str
    note: str | None = None


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    attack: bool
    form: str
    language: str
    writer: str

    @property
    def sentences(self) -> list[str]:
        """The item as the canonical split cuts it: what the detector sees at run time."""
        return [self.text[a:b] for a, b in sentence_spans(self.text)]


def dataset_files(folder: Path = DATASET_DIR) -> list[Path]:
    return sorted(folder.glob("*/items.jsonl"))


def load_items(folder: Path = DATASET_DIR) -> list[Item]:
    files = dataset_files(folder)
    if not files:
        raise UserError(f"no injection items under {folder}")
    out: list[Item] = []
    seen: set[str] = set()
    for path in files:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            try:
                line = _Item.model_validate(json.loads(raw))
            except (ValueError, ValidationError) as exc:
                raise UserError(f"{path}:{number}: {str(exc).splitlines()[0]}") from None
            if line.id in seen:
                raise UserError(f"{path}:{number}: duplicate id {line.id!r}")
            seen.add(line.id)
            out.append(Item(line.id, line.text, line.label == "attack", line.form, line.language, path.parent.name))
    return out


@dataclass(frozen=True)
class TeamNote:
    team: str
    note_id: str
    text: str


def team_notes(teams: tuple[str, ...] | None = None) -> list[TeamNote]:
    """The fixture teams' note texts (and the sample team's notes and call transcripts), in a stable order."""
    out: list[TeamNote] = []
    for path in sorted(FIXTURES.glob("*/notes.jsonl")):
        team = path.parent.name
        if teams is not None and team not in teams:
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                row = json.loads(raw)
                out.append(TeamNote(team, str(row.get("note_id", "")), str(row["text"])))
    if teams is None or "summit" in teams:
        with (SAMPLE_TEAM / "notes.csv").open(encoding="utf-8", newline="") as handle:
            out += [TeamNote("summit", row["note_id"], row["text"]) for row in csv.DictReader(handle)]
        for path in sorted((SAMPLE_TEAM / "calls").glob("*.md")):
            body = path.read_text(encoding="utf-8").split("---", 2)[-1]
            out.append(TeamNote("summit", path.stem, body))
    return out


def training_digest(folder: Path = DATASET_DIR) -> str:
    """What the shipped detector was trained from: the labelled items and the training teams' notes."""
    h = hashlib.sha256()
    for path in dataset_files(folder):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    for team in TRAIN_TEAMS:
        h.update((FIXTURES / team / "notes.jsonl").read_bytes())
    return h.hexdigest()[:16]
