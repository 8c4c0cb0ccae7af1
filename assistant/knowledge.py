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

# libyaml's parser when PyYAML was built with it (the wheels are): the same documents, several times faster,
# which is most of a cold `coach prep`.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # a safe loader, C or Python


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
SLOTS = (
    "account", "stage", "close_date", "last_contact", "stakeholder", "champion", "economic_buyer", "competitor",
    "claim",
)  # fmt: skip


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
    resolves: list[str] = Field(default_factory=list)  # a strength's gap counterparts, resolved by later evidence
    informs: list[Element] = Field(default_factory=list)  # MEDDPICC elements this signal shows to be known


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
        return slot_names(self.text)


@lru_cache(maxsize=8192)
def slot_names(text: str) -> tuple[str, ...]:
    """The `{slot}` names of a pattern text; parsed once per text (ranking reads them for every candidate)."""
    return tuple(_SLOT.findall(text))


_SLOT = re.compile(r"\{(\w+)\}")


class Title(_Strict):
    """A job title with its aliases as written in notes; `power` marks usual budget authority; `collective` a body
    of people (a board, a committee) that no single name holds."""

    title: str
    aliases: list[str] = Field(default_factory=list)
    function: str
    power: bool = False
    collective: bool = False


class _TitleFile(_Strict):
    titles: list[Title] = Field(min_length=1)


class _StageFile(_Strict):
    stages: dict[str, list[str]]


class _QuestionFile(_Strict):
    skill: SkillId
    questions: list[dict[str, Any]]


@dataclass(frozen=True)
class KnowledgeBase:
    principles: tuple[Principle, ...]
    skills: tuple[Skill, ...]
    questions: tuple[QuestionPattern, ...]
    digest: str
    titles: tuple[Title, ...] = ()
    stages: tuple[tuple[str, tuple[str, ...]], ...] = ()  # normalised stage -> CRM labels

    def signal(self, signal_id: str) -> tuple[str, str, Signal]:
        """(skill, "gap" | "strength", signal) for a signal id; ids are unique across skills."""
        for skill in self.skills:
            for polarity, signals in (("gap", skill.gap_signals), ("strength", skill.strength_signals)):
                for s in signals:
                    if s.id == signal_id:
                        return skill.id, polarity, s
        raise KeyError(signal_id)

    def all_signals(self) -> list[tuple[str, str, Signal]]:
        return [
            (skill.id, polarity, s)
            for skill in self.skills
            for polarity, signals in (("gap", skill.gap_signals), ("strength", skill.strength_signals))
            for s in signals
        ]

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
    return _yaml(match.group(1)) or {}, match.group(2).strip()


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
            out.append(Skill.model_validate(_yaml(path.read_text(encoding="utf-8"))))
        except (OSError, ValidationError, yaml.YAMLError) as exc:
            raise _fail(path, exc) from None
    return out


def _load_questions(folder: Path) -> list[QuestionPattern]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = _QuestionFile.model_validate(_yaml(path.read_text(encoding="utf-8")))
            for item in data.questions:
                pattern = QuestionPattern.model_validate({**item, "skill": data.skill})
                unknown = set(pattern.slots) - set(SLOTS)
                if unknown:
                    raise ValueError(f"question {pattern.id}: unknown slot {sorted(unknown)[0]!r}")
                out.append(pattern)
        except (ValidationError, yaml.YAMLError, ValueError) as exc:
            raise _fail(path, exc) from None
    return out


def _load_table(path: Path, model: type[_Strict]) -> Any:
    try:
        return model.model_validate(_yaml(path.read_text(encoding="utf-8")))
    except (OSError, ValidationError, yaml.YAMLError) as exc:
        raise _fail(path, exc) from None


# Stages and signals the Python code names: a knowledge/ without them is refused at load, not at the first prep.
STAGES = (
    "prospecting",
    "discovery",
    "qualification",
    "evaluation",
    "proposal",
    "negotiation",
    "closed_won",
    "closed_lost",
)
REQUIRED_SIGNALS = (
    "eb_not_met",
    "eb_engaged",
    "champion_weak",
    "no_next_step",
    "close_date_slipping",
    "single_threaded",
    "rep_dominates_talk",
    "customer_talked_most",
    "competition_unknown",
)


def _validate(kb: KnowledgeBase, root: Path) -> None:
    """Cross-file checks: patterns compile, ids are unique, every signal a question names exists."""
    ids: set[str] = set()
    for skill, _, signal in kb.all_signals():
        if signal.id in ids:
            raise BackendError(f"knowledge file {root / 'skills' / (skill + '.yaml')}: duplicate signal {signal.id!r}")
        ids.add(signal.id)
        for pattern in signal.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise BackendError(
                    f"knowledge file {root / 'skills' / (skill + '.yaml')}: signal {signal.id}: bad pattern: {exc}"
                ) from None
    for q in kb.questions:
        unknown = [s for s in q.signals if s not in ids]
        if unknown:
            raise BackendError(
                f"knowledge file {root / 'questions' / (q.skill + '.yaml')}: "
                f"question {q.id}: unknown signal {unknown[0]!r}"
            )
    for skill, _, signal in kb.all_signals():
        bad = [g for g in signal.resolves if g not in ids]
        if bad:
            raise BackendError(
                f"knowledge file {root / 'skills' / (skill + '.yaml')}: signal {signal.id}: resolves unknown {bad[0]!r}"
            )
    missing = [s for s in REQUIRED_SIGNALS if s not in ids]
    if missing:
        raise BackendError(f"knowledge folder {root}: signal {missing[0]!r} is required by the engine")
    stages = dict(kb.stages)
    bad = [s for s in stages if s not in STAGES] or [s for s in STAGES if s not in stages]
    if bad:
        raise BackendError(f"knowledge file {root / 'deal' / 'stages.yaml'}: stage {bad[0]!r} (need exactly {STAGES})")


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
    titles = _load_table(root / "deal" / "roles.yaml", _TitleFile).titles
    stages = _load_table(root / "deal" / "stages.yaml", _StageFile).stages
    kb = KnowledgeBase(
        tuple(_load_principles(root / "principles")),
        tuple(_load_skills(root / "skills")),
        tuple(_load_questions(root / "questions")),
        _digest(root),
        tuple(titles),
        tuple((k, tuple(v)) for k, v in stages.items()),
    )
    _validate(kb, root)
    return kb
