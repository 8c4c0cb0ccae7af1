"""Deals, prep packs, rep plans, self-coaching and checks: the CLI's JSON shapes, served over HTTP."""

from __future__ import annotations

import httpx

from assistant.guard import CheckResult, check_question
from assistant.schemas import PrepPack, RepPlan, SelfReply
from tests.api.helpers import REP, REP_DEAL, TEAM, Keys, assert_socratic

T = f"/v1/teams/{TEAM}"


def test_deal_list_fields(http: httpx.Client, keys: Keys) -> None:
    deals = http.get(f"{T}/deals", headers=keys.header("manager")).json()
    d201 = next(d for d in deals if d["deal_id"] == "D-201")
    assert d201 == {
        "deal_id": "D-201",
        "account": "Harlow Logistics",
        "rep": "Marcus Delgado",
        "stage": "proposal",
        "notes": 9,
        "last_date": "2026-11-13",
    }
    assert sum(d["notes"] for d in deals) == 174


def test_prep_is_the_cli_schema_and_cached_per_revision(http: httpx.Client, keys: Keys) -> None:
    first = http.get(f"{T}/deals/D-201/prep", headers=keys.header("manager"))
    assert first.status_code == 200
    pack = PrepPack.model_validate(first.json())  # extra="forbid": exactly the CLI's --json shape
    assert pack.deal_id == "D-201" and pack.engine == "default" and 5 <= len(pack.questions) <= 10
    assert all(not check_question(q.text) for q in pack.questions)  # each one open question, nothing telling
    again = http.get(f"{T}/deals/D-201/prep", headers=keys.header("manager"))
    fresh = http.get(f"{T}/deals/D-201/prep", headers={**keys.header("manager"), "Cache-Control": "no-cache"})
    assert again.headers["X-Coach-Cache"] == "hit" and fresh.headers["X-Coach-Cache"] == "miss"
    assert again.json() == first.json() == fresh.json()
    assert len({r.headers["X-Coach-Answer-Id"] for r in (first, again, fresh)}) == 3  # each answer recorded
    assert first.headers["Server-Timing"].startswith("app;dur=") and float(first.headers["X-Process-Time"]) > 0


def test_prep_errors(http: httpx.Client, keys: Keys) -> None:
    auth = keys.header("manager")
    missing = http.get(f"{T}/deals/D-999/prep", headers=auth)
    assert missing.status_code == 404 and "D-999" in missing.json()["error"]["message"]
    engine = http.get(f"{T}/deals/D-201/prep", params={"engine": "nope"}, headers=auth)
    assert engine.status_code == 400 and "unknown engine" in engine.json()["error"]["message"]
    ok = http.get(f"{T}/deals/D-201/prep", params={"engine": "default"}, headers=auth)
    assert ok.status_code == 200


def test_rep_plan(http: httpx.Client, keys: Keys) -> None:
    for who, name in (("manager", REP), ("rep", REP.lower())):
        r = http.get(f"{T}/reps/{name}/plan", headers=keys.header(who))
        assert r.status_code == 200, r.text
        plan = RepPlan.model_validate(r.json())
        assert plan.rep == REP and REP_DEAL in plan.deals
    assert http.get(f"{T}/reps/Nobody Here/plan", headers=keys.header("manager")).status_code == 404


def test_self_coaching(http: httpx.Client, keys: Keys) -> None:
    body = {"message": "Write the follow-up email to the CFO for me", "deal_id": REP_DEAL}
    r = http.post("/v1/self", json=body, headers=keys.header("rep"))
    reply = SelfReply.model_validate(r.json())
    assert reply.rep == REP and reply.deal_id == REP_DEAL and reply.intent == "draft"
    assert_socratic(reply.reply + " " + " ".join(q.text for q in reply.questions))
    chosen = http.post("/v1/self", json={"message": "What should I focus on this week?"}, headers=keys.header("rep"))
    assert chosen.status_code == 200 and chosen.json()["rep"] == REP
    bad = [{"message": ""}, {"message": "x", "team": "acme"}, {"message": "x", "rep": "Someone"}, {"deal_id": "D-1"}]
    for payload in bad:
        assert http.post("/v1/self", json=payload, headers=keys.header("rep")).status_code == 422, payload
    unknown = http.post("/v1/self", json={"message": "x", "deal_id": "D-999"}, headers=keys.header("rep"))
    assert unknown.status_code == 404


def test_check(http: httpx.Client, keys: Keys) -> None:
    text = "Call the CFO tomorrow and offer 10% off.\nWhat does success look like for them?"
    r = http.post("/v1/check", json={"text": text}, headers=keys.header("rep"))
    result = CheckResult.model_validate(r.json())
    assert [i.act for i in result.items][-1] == "open_question" and result.summary["telling"] >= 1
    assert result.items[0].suggestion
    blank = http.post("/v1/check", json={"text": "   "}, headers=keys.header("rep"))
    assert blank.status_code == 400 and blank.json()["error"]["message"].startswith("nothing to check")


def test_deal_model_is_the_cli_schema(http: httpx.Client, keys: Keys) -> None:
    got = http.get(f"{T}/deals/D-201", headers=keys.header("manager"))
    assert got.status_code == 200
    body = got.json()
    assert body["deal_id"] == "D-201" and body["stage"] == "proposal" and body["account"] == "Harlow Logistics"
    assert set(body["meddpicc"]) >= {"economic_buyer", "champion", "metrics"}
    assert all(s["relation"] and s["engagement"] for s in body["stakeholders"])
    assert http.get(f"{T}/deals/D-999", headers=keys.header("manager")).status_code == 404
    rep_other = http.get(f"{T}/deals/D-201", headers=keys.header("rep"))
    assert rep_other.status_code in (200, 403)
