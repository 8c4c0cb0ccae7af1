"""The manager's team view: which open deals are at risk (and why), each rep's gaps per skill, the team's most
common gap, and the open deals nobody has prepared for lately.

A pure reading of what is already computed: the stored deal models (`understand.service.deal_model`) give the
risk flags with their evidence, the deal assessment (`coaching.assess`) gives each deal's skill gap scores and
focus, and the rep matching is `coaching.rep_plan`'s. Nothing here parses a note or scores a signal again.
The CLI (`coach team`), the API (`GET /v1/teams/{team}/overview`) and the widget's team page all read this.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from ..context import Context
from ..knowledge import SKILLS
from ..knowledge_index import sync_knowledge
from ..models import Review
from ..store.audit import AuditLog
from ..text import sentences
from ..understand.model import DealModel, Quote
from ..understand.service import deal_models, team_notes
from .assess import DealAssessment, assess
from .rep_plan import _focus_share, rep_deals

# How much each of the deal model's risk flags weighs in the at-risk ranking. A deal already past its close date,
# with no one who can sign, or gone silent after follow-ups is in trouble now; a long stay in one stage or a thin
# contact list is a warning. A flag the table does not know yet (a newer deal model) counts as a warning.
RISK_WEIGHTS = {
    "close_date_passed": 1.0,
    "ghosted": 1.0,
    "no_access_to_power": 1.0,
    "no_activity": 0.8,
    "close_date_slipped": 0.8,
    "too_few_contacts": 0.5,
    "pricing_not_discussed": 0.5,
    "stalled_in_stage": 0.4,
}
DEFAULT_RISK_WEIGHT = 0.5
# A deal's skill score is an unbounded weighted sum (assess.score_skills); 1 - exp(-score / GAP_SCALE) maps it to
# 0..1 without a team-relative max, so a team with small gaps shows pale cells. One confident heavy gap seen in
# two notes scores about 2, i.e. 0.63.
GAP_SCALE = 2.0
# A note's frame rather than its content: a markdown heading, or a meeting's header line ("**Attendees:** ...").
_FRAME = re.compile(r"\s*(#|\**(attendees|participants|present|date|duration|when|where)\**\s*:)", re.IGNORECASE)
PREP_KINDS = frozenset({"prep"})  # audit kinds whose request names the prepared deal
CHAT_KINDS = frozenset({"chat_manager", "chat_rep"})  # chat answers whose response is a prep pack of one deal


@dataclass(frozen=True)
class FlagEvidence:
    flag: str  # the deal model's risk flag id, e.g. "no_access_to_power"
    detail: str
    quote: str  # verbatim from the note (or the value that changed, for a slipped close date)
    note_id: str


@dataclass(frozen=True)
class AtRiskDeal:
    deal_id: str
    account: str | None
    rep: str | None
    stage: str | None
    amount: float | None
    close_date: date | None
    score: float  # the sum of RISK_WEIGHTS over the deal's flags: the ranking key
    flags: list[FlagEvidence]


@dataclass(frozen=True)
class RepSkills:
    rep: str
    scores: dict[str, float]  # skill -> gap score 0..1, the mean over the rep's open deals (0 with none open)
    open_deals: int
    stalled: tuple[str, ...] = ()  # the focus of the rep's last two reviews, not improved since (history)


@dataclass(frozen=True)
class NotReviewed:
    deal_id: str
    account: str | None
    rep: str | None
    stage: str | None
    last_prepared: date | None  # None: never prepared through the service
    days: int | None  # days since last_prepared


@dataclass(frozen=True)
class TeamOverview:
    team: str
    as_of: date | None
    at_risk: list[AtRiskDeal]
    reps: list[RepSkills]
    common_gap: str | None  # the skill the open deals' prep packs would coach most often
    not_reviewed: list[NotReviewed]
    stale_days: int = 14


def team_overview(
    ctx: Context, team: str, rep: str | None = None, stale_days: int = 14, today: date | None = None
) -> TeamOverview:
    """The team's overview; `rep=` keeps that rep's own row and deals only (a rep key in the API).

    "Not reviewed in `stale_days` days": an open deal whose last prep pack (the audit log's `prep` answers, or a
    chat answer that was a prep pack) is older than that, or that was never prepared through the service. Deal
    reviews recorded with `coach review` count as well: the latest of the two. The
    audit log is stamped in wall-clock time, so the days count from `today` (default: today, UTC), not from the
    notes' as-of date. A rep's private answers that were not shared do not count: a manager learns nothing of them.
    Closed deals are never at risk, never in a rep's scores and never due a review.
    """
    if stale_days < 1:
        raise ValueError("stale_days must be at least 1")
    models = deal_models(ctx, team)  # unknown team: the usual not-found error
    if rep is not None:
        name, _ = rep_deals(ctx, team, rep)  # unknown rep: the usual not-found error
        models = [m for m in models if _same(m.rep, name)]
    open_models = [m for m in models if not m.is_closed]
    kb = sync_knowledge(ctx)
    assessed = {m.deal_id: assess(kb, m) for m in open_models}
    reps = sorted({m.rep for m in models if m.rep}, key=str.lower)
    prepared = last_prepared(ctx, team)
    reviews = ctx.reviews.reviews(team)
    for r in reviews:  # a recorded review counts as much as a prep pack
        if r.deal_id not in prepared or r.held_on > prepared[r.deal_id]:
            prepared[r.deal_id] = r.held_on
    today = today or datetime.now(UTC).date()
    return TeamOverview(
        team=team,
        as_of=models[0].as_of if models else None,
        at_risk=at_risk(ctx, team, open_models),
        reps=[
            replace(
                rep_skills(r, [assessed[m.deal_id] for m in open_models if _same(m.rep, r)]),
                stalled=_stalled(ctx, team, r, [x for x in reviews if _same(x.rep, r)]),
            )
            for r in reps
        ],
        common_gap=common_gap(list(assessed.values())),
        not_reviewed=not_reviewed(open_models, prepared, today, stale_days),
        stale_days=stale_days,
    )


def at_risk(ctx: Context, team: str, models: list[DealModel]) -> list[AtRiskDeal]:
    """Open deals with at least one risk flag, the heaviest first (then the larger amount, then the deal id)."""
    _, by_deal = team_notes(ctx, team)
    texts = {n.note_id: n.text for notes in by_deal.values() for n in notes}
    out = []
    for m in models:
        if m.is_closed or not m.risks:
            continue
        flags = [
            FlagEvidence(r.id, r.detail, _quote(q, texts.get(q.note_id, "")), q.note_id)
            for r in m.risks
            for q in (r.evidence or [_no_quote(m)])
        ]
        score = round(sum(RISK_WEIGHTS.get(r.id, DEFAULT_RISK_WEIGHT) for r in m.risks), 4)
        out.append(AtRiskDeal(m.deal_id, m.account, m.rep, m.stage, m.amount, m.close_date, score, flags))
    return sorted(out, key=lambda d: (-d.score, -(d.amount or 0.0), d.deal_id))


def _stalled(ctx: Context, team: str, rep: str, reviews: list[Review]) -> tuple[str, ...]:
    """Skills the rep's last two reviews focused on that have not moved since (two reviews are needed)."""
    if len(reviews) < 2 or not set(reviews[-1].focus) & set(reviews[-2].focus):
        return ()
    from .history import rep_history

    return tuple(rep_history(ctx, team, rep, reviews).stalled)


