"""The audit trail over HTTP: private self-coaching, sharing, feedback stored for the evals, and its export."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from assistant.api.services import audit_path
from assistant.store.audit import AuditLog
from tests.api.helpers import REP, REP_DEAL, TEAM, Keys, settings_for


def _answers(http: httpx.Client, keys: Keys, who: str) -> dict[str, object]:
    r = http.get("/v1/answers", headers=keys.header(who))
    assert r.status_code == 200
    return dict(r.json())


def test_self_coaching_is_private_until_shared(http: httpx.Client, keys: Keys, rep_answer: str) -> None:
    manager = _answers(http, keys, "manager")
    assert rep_answer not in {a["id"] for a in manager["answers"]}  # type: ignore[attr-defined]
    assert isinstance(manager["private_count"], int) and manager["private_count"] >= 1
    assert "What should I ask next?" not in str(manager)
    mine = _answers(http, keys, "rep")
    own = next(a for a in mine["answers"] if a["id"] == rep_answer)  # type: ignore[attr-defined]
    assert own["private"] and not own["shared"] and own["kind"] == "self" and own["rep"] == REP
    assert own["request"]["message"] == "What should I ask next?" and own["response"]["questions"]
    assert rep_answer not in str(_answers(http, keys, "other_rep"))

    shared = http.post(f"/v1/answers/{rep_answer}/share", headers=keys.header("rep"))
    assert shared.status_code == 200 and shared.json() == {"id": rep_answer, "shared": True}
    after = _answers(http, keys, "manager")
    seen = next(a for a in after["answers"] if a["id"] == rep_answer)  # type: ignore[attr-defined]
    assert seen["response"]["questions"] and after["private_count"] == manager["private_count"] - 1  # type: ignore[operator]


def test_every_answer_is_recorded_with_who_and_kind(http: httpx.Client, keys: Keys, api_home: Path) -> None:
    prep = http.get(f"/v1/teams/{TEAM}/deals/{REP_DEAL}/prep", headers=keys.header("rep"))
    plan = http.get(f"/v1/teams/{TEAM}/reps/{REP}/plan", headers=keys.header("manager"))
    audit = AuditLog(audit_path(settings_for(api_home)))
    stored = audit.answer(prep.headers["X-Coach-Answer-Id"])
    assert stored is not None
    assert (stored["kind"], stored["role"], stored["rep"], stored["team"]) == ("prep", "rep", REP, TEAM)
    assert stored["key_id"] == keys.rep.split("_")[1] and not stored["private"]
    assert stored["request"]["deal_id"] == REP_DEAL and stored["response"]["deal_id"] == REP_DEAL
    planned = audit.answer(plan.headers["X-Coach-Answer-Id"])
    assert planned is not None and planned["kind"] == "rep_plan" and planned["role"] == "manager"
    assert planned["request"]["rep"] == REP


def test_feedback_is_stored_and_exported_without_private_answers(
    http: httpx.Client, keys: Keys, rep_answer: str, api_home: Path
) -> None:
    prep = http.get(f"/v1/teams/{TEAM}/deals/D-201/prep", headers=keys.header("manager"))
    answer_id = prep.headers["X-Coach-Answer-Id"]
    up = http.post(
        "/v1/feedback", json={"answer_id": answer_id, "rating": 1, "comment": "good"}, headers=keys.header("manager")
    )
    down = http.post(
        "/v1/feedback",
        json={"answer_id": rep_answer, "rating": -1, "comment": "my secret plan"},
        headers=keys.header("rep"),
    )
    assert up.status_code == down.status_code == 201
    stored = {f["id"]: f for f in AuditLog(audit_path(settings_for(api_home))).feedback(team=TEAM)}
    assert stored[up.json()["id"]]["rating"] == 1 and stored[down.json()["id"]]["comment"] == "my secret plan"
    export = http.get(f"/v1/teams/{TEAM}/feedback/export", headers=keys.header("manager"))
    rows = {f["id"]: f for f in export.json()}
    assert rows[up.json()["id"]]["comment"] == "good" and rows[up.json()["id"]]["answer_id"] == answer_id
    assert down.json()["id"] not in rows, "feedback on a private answer left in the export"
    assert all("my secret plan" not in json.dumps(f) and f["answer_id"] != rep_answer for f in export.json())
    assert http.post(f"/v1/answers/{rep_answer}/share", headers=keys.header("rep")).status_code == 200
    shared = http.get(f"/v1/teams/{TEAM}/feedback/export", headers=keys.header("manager")).json()
    assert any(f["id"] == down.json()["id"] and f["comment"] == "my secret plan" for f in shared)


def test_feedback_validation(http: httpx.Client, keys: Keys) -> None:
    auth = keys.header("manager")
    for body in (
        {"rating": 2},
        {"rating": 0},
        {},
        {"rating": 1, "surprise": True},
        {"rating": 1, "comment": "x" * 2001},
    ):
        r = http.post("/v1/feedback", json=body, headers=auth)
        assert r.status_code == 422 and r.json()["error"]["type"] == "invalid_request", body
    assert http.post("/v1/feedback", json={"rating": 1, "answer_id": "ans_nope"}, headers=auth).status_code == 404


def test_a_rep_cannot_share_someone_elses_answer(http: httpx.Client, keys: Keys, rep_answer: str) -> None:
    assert http.post(f"/v1/answers/{rep_answer}/share", headers=keys.header("other_rep")).status_code == 404
    assert http.post("/v1/answers/ans_nope/share", headers=keys.header("rep")).status_code == 404


def test_rep_chat_is_private_and_manager_chat_is_not(http: httpx.Client, keys: Keys) -> None:
    body = {
        "model": "coach",
        "messages": [{"role": "user", "content": f"I keep avoiding the pricing talk on {REP_DEAL}"}],
    }
    rep_chat = http.post("/v1/chat/completions", json=body, headers=keys.header("rep")).json()["id"]
    manager_chat = http.post(
        "/v1/chat/completions",
        json={**body, "messages": [{"role": "user", "content": "D-201"}]},
        headers=keys.header("manager"),
    ).json()["id"]
    mine = {a["id"]: a for a in _answers(http, keys, "rep")["answers"]}  # type: ignore[attr-defined]
    assert mine[rep_chat]["kind"] == "chat_rep" and mine[rep_chat]["private"]
    manager = _answers(http, keys, "manager")
    seen = {a["id"]: a for a in manager["answers"]}  # type: ignore[attr-defined]
    assert rep_chat not in seen and "pricing talk" not in str(manager)
    assert seen[manager_chat]["kind"] == "chat_manager" and not seen[manager_chat]["private"]
