"""Eval cases as data: YAML files under evals/cases/, validated strictly (unknown keys refused)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import UserError
from ..knowledge import SkillId

Kind = Literal["prep", "rep_plan", "self", "multi_turn", "manager_chat", "retrieval", "follow_up"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GapLabel(_Strict):
    skill: SkillId
    signal: str


class CommitmentInput(_Strict):
    text: str
    due: date | None = None


class ReviewInput(_Strict):
    """A review recorded before the case's prep (follow_up cases): its day, focus and the rep's commitments."""

    held_on: date
    focus: list[SkillId] = Field(default_factory=list)
    commitments: list[CommitmentInput] = Field(default_factory=list)


class FollowUpLabel(_Strict):
    contains: str  # words of the commitment, to find its follow-up
    status: Literal["done", "no_evidence_yet", "overdue"]


class CaseInput(_Strict):
    deal_id: str | None = None
    reviews: list[ReviewInput] = Field(default_factory=list)
    rep: str | None = None
    message: str | None = None
    messages: list[str] = Field(default_factory=list)
    query: str | None = None


State = Literal["confirmed", "gap", "unknown"]
Met = Literal["met", "not_met", "only_through_contact", "unknown"]
Relation = Literal["economic_buyer", "champion", "coach", "user", "blocker", "unknown"]


class StakeholderLabel(_Strict):
    name: str | None = None
    title: str | None = None
    relation: Relation = "unknown"
    met: Met = "unknown"


class Expect(_Strict):
    focus: list[SkillId] = Field(default_factory=list)
    gaps: list[GapLabel] = Field(default_factory=list)
    meddpicc: dict[str, State] = Field(default_factory=dict)
    stakeholders: list[StakeholderLabel] = Field(default_factory=list)
    key_terms: list[str] = Field(default_factory=list)
    relevant_notes: list[str] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list)
    follow_up: list[FollowUpLabel] = Field(default_factory=list)
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


def labelled_cases(fixtures: Path) -> list[Case]:
    """A prep case per deal of every labelled fixture team (evals/fixtures/*/labels.yaml): the expert's focus,
    gaps, MEDDPICC states, stakeholders and key terms, scored by the same metrics as the written cases."""
    cases: list[Case] = []
    for path in sorted(fixtures.glob("*/labels.yaml")):
        team = path.parent.name
        try:
            labels = yaml.safe_load(path.read_text(encoding="utf-8"))
            for deal in labels["deals"]:
                expect = Expect(
                    focus=deal.get("focus") or [],
                    gaps=[GapLabel(skill=g["skill"], signal=g["signal"]) for g in deal.get("gaps") or []],
                    meddpicc=deal.get("meddpicc") or {},
                    stakeholders=[StakeholderLabel(**s) for s in deal.get("stakeholders") or []],
                    key_terms=[str(t) for t in deal.get("key_terms") or []],
                )
                cases.append(
                    Case(
                        id=f"labelled-{team}-{deal['deal_id']}",
                        kind="prep",
                        team=team,
                        description=f"{labels.get('company', team)}: {deal.get('account', '')}",
                        input=CaseInput(deal_id=deal["deal_id"]),
                        expect=expect,
                        tags=["labelled", team],
                    )
                )
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            raise UserError(f"{path}: cannot read labels: {exc}") from None
        except ValidationError as exc:
            err = exc.errors()[0]
            raise UserError(f"{path}: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}") from None
    return cases


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
