"""The shipped focus ranking is the one `make train` fits from the dev teams' labels, byte for byte, and it ranks
a deal's skills by what the notes show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.coaching.focus_model import FOCUS_JSON, load_focus
from assistant.coaching.train_focus import EXTRA, data_digest, train
from assistant.resources import DEV_TEAMS


def test_focus_model_is_fresh_and_fitted_on_the_dev_teams_only() -> None:
    meta = json.loads(FOCUS_JSON.read_text(encoding="utf-8"))
    assert meta["trained_on"] == [*DEV_TEAMS, *EXTRA]
    assert meta["data_digest"] == data_digest(), "focus.json is stale: run `make train`"


@pytest.mark.slow  # ingests every dev team and fits a grid leave-one-team-out
def test_focus_model_is_reproducible_and_trained_on_dev_teams_only(tmp_path: Path) -> None:
    result = train(tmp_path / "focus.json")
    assert (tmp_path / "focus.json").read_bytes() == FOCUS_JSON.read_bytes()
    assert result["teams"] == [*DEV_TEAMS, *EXTRA]


def test_a_skill_with_more_and_heavier_gaps_ranks_first() -> None:
    from assistant.coaching.focus_model import SkillFacts, features
    from assistant.knowledge import SKILLS

    facts = [SkillFacts(s, 0.0, 0.0, 0.0, 0.0, 0, 0.0, 0, 0) for s in SKILLS]
    facts[SKILLS.index("qualification")] = SkillFacts("qualification", 3.2, 3.8, 1.5, 0.9, 3, 0.95, 3, 0)
    facts[SKILLS.index("prospecting")] = SkillFacts("prospecting", 0.6, 0.4, 0.6, 0.0, 1, 0.6, 1, 2)
    ranked = load_focus().rank(features(facts, late=True))
    assert ranked[0][0] == "qualification" and abs(sum(share for _, share in ranked) - 1.0) < 1e-9
