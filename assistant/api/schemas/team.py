"""The team overview on the wire (`GET /v1/teams/{team}/overview`, and `coach team --json`: the same shape)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ...coaching.team_view import TeamOverview
from ...knowledge import SKILLS


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RiskEvidenceOut(_Out):
    flag: str = Field(description="The deal model's risk flag id, e.g. no_access_to_power.")
    detail: str
    quote: str = Field(description="Verbatim from the note (for a slipped close date: the new date).")
    note_id: str


class AtRiskDealOut(_Out):
    deal_id: str
    account: str | None
    rep: str | None
    stage: str | None
    amount: float | None
    close_date: date | None
    score: float = Field(description="The sum of the flags' weights: the ranking key, heaviest first.")
    flags: list[RiskEvidenceOut]


class RepSkillsOut(_Out):
    rep: str
    scores: dict[str, float] = Field(description="Skill -> gap score 0..1, the mean over the rep's open deals.")
    open_deals: int
    stalled: list[str] = Field(
        default_factory=list, description="The focus of the rep's last two reviews, not improved since."
    )


class NotReviewedOut(_Out):
    deal_id: str
    account: str | None
    rep: str | None
    stage: str | None
    last_prepared: date | None = Field(description="The latest prep pack of the deal; null: never prepared.")
    days: int | None


class TeamOverviewOut(_Out):
    team: str
    as_of: date | None
    stale_days: int = Field(description="A deal not prepared in this many days is listed in not_reviewed.")
    skills: list[str] = Field(description="The skills, in the order of the reps x skills table.")
    at_risk: list[AtRiskDealOut]
    reps: list[RepSkillsOut]
    common_gap: str | None = Field(description="The skill the open deals' prep packs would coach most often.")
    not_reviewed: list[NotReviewedOut]

    @classmethod
    def of(cls, overview: TeamOverview) -> TeamOverviewOut:
        return cls.model_validate({**asdict(overview), "skills": list(SKILLS)})
