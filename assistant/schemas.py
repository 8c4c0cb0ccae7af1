"""Pydantic models at the edges: what the CLI prints with --json, what the API returns, what engines produce.

Both engines (default and LLM) must produce exactly these shapes; extra fields are refused.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .knowledge import QuestionType, SkillId


class _Edge(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Edge):
    note_id: str
    quote: str


class FocusArea(_Edge):
    skill: SkillId
    why: str
    evidence: list[Evidence]


class Question(_Edge):
    text: str
    type: QuestionType
    skill: SkillId
    purpose: str
    listen_for: str
    citations: list[str] = Field(min_length=1)


class PrincipleRef(_Edge):
    id: str
    title: str


class SkillStatus(_Edge):
    skill: SkillId
    score: float
    gaps: list[str]
    strengths: list[str]


class Usage(_Edge):
    """What an LLM engine spent on one answer (prompt and completion tokens over all its calls)."""

    model: str
    prompt_tokens: int
    completion_tokens: int
    calls: int = 1
    context_notes: int = 0
    prompt_budget: int = 0
    redacted: bool = False
    contact_details_sent: int = 0  # e-mails, phones, addresses left in what was sent (0 when redaction is on)
    problems_first: int = 0  # guard and grounding problems in the model's first answer
    problems_final: int = 0  # problems left after the repair round (failing items are dropped)
    llm_ms: float = 0.0  # time waiting for the model
    guard_ms: float = 0.0  # time spent checking its answers


class PrepDraft(_Edge):
    """What an LLM is asked to produce for a prep pack: the same parts as the default engine's."""

    focus_areas: list[FocusArea] = Field(min_length=1, max_length=2)
    questions: list[Question] = Field(min_length=5, max_length=10)
    avoid: list[str] = Field(default_factory=list)


class QuestionsDraft(_Edge):
    """What an LLM is asked to produce for a rep plan: questions for the next one-to-one."""

    questions: list[Question] = Field(min_length=3, max_length=8)


class SelfDraft(_Edge):
    """What an LLM is asked to produce for a self-coaching reply."""

    reply: str
    questions: list[Question] = Field(min_length=2, max_length=5)


class FollowUp(_Edge):
    """An open commitment of the rep's, its status from the notes written since, and one question about it."""

    commitment_id: str
    text: str  # the rep's own words
    source: Literal["review", "self", "note"]
    made_on: str
    due: str | None = None
    status: Literal["done", "no_evidence_yet", "overdue"]
    evidence: list[Evidence] = Field(default_factory=list)  # the note that shows it done
    question: Question


class SkillProgress(_Edge):
    """A skill the last review focused on: its gap score then and now, and what shows the change."""

    skill: SkillId
    review_id: str
    reviewed_on: str
    score_then: float
    score_now: float
    status: Literal["improved", "not_improved", "worse"]
    evidence: list[Evidence] = Field(default_factory=list)


class PrepPack(_Edge):
    deal_id: str
    team: str
    rep: str | None
    account: str | None
    stage: str | None = None
    engine: str
    focus_areas: list[FocusArea] = Field(min_length=1, max_length=2)
    questions: list[Question] = Field(min_length=5, max_length=10)
    avoid: list[str]
    principles: list[PrincipleRef]
    meddpicc: dict[str, str] = Field(default_factory=dict)
    skills: list[SkillStatus] = Field(default_factory=list)
    as_of: str | None = None
    follow_up: list[FollowUp] = Field(default_factory=list)
    progress: list[SkillProgress] = Field(default_factory=list)
    usage: Usage | None = None


class RepEvidence(_Edge):
    deal_id: str
    note_id: str
    quote: str


class RepFocusArea(_Edge):
    skill: SkillId
    why: str
    evidence: list[RepEvidence]


class Strength(_Edge):
    skill: SkillId
    why: str
    evidence: list[RepEvidence] = Field(default_factory=list)


class RepQuestion(_Edge):
    text: str
    type: QuestionType
    skill: SkillId
    deal_id: str | None = None
    citations: list[str] = Field(default_factory=list)


class RepPlan(_Edge):
    rep: str
    team: str
    engine: str
    deals: list[str]
    focus_areas: list[RepFocusArea] = Field(min_length=1, max_length=2)
    strengths: list[Strength]
    questions: list[RepQuestion] = Field(min_length=3, max_length=10)
    principles: list[PrincipleRef] = Field(default_factory=list)
    usage: Usage | None = None


class ReviewRef(_Edge):
    review_id: str
    deal_id: str
    held_on: str
    focus: list[SkillId]


class SkillPoint(_Edge):
    on: str
    score: float  # the rep's mean gap score for the skill over their deals with notes by then (0: no gap)
    review_id: str | None = None  # None for now


class SkillHistory(_Edge):
    skill: SkillId
    points: list[SkillPoint]
    trend: Literal["improved", "not_improved", "worse"]  # first review against now


class HistoryItem(_Edge):
    skill: SkillId
    what: str
    evidence: list[RepEvidence] = Field(default_factory=list)


class RepHistory(_Edge):
    """A rep's progress across reviews: per skill the gap score at each review and now; keep, start, stop."""

    rep: str
    team: str
    reviews: list[ReviewRef]
    skills: list[SkillHistory]
    keep: HistoryItem | None = None
    start: HistoryItem | None = None
    stop: HistoryItem | None = None
    stalled: list[SkillId] = Field(default_factory=list)  # focus of the last two reviews, and not moved since


class SelfQuestion(_Edge):
    text: str
    type: QuestionType
    skill: SkillId
    citations: list[str] = Field(default_factory=list)


class SelfReply(_Edge):
    team: str
    rep: str
    deal_id: str | None
    engine: str
    intent: str
    reply: str
    questions: list[SelfQuestion] = Field(min_length=2, max_length=5)
    principles: list[PrincipleRef]
    commitment_offer: str | None = None  # the rep's closing "I'll ...": theirs to save as a commitment, or not
    saved_commitment: str | None = None  # its id when the rep saved it (private to the rep unless shared)
    usage: Usage | None = None