def rep_skills(rep: str, assessments: list[DealAssessment]) -> RepSkills:
    """Per skill, the mean over the rep's open deals of the deal's gap score (assess), mapped to 0..1."""
    n = len(assessments)
    scores = {
        skill: round(sum(gap_score(a.skills[skill].score) for a in assessments) / n, 4) if n else 0.0
        for skill in SKILLS
    }
    return RepSkills(rep, scores, n)


def gap_score(score: float) -> float:
    return 1.0 - math.exp(-max(0.0, score) / GAP_SCALE)


def common_gap(assessments: list[DealAssessment]) -> str | None:
    """The skill the deals' own focus picks most often (first focus 1, second 0.5; rep_plan's share), counting
    only a focus backed by a gap; ties go to the higher mean gap score. None when no open deal shows a gap."""
    with_gaps = [a for a in assessments if any(a.skills[s].gaps for s in a.focus)]
    if not with_gaps:
        return None
    share = _focus_share(with_gaps)
    mean = {s: sum(gap_score(a.skills[s].score) for a in with_gaps) / len(with_gaps) for s in SKILLS}
    return max(share, key=lambda s: (share[s], mean[s], -SKILLS.index(s)))


def last_prepared(ctx: Context, team: str) -> dict[str, date]:
    """Deal id -> the date of its latest prep pack in the audit log (none: the deal was never prepared)."""
    audit = AuditLog(ctx.settings.audit_path, create=False)  # no audit log yet reads as empty, creates nothing
    out: dict[str, date] = {}
    for answer in audit.answers(team):
        deal_id = _prepared_deal(answer)
        if deal_id is None or (answer["private"] and not answer["shared"]):
            continue
        day = datetime.fromisoformat(answer["created"]).date()
        if deal_id not in out or day > out[deal_id]:
            out[deal_id] = day
    return out


def not_reviewed(models: list[DealModel], prepared: dict[str, date], today: date, stale_days: int) -> list[NotReviewed]:
    """Open deals not prepared in the last `stale_days` days: never prepared first, then the longest ago."""
    out = []
    for m in models:
        if m.is_closed:
            continue
        last = prepared.get(m.deal_id)
        days = (today - last).days if last is not None else None
        if days is None or days >= stale_days:
            out.append(NotReviewed(m.deal_id, m.account, m.rep, m.stage, last, days))
    return sorted(out, key=lambda d: (d.days is not None, -(d.days or 0), d.deal_id))


def _prepared_deal(answer: dict[str, Any]) -> str | None:
    request, response = answer["request"], answer["response"]
    if answer["kind"] in PREP_KINDS and isinstance(request, dict):
        deal_id = request.get("deal_id")
    elif answer["kind"] in CHAT_KINDS and isinstance(response, dict) and response.get("kind") == "prep":
        deal_id = response.get("deal_id")
    else:
        return None
    return deal_id if isinstance(deal_id, str) else None


def _quote(q: Quote, text: str) -> str:
    """The flag's quote; when it is empty or only the note's frame (its markdown heading "# Check-in - Acme", an
    "**Attendees:**" line), the note's first sentence of prose instead, verbatim too, so a flag shows what was said."""
    if q.quote and not _FRAME.match(q.quote):
        return q.quote
    prose = [s.text for s in sentences(q.note_id, text) if not _FRAME.match(s.text)]
    return prose[0][:200] if prose else q.quote


def _no_quote(m: DealModel) -> Quote:
    return Quote(m.latest_note_id, "")


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.strip().lower() == b.strip().lower()
