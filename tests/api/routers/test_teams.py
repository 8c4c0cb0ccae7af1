"""The team overview over HTTP: a manager key sees the whole team, a rep key only that rep's row and deals."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from assistant.api.schemas.team import TeamOverviewOut
from assistant.context import Context
from assistant.understand.service import deal_models
from tests.api.helpers import OTHER_REP, REP, TEAM, Keys, settings_for

T = f"/v1/teams/{TEAM}"


@pytest.fixture(scope="module", autouse=True)
def _deal_models(api_home: Path) -> None:
    """Build the team's deal models once, outside any request: on a fresh copy that takes longer than a
    request's timeout on a busy machine, and the server (same process) then reads them from its cache."""
    deal_models(Context(settings_for(api_home)), TEAM)


def _overview(http: httpx.Client, keys: Keys, who: str, **params: int) -> TeamOverviewOut:
    r = http.get(f"{T}/overview", params=params, headers=keys.header(who))
    assert r.status_code == 200, r.text
    return TeamOverviewOut.model_validate(r.json())  # extra="forbid"


def test_manager_sees_the_whole_team(http: httpx.Client, keys: Keys) -> None:
    o = _overview(http, keys, "manager")
    assert len(o.reps) == 6 and {REP, OTHER_REP} <= {r.rep for r in o.reps}
    assert o.at_risk[0].deal_id == "D-212" and [d.score for d in o.at_risk] == sorted(
        (d.score for d in o.at_risk), reverse=True
    )
    assert len({d.rep for d in o.at_risk}) > 2
    assert all(0.0 <= v <= 1.0 for r in o.reps for v in r.scores.values())
    deals = {d["deal_id"]: d for d in http.get(f"{T}/deals", headers=keys.header("manager")).json()}
    closed = {d for d, row in deals.items() if row["stage"] in ("closed_won", "closed_lost")}
    assert closed and not closed & ({d.deal_id for d in o.at_risk} | {d.deal_id for d in o.not_reviewed})


def test_rep_key_sees_only_their_own_row_and_deals(http: httpx.Client, keys: Keys) -> None:
    mine = _overview(http, keys, "rep")
    assert [r.rep for r in mine.reps] == [REP]
    assert mine.at_risk and all(d.rep == REP for d in mine.at_risk)
    assert all(d.rep == REP for d in mine.not_reviewed)
    everyone = _overview(http, keys, "manager")
    assert [d.deal_id for d in mine.at_risk] == [d.deal_id for d in everyone.at_risk if d.rep == REP]
    assert next(r for r in everyone.reps if r.rep == REP) == mine.reps[0]
    other = _overview(http, keys, "other_rep")
    assert [r.rep for r in other.reps] == [OTHER_REP] and all(d.rep == OTHER_REP for d in other.at_risk)


def test_a_prep_pack_counts_as_prepared(http: httpx.Client, keys: Keys) -> None:
    before = _overview(http, keys, "manager", days=3)
    assert before.stale_days == 3
    prep = http.get(f"{T}/deals/D-226/prep", headers=keys.header("manager"))
    assert prep.status_code == 200
    after = _overview(http, keys, "manager", days=3)
    assert "D-226" not in {d.deal_id for d in after.not_reviewed}
    assert {d.deal_id for d in after.not_reviewed} <= {d.deal_id for d in before.not_reviewed}


def test_bad_days_and_other_team(http: httpx.Client, keys: Keys) -> None:
    bad = http.get(f"{T}/overview", params={"days": 0}, headers=keys.header("manager"))
    assert bad.status_code == 422
    other = http.get(f"{T}/overview", headers=keys.header("other_team"))
    assert other.status_code == 404 and "unknown team" in other.json()["error"]["message"]
