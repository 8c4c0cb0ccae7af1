"""The labelled chat utterances the intent classifier learns from: evals/datasets/chat/w<N>.jsonl, one file per
independent writer (format in SCHEMA.md there), about the team in TEAM.md (the sample team `summit`).

Lines are validated strictly: a typo in an intent or an entity field is an error naming file, line and field.
The writer is kept so that evaluation can leave one writer out.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import UserError
from ..knowledge import SKILLS
from ..settings import PROJECT_ROOT
from .gazetteer import DealRef, Gazetteer, PersonRef
from .intents import INTENTS, TOPICS

CHAT_DIR = PROJECT_ROOT / "evals" / "datasets" / "chat"


class _Entities(BaseModel):
    model_config = ConfigDict(extra="forbid")
    deal: str | None
    rep: str | None
    person: str | None
    skill: str | None
    topic: str | None
    competitor: str | None


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    speaker: Literal["manager", "rep"]
    as_rep: str | None
    history: list[str]
    text: str
    intent: str
    entities: _Entities


@dataclass(frozen=True)
class Utterance:
    id: str
    writer: str
    speaker: str
    as_rep: str | None
    history: tuple[str, ...]
    text: str
    intent: str
    deal: str | None
    rep: str | None
    person: str | None
    skill: str | None
    topic: str | None
    competitor: str | None


def chat_files(folder: Path = CHAT_DIR) -> list[Path]:
    return sorted(folder.glob("w*.jsonl"))


def chat_digest(folder: Path = CHAT_DIR) -> str:
    h = hashlib.sha256()
    for path in chat_files(folder):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def load_utterances(folder: Path = CHAT_DIR) -> list[Utterance]:
    files = chat_files(folder)
    if not files:
        raise UserError(f"no labelled chat files (w*.jsonl) under {folder}")
    out: list[Utterance] = []
    for path in files:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            try:
                line = _Line.model_validate(json.loads(raw))
            except (ValueError, ValidationError) as exc:
                raise UserError(f"{path}:{number}: {str(exc).splitlines()[0]}: {exc}") from None
            e = line.entities
            for field, value, allowed in (
                ("intent", line.intent, INTENTS),
                ("entities.skill", e.skill, SKILLS),
                ("entities.topic", e.topic, TOPICS),
            ):
                if value is not None and value not in allowed:
                    raise UserError(f"{path}:{number}: {field}: unknown value {value!r} (one of {', '.join(allowed)})")
            out.append(
                Utterance(
                    line.id, path.stem, line.speaker, line.as_rep, tuple(line.history), line.text, line.intent,
                    e.deal, e.rep, e.person, e.skill, e.topic, e.competitor,
                )
            )  # fmt: skip
    return out


def team_table(path: Path = CHAT_DIR / "TEAM.md") -> Gazetteer:
    """The writers' team sheet as a gazetteer: training masks names without ingesting the sample team."""
    deals: dict[str, DealRef] = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) != 8 or not re.fullmatch(r"[A-Z]+-\d+", cells[0]):
            continue
        deal_id, account, rep, stage, _, _, people, competitors = cells
        persons = tuple(
            PersonRef(m.group(1).strip(), m.group(2), deal_id)
            for m in re.finditer(r"([^,(]+)\(([^)]*)\)", people)
            if not m.group(1).strip().lower().startswith("the ") and m.group(1).strip() != account
        )
        rivals = tuple(c.strip() for c in competitors.split(",") if c.strip() not in ("", "-"))
        deals[deal_id] = DealRef(deal_id, account, rep, stage, stage.startswith("closed"), persons, rivals)
    reps = tuple(sorted({d.rep for d in deals.values() if d.rep}))
    return Gazetteer("summit", deals, reps, tuple(sorted({c for d in deals.values() for c in d.competitors})))
