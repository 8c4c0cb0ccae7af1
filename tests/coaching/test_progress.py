"""The last review's focus is followed: a skill that did not move stays in view, one that improved is said so."""

from __future__ import annotations

from datetime import date

from assistant.coaching.assess import DealAssessment, SkillAssessment
from assistant.coaching.progress import keep_in_view, trend
from assistant.knowledge import SKILLS
from assistant.schemas import SkillProgress
from assistant.understand.model import DealModel, SignalHit


def _assessment(focus: list[str], gaps_in: str) -> DealAssessment:
    model = DealModel(
        "t", "D1", "Acme", "Ann", "proposal", None, None, None, date(2026, 11, 1), None, None, "N1", ["N1"]
    )
    skills = {s: SkillAssessment(s) for s in SKILLS}
    skills[gaps_in].gaps.append(SignalHit(gaps_in, "single_threaded", "gap", "N1", "only Dana", "rule", 0.9))
    return DealAssessment(model, skills, {}, list(focus))


def _progress(skill: str, status: str) -> SkillProgress:
    return SkillProgress(
        skill=skill, review_id="rev_1", reviewed_on="2026-10-01", score_then=2.0, score_now=2.0, status=status
    )  # type: ignore[arg-type]


def test_a_reviewed_skill_that_has_not_moved_stays_a_focus_area() -> None:
    a = _assessment(["qualification"], "deal_strategy")
    keep_in_view(a, [_progress("deal_strategy", "not_improved")])
    assert a.focus == ["qualification", "deal_strategy"]


def test_an_improved_skill_or_one_without_a_gap_is_not_forced_back() -> None:
    a = _assessment(["qualification"], "deal_strategy")
    keep_in_view(a, [_progress("deal_strategy", "improved"), _progress("call_execution", "not_improved")])
    assert a.focus == ["qualification"]


def test_never_more_than_two_focus_areas() -> None:
    a = _assessment(["qualification", "customer_value"], "deal_strategy")
    keep_in_view(a, [_progress("deal_strategy", "worse")])
    assert a.focus == ["qualification", "deal_strategy"]


def test_trend_reads_a_fall_of_a_fifth_as_improved() -> None:
    assert trend(3.0, 2.3) == "improved" and trend(1.0, 0.0) == "improved"
    assert trend(3.0, 2.9) == "not_improved" and trend(0.0, 0.0) == "not_improved"
    assert trend(1.0, 1.4) == "worse" and trend(0.0, 0.2) == "not_improved"
