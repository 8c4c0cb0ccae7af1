"""Socratic types of open questions (GROW arc of the coaching guide)."""

from __future__ import annotations

import pytest

from assistant.guard.socratic import QUESTION_TYPES, classify_type


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("Where does the deal stand in Omar's words?", "clarify"),
        ("What happened between the demo and Dev going quiet?", "clarify"),
        ("Given the budget freeze, how are you thinking about the Halden timeline?", "clarify"),
        ("What tells you Vantage has a budget this year?", "evidence"),
        ("How do you know Reyna is on board with the pilot?", "evidence"),
        ("How would you know if Felix had lost interest?", "evidence"),
        ("What has Omar told you about how Vantage justifies investments like this?", "evidence"),
        ("What are we assuming about Reyna's priorities?", "assumption"),
        ("What would have to be true for Halden to sign this quarter?", "assumption"),
        ("If your read on Omar turned out to be wrong, where would it most likely be wrong?", "assumption"),
        ("How would Omar describe the difference between us and Trackwise?", "perspective"),
        ("If you were in Maren's seat, what would worry you about our security answers?", "perspective"),
        ("What would make a meeting with Reyna worth her time?", "perspective"),
        ("Why might Dev be hesitant to introduce you to Maren?", "perspective"),
        ("What would change for Vantage if this slipped to next quarter?", "implication"),
        ("What happens to the Halden deal if Priya leaves in June?", "implication"),
        ("What options do you see for getting in front of Gunnar?", "implication"),
        ("What will you have done before our next review?", "commitment"),
        ("How will you find out whether the budget is real before Friday?", "commitment"),
        ("What support do you need from me to get to Reyna?", "commitment"),
        ("What will you have confirmed with Reyna by our next review?", "commitment"),
    ],
)
def test_classify_type(question: str, qtype: str) -> None:
    assert classify_type(question) == qtype


def test_fallback_is_clarify_and_types_are_known() -> None:
    assert classify_type("What is going on at Northgate?") == "clarify"
    assert classify_type("") == "clarify"
    assert QUESTION_TYPES == ("clarify", "evidence", "assumption", "perspective", "implication", "commitment")
