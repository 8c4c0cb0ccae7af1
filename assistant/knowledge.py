"""The coaching knowledge base: principles (Markdown), skills with signals (YAML), question bank (YAML).

Files are validated strictly at load time (unknown fields refused) so a typo in knowledge/ fails
loudly with the file name instead of silently weakening the coaching.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, WithJsonSchema

from .errors import BackendError

SKILLS = ("prospecting", "qualification", "deal_strategy", "call_execution", "customer_value", "time_and_resources")
QUESTION_TYPES = ("clarify", "evidence", "assumption", "perspective", "implication", "commitment")
MEDDPICC = (
    "metrics",
    "economic_buyer",
    "decision_criteria",
    "decision_process",
    "paper_process",
    "identified_pain",
    "champion",
    "competition",
)
SLOTS = ("account", "stage", "close_date", "last_contact", "stakeholder", "champion", "economic_buyer", "competitor")


def _one_of(allowed: tuple[str, ...], what: str) -> Callable[[str], str]:
    """A validator limiting a str to `allowed`: checked at the edges, a plain str for the type checker inside."""

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {what} {value!r} (one of: {', '.join(allowed)})")
        return value

    return check


def _enum(allowed: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "string", "enum": list(allowed)}


SkillId = Annotated[str, AfterValidator(_one_of(SKILLS, "skill")), WithJsonSchema(_enum(SKILLS))]
QuestionType = Annotated[
    str, AfterValidator(_one_of(QUESTION_TYPES, "question type")), WithJsonSchema(_enum(QUESTION_TYPES))
]
Element = Annotated[str, AfterValidator(_one_of(MEDDPICC, "MEDDPICC element")), WithJsonSchema(_enum(MEDDPICC))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    author: str
    title: str


class Principle(_Strict):
    id: str
    title: str
    skills: list[SkillId]
    source: Source
    body: str = ""


class Signal(_Strict):
    id: str
    description: str
    examples: list[str] = Field(min_length=1)
    patterns: list[str] = Field(default_factory=list)
    element: Element | None = None
    weight: float = 1.0


class Skill(_Strict):
    id: SkillId
    title: str
    summary: str
    good_looks_like: list[str]
    gap_signals: list[Signal]
    strength_signals: list[Signal]
    takeover_traps: list[str]


class QuestionPattern(_Strict):
    id: str
    type: QuestionType
    text: str
    purpose: str
    listen_for: str
    signals: list[str] = Field(default_factory=list)
    element: Element | None = None
    skill: SkillId = "prospecting"  # filled from the file's `skill`

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(re.findall(r"\{(\w+)\}", self.text))


class _QuestionFile(_Strict):
    skill: SkillId
    questions: list[dict[str, Any]]


@dataclass(frozen=True)
class KnowledgeBase:
    principles: tuple[Principle, ...]
    skills: tuple[Skill, ...]
    questions: tuple[QuestionPattern, ...]
    digest: str

    def skill(self, skill_id: str) -> Skill:
        return next(s for s in self.skills if s.id == skill_id)

    def principle(self, principle_id: str) -> Principle:
        return next(p for p in self.principles if p.id == principle_id)


def _fail(path: Path, exc: Exception) -> BackendError:
    if isinstance(exc, ValidationError):
        e = exc.errors()[0]
        where = ".".join(str(p) for p in e["loc"])
        return BackendError(f"knowledge file {path}: field {where!r}: {e['msg']}")
    return BackendError(f"knowledge file {path}: {exc}")


def _front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n?(.*)$", text, re.S)
    if not match:
        raise BackendError(f"knowledge file {path}: missing YAML front matter")
    return yaml.safe_load(match.group(1)) or {}, match.group(2).strip()


def _load_principles(folder: Path) -> list[Principle]:
    out = []
    for path in sorted(folder.glob("*.md")):
        try:
            meta, body = _front_matter(path)
            out.append(Principle.model_validate({**meta, "body": body}))
        except (ValidationError, yaml.YAMLError) as exc:
            raise _fail(path, exc) from None
    return out


def _load_skills(folder: Path) -> list[Skill]:
    out = []
    for skill_id in SKILLS:
        path = folder / f"{skill_id}.yaml"
        try:
            out.append(Skill.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))))
        except (OSError, ValidationError, yaml.YAMLError) as exc:
            raise _fail(path, exc) from None
    return out


def _load_questions(folder: Path) -> list[QuestionPattern]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = _QuestionFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
            for item in data.questions:
                pattern = QuestionPattern.model_validate({**item, "skill": data.skill})
                unknown = set(pattern.slots) - set(SLOTS)
                if unknown:
                    raise ValueError(f"question {pattern.id}: unknown slot {sorted(unknown)[0]!r}")
                out.append(pattern)
        except (ValidationError, yaml.YAMLError, ValueError) as exc:
            raise _fail(path, exc) from None
    return out


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".md", ".yaml"):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


@lru_cache(maxsize=4)
def load_knowledge(root: Path) -> KnowledgeBase:
    """Load and validate knowledge/ (cached per process)."""
    if not root.is_dir():
        raise BackendError(f"knowledge folder not found: {root}")
    return KnowledgeBase(
        tuple(_load_principles(root / "principles")),
        tuple(_load_skills(root / "skills")),
        tuple(_load_questions(root / "questions")),
        _digest(root),
    )
