"""Eval cases as data: YAML files under evals/cases/, validated strictly (unknown keys refused)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import UserError
from ..knowledge import SkillId

Kind = Literal["prep", "rep_plan", "self", "multi_turn", "manager_chat", "retrieval"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GapLabel(_Strict):
    skill: SkillId
    signal: str


class CaseInput(_Strict):
    deal_id: str | None = None
    rep: str | None = None
    message: str | None = None
    messages: list[str] = Field(default_factory=list)
    query: str | None = None


class Expect(_Strict):
    focus: list[SkillId] = Field(default_factory=list)
    gaps: list[GapLabel] = Field(default_factory=list)
    relevant_notes: list[str] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list)
    error: Literal["not_found"] | None = None


class Case(_Strict):
    id: str
    kind: Kind
    team: str
    description: str = ""
    input: CaseInput = Field(default_factory=CaseInput)
    expect: Expect = Field(default_factory=Expect)
    tags: list[str] = Field(default_factory=list)


class _CaseFile(_Strict):
    cases: list[Case]


def load_cases(path: Path) -> list[Case]:
    """Cases from one YAML file or every *.yaml under a folder; ids must be unique."""
    files = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise UserError(f"no case files (*.yaml) under {path}")
    cases: list[Case] = []
    for file in files:
        try:
            cases += _CaseFile.model_validate(yaml.safe_load(file.read_text(encoding="utf-8"))).cases
        except (OSError, yaml.YAMLError) as exc:
            raise UserError(f"{file}: cannot read cases: {exc}") from None
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            raise UserError(f"{file}: {where}: {err['msg']}") from None
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise UserError(f"duplicate case id {case.id!r}")
        seen.add(case.id)
    return cases
