"""The follow-up metric fails a blaming question, an uncited one and one not in the rep's words."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from assistant.evals.cases import Case
from assistant.evals.metrics import follow_up

CASE = Case.model_validate(
    {
        "id": "fu",
        "kind": "follow_up",
        "team": "t",
        "input": {"deal_id": "D1"},
        "expect": {"follow_up": [{"contains": "meet Ilse", "status": "done"}]},
    }
)


class World:
    ctx = SimpleNamespace(reviews=SimpleNamespace(reviews=lambda team, deal: [SimpleNamespace(review_id="rev_1")]))

    def deal_notes(self, team: str, deal: str) -> list[Any]:
        return [SimpleNamespace(note_id="N1")]


def _outcome(question: str, citations: list[str], status: str = "done") -> Any:
    item = {
        "text": "Dana: I'll meet Ilse Brandt on the 14th",
        "status": status,
        "question": {"text": question, "type": "commitment", "citations": citations},
    }
    return SimpleNamespace(turns=[], output={"follow_up": [item]}, error=None)


def test_a_good_follow_up_passes() -> None:
    result = follow_up.score(
        CASE, _outcome("What happened when you met Ilse Brandt on the 14th?", ["N1", "rev_1"]), World()
    )
    assert result.status == "pass" and result.values["status_accuracy"] == 1.0


def test_a_blaming_question_fails() -> None:
    result = follow_up.score(CASE, _outcome("Why didn't you meet Ilse Brandt on the 14th?", ["rev_1"]), World())
    assert result.status == "fail" and result.values["blaming"] == 1.0


def test_an_uncited_or_generic_question_fails() -> None:
    assert follow_up.score(CASE, _outcome("What happened when you met Ilse Brandt?", ["N9"]), World()).status == "fail"
    assert follow_up.score(CASE, _outcome("How is the deal going?", ["N1"]), World()).status == "fail"


def test_a_wrong_status_counts_against_it() -> None:
    result = follow_up.score(
        CASE, _outcome("Where do things stand with meeting Ilse Brandt?", ["rev_1"], "overdue"), World()
    )
    assert result.values["status_accuracy"] == 0.0 and result.status == "fail"
