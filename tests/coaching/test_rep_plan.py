"""Rep development plans: recurring patterns across deals, evidence from several deals, open questions."""

from __future__ import annotations

import pytest

from assistant.coaching.rep_plan import rep_plan
from assistant.context import Context
from assistant.errors import NotFoundError
from assistant.guard import check_question

EXPECTED = {
    "Marcus Delgado": "qualification",
    "Jenna Okafor": "customer_value",
    "Devin Castellano": "time_and_resources",
    "Aisha Brandt": "prospecting",
    "Rhys Tanaka": "deal_strategy",
}


@pytest.mark.parametrize("rep", sorted(EXPECTED))
def test_plan_finds_the_recurring_pattern(summit: Context, rep: str) -> None:
    plan = rep_plan(summit, "summit", rep.lower())
    assert plan.rep == rep
    skills = [a.skill for a in plan.focus_areas]
    assert 1 <= len(skills) <= 2
    if EXPECTED[rep] == "customer_value":  # Jenna's talk-heavy demos and unquantified pain go together
        assert set(skills) & {"customer_value", "call_execution"}
    else:
        assert EXPECTED[rep] in skills
    first = plan.focus_areas[0]
    assert len({e.deal_id for e in first.evidence}) >= 2
    assert " of " in first.why and "deals" in first.why
    assert all(set(plan.deals) >= {e.deal_id for e in a.evidence} for a in plan.focus_areas)
    assert len(plan.questions) >= 3
    for q in plan.questions:
        assert check_question(q.text) == [] and q.deal_id in plan.deals


def test_unknown_rep(summit: Context) -> None:
    with pytest.raises(NotFoundError, match="unknown rep"):
        rep_plan(summit, "summit", "Nobody Here")
