"""Reviews and commitments over HTTP: a manager records, the next prep follows up, a rep's own commitment
stays private until shared, and each key sees only what it may."""

from __future__ import annotations

import httpx

from assistant.guard import check_question
from assistant.schemas import PrepPack, RepHistory
from tests.api.helpers import REP, TEAM, Keys

T = f"/v1/teams/{TEAM}"
DEAL = "D-223"  # one of Rhys Tanaka's deals no other API test reads a prep pack of


def _reviews(http: httpx.Client, keys: Keys) -> list[dict[str, object]]:
    r = http.get(f"{T}/deals/{DEAL}/reviews", headers=keys.header("manager"))
    assert r.status_code == 200, r.text
    return r.json()


def test_a_review_is_recorded_listed_and_followed_up_in_the_next_prep(http: httpx.Client, keys: Keys) -> None:
    manager = keys.header("manager")
    before = http.get(f"{T}/deals/{DEAL}/prep", headers=manager)
    body = {
        "commitments": [{"text": "Rhys: I'll get 30 minutes with their CFO before the 14th", "due": "2026-12-14"}],
        "focus": ["qualification"],
        "note": "EB only through the champion so far",
        "held_on": "2026-11-20",
    }
    made = http.post(f"{T}/deals/{DEAL}/reviews", json=body, headers=manager)
    assert made.status_code == 201, made.text
    review = made.json()
    assert review["rep"] == REP and review["focus"] == ["qualification"]
    (commitment,) = review["commitments"]
    assert commitment["due"] == "2026-12-14" and commitment["source"] == "review" and not commitment["private"]
    assert review["review_id"] in [r["review_id"] for r in _reviews(http, keys)]
    listed = http.get(f"{T}/reviews", params={"rep": REP}, headers=manager).json()
    assert review["review_id"] in [r["review_id"] for r in listed]
    after = http.get(f"{T}/deals/{DEAL}/prep", headers=manager)
    assert after.headers["X-Coach-Cache"] == "miss"  # a review changes the pack: the cache key moved
    pack = PrepPack.model_validate(after.json())
    (follow,) = [f for f in pack.follow_up if f.commitment_id == commitment["commitment_id"]]
    assert follow.status in ("no_evidence_yet", "done") and follow.question.type == "commitment"
    assert check_question(follow.question.text) == [] and review["review_id"] in follow.question.citations
    assert "CFO" in follow.question.text
    assert [p.skill for p in pack.progress] == ["qualification"]
    assert before.json()["follow_up"] != after.json()["follow_up"]


def test_a_managers_own_task_is_refused_and_nothing_is_stored(http: httpx.Client, keys: Keys) -> None:
    count = len(_reviews(http, keys))
    body = {"commitments": [{"text": "Rhys: book the demo"}, {"text": "I'll call the CFO myself"}]}
    r = http.post(f"{T}/deals/{DEAL}/reviews", json=body, headers=keys.header("manager"))
    assert r.status_code == 400 and "takeover" in r.json()["error"]["message"]
    order = http.post(
        f"{T}/deals/{DEAL}/reviews",
        json={"commitments": [{"text": "You need to get the CFO by Friday"}]},
        headers=keys.header("manager"),
    )
    assert order.status_code == 400 and "instruction" in order.json()["error"]["message"]
    assert len(_reviews(http, keys)) == count


def test_who_may_record_and_read_reviews(http: httpx.Client, keys: Keys) -> None:
    body = {"commitments": [{"text": "Rhys: send the MAP to the champion"}]}
    assert http.post(f"{T}/deals/{DEAL}/reviews", json=body, headers=keys.header("rep")).status_code == 403
    assert http.get(f"{T}/deals/{DEAL}/reviews", headers=keys.header("rep")).status_code == 200  # own deal
    assert http.get(f"{T}/deals/{DEAL}/reviews", headers=keys.header("other_rep")).status_code == 403
    assert http.get(f"{T}/reviews", params={"rep": REP}, headers=keys.header("other_rep")).status_code == 403
    assert http.get(f"{T}/deals/{DEAL}/reviews", headers=keys.header("other_team")).status_code == 404


def test_a_reps_own_commitment_is_private_until_shared(http: httpx.Client, keys: Keys) -> None:
    rep, manager = keys.header("rep"), keys.header("manager")
    message = "The CFO keeps getting pushed back. So I'll ask the champion to set up 20 minutes with the CFO."
    reply = http.post("/v1/self", json={"message": message, "deal_id": DEAL, "save_commitment": True}, headers=rep)
    assert reply.status_code == 200, reply.text
    saved = reply.json()["saved_commitment"]
    assert saved and reply.json()["commitment_offer"].startswith("I'll ask the champion")
    mine = {c["commitment_id"]: c for c in http.get(f"{T}/commitments", headers=rep).json()}
    assert mine[saved]["private"] and not mine[saved]["shared"]
    seen = lambda: [c["commitment_id"] for c in http.get(f"{T}/commitments", headers=manager).json()]  # noqa: E731
    assert saved not in seen()
    fresh = {**manager, "Cache-Control": "no-cache"}
    prep = http.get(f"{T}/deals/{DEAL}/prep", headers=fresh).json()
    assert saved not in [f["commitment_id"] for f in prep["follow_up"]]
    assert http.post(f"/v1/self/commitments/{saved}/share", headers=keys.header("other_rep")).status_code in (403, 404)
    shared = http.post(f"/v1/self/commitments/{saved}/share", headers=rep)
    assert shared.status_code == 200 and shared.json()["shared"]
    assert saved in seen()
    prep = http.get(f"{T}/deals/{DEAL}/prep", headers=manager).json()
    assert saved in [f["commitment_id"] for f in prep["follow_up"]]


def test_nothing_to_save_is_a_clear_error(http: httpx.Client, keys: Keys) -> None:
    r = http.post(
        "/v1/self",
        json={"message": "How do I reach the CFO?", "deal_id": DEAL, "save_commitment": True},
        headers=keys.header("rep"),
    )
    assert r.status_code == 400 and "nothing to save" in r.json()["error"]["message"]


def test_history_is_the_cli_schema_and_a_rep_sees_only_their_own(http: httpx.Client, keys: Keys) -> None:
    r = http.get(f"{T}/reps/{REP}/history", headers=keys.header("manager"))
    assert r.status_code == 200, r.text
    history = RepHistory.model_validate(r.json())
    assert history.rep == REP and {s.skill for s in history.skills} >= {"qualification", "deal_strategy"}
    assert all(s.points[-1].review_id is None for s in history.skills)  # the last point is now
    assert http.get(f"{T}/reps/{REP}/history", headers=keys.header("rep")).status_code == 200
    assert http.get(f"{T}/reps/{REP}/history", headers=keys.header("other_rep")).status_code == 403
