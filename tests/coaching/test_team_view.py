"""The team view on the sample team: at-risk ranking from the deal models' flags, rep restriction, closed deals
left out, and "not prepared in N days" from the audit log."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from assistant.coaching.assess import assess_deal
from assistant.coaching.team_view import RISK_WEIGHTS, team_overview
from assistant.context import Context
from assistant.errors import NotFoundError
from assistant.knowledge import SKILLS
from assistant.store.audit import AuditLog
from assistant.understand.service import deal_models


def test_at_risk_is_ranked_by_the_deal_models_flags(summit: Context) -> None:
    overview = team_overview(summit, "summit")
    models = {m.deal_id: m for m in deal_models(summit, "summit")}
    ranked = [d.deal_id for d in overview.at_risk]
    flagged_open = {d for d, m in models.items() if m.risks and not m.is_closed}
    assert set(ranked) == flagged_open
    scores = [d.score for d in overview.at_risk]
    assert scores == sorted(scores, reverse=True)
    for d in overview.at_risk:
        m = models[d.deal_id]
        assert d.score == pytest.approx(sum(RISK_WEIGHTS[r.id] for r in m.risks))
        assert {f.flag for f in d.flags} == {r.id for r in m.risks}
        assert all(f.note_id in m.note_ids and f.quote for f in d.flags)
    # the copperline deal: silent, ghosted, slipped twice, no economic buyer, stalled
    assert ranked[0] == "D-212"
    assert "D-203" not in ranked  # open, no risk flag
    assert overview.as_of is not None and overview.common_gap in SKILLS


def test_closed_deals_are_never_at_risk_nor_counted(summit: Context) -> None:
    overview = team_overview(summit, "summit")
    closed = {m.deal_id for m in deal_models(summit, "summit") if m.is_closed}
    assert {"D-214", "D-219", "D-222", "D-224", "D-227"} <= closed
    assert not closed & {d.deal_id for d in overview.at_risk}
    assert not closed & {d.deal_id for d in overview.not_reviewed}
    marcus = next(r for r in overview.reps if r.rep == "Marcus Delgado")
    assert marcus.open_deals == 3  # D-201, D-204, D-209; not the closed D-214 and D-219
    for skill in SKILLS:
        mean = (
            sum(
                1 - math.exp(-assess_deal(summit, "summit", d).skills[skill].score / 2.0)
                for d in ("D-201", "D-204", "D-209")
            )
            / 3
        )
        assert marcus.scores[skill] == pytest.approx(mean, abs=1e-3)
        assert 0.0 <= marcus.scores[skill] <= 1.0


def test_rep_sees_only_their_own_row_and_deals(summit: Context) -> None:
    overview = team_overview(summit, "summit", rep="marcus delgado")
    assert [r.rep for r in overview.reps] == ["Marcus Delgado"]
    assert [d.deal_id for d in overview.at_risk] == ["D-209", "D-201", "D-204"]  # equal flags: larger amount first
    assert {d.deal_id for d in overview.not_reviewed} == {"D-201", "D-204", "D-209"}
    everyone = team_overview(summit, "summit")
    assert len(everyone.reps) == 6 and len(everyone.at_risk) > len(overview.at_risk)


def test_unknown_team_and_rep_are_not_found(summit: Context) -> None:
    with pytest.raises(NotFoundError, match="unknown team 'nope'"):
        team_overview(summit, "nope")
    with pytest.raises(NotFoundError, match="unknown rep"):
        team_overview(summit, "summit", rep="Nobody Here")
    with pytest.raises(ValueError):
        team_overview(summit, "summit", stale_days=0)


def test_not_reviewed_reads_the_last_prep_from_the_audit_log(summit_copy: Context) -> None:
    audit = AuditLog(summit_copy.settings.audit_path)
    audit.record("k1", "summit", "manager", None, "prep", {"deal_id": "D-201", "engine": "default"}, {}, False)
    chat = {"text": "...", "kind": "prep", "deal_id": "D-204", "payload": {}}
    audit.record("k2", "summit", "manager", None, "chat_manager", {"messages": ["D-204"]}, chat, False)
    # a rep's private, unshared answer says nothing to the manager's view
    audit.record("k3", "summit", "rep", "Marcus Delgado", "chat_rep", {}, {**chat, "deal_id": "D-209"}, True)
    audit.record("k1", "other", "manager", None, "prep", {"deal_id": "D-209", "engine": "default"}, {}, False)
    today = datetime.now(UTC).date()

    fresh = team_overview(summit_copy, "summit", today=today)
    due = [d.deal_id for d in fresh.not_reviewed]
    assert "D-201" not in due and "D-204" not in due and "D-209" in due

    later = team_overview(summit_copy, "summit", stale_days=14, today=today + timedelta(days=20))
    rows = {d.deal_id: d for d in later.not_reviewed}
    assert rows["D-201"].days == 20 and rows["D-201"].last_prepared == today
    assert rows["D-209"].last_prepared is None
    never = [d for d in later.not_reviewed if d.last_prepared is None]
    assert later.not_reviewed[: len(never)] == never  # never prepared first

    within = team_overview(summit_copy, "summit", stale_days=30, today=today + timedelta(days=20))
    assert "D-201" not in {d.deal_id for d in within.not_reviewed}
