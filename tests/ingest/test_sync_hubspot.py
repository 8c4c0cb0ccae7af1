"""`coach sync hubspot` against a loopback server speaking HubSpot's CRM search, associations and owners APIs:
first sync with paging, an incremental one (the server sees hs_lastmodifieddate GT the mark), 401, 429 then
success, malformed bodies; failures assert the message and that nothing was stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.context import Context
from assistant.errors import BackendError, UserError
from assistant.ingest.hubspot_sync import note_text
from assistant.ingest.sync import read_mark, sync
from assistant.settings import Settings
from assistant.store.vectors import team_collection
from tests.ingest.fake_crm import TOKEN, FakeCRM


def deal(did: str, name: str, stage: str, amount: str, close: str, owner: str, stamp: str) -> dict[str, Any]:
    return {"id": did, "properties": {
        "dealname": name, "dealstage": stage, "amount": amount, "closedate": close, "hubspot_owner_id": owner,
        "hs_next_step": None, "createdate": "2026-08-19T11:02:00.000Z", "hs_lastmodifieddate": stamp,
        "pipeline": "default",
    }}  # fmt: skip


def hs_note(nid: str, deals: list[str], body: str, stamp: str) -> dict[str, Any]:
    return {"id": nid, "deals": deals, "properties": {
        "hs_note_body": body, "hs_timestamp": stamp, "hs_lastmodifieddate": stamp, "hubspot_owner_id": "101",
    }}  # fmt: skip


OWNERS = [
    {"id": "101", "email": "ana.ruiz@example.com", "firstName": "Ana", "lastName": "Ruiz", "userId": 9001,
     "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z", "archived": False},
    {"id": "102", "email": "ben.okafor@example.com", "firstName": "Ben", "lastName": "Okafor", "userId": 9002,
     "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z", "archived": False},
]  # fmt: skip


@pytest.fixture
def fake() -> Iterator[FakeCRM]:
    server = FakeCRM(page_size=2).start()
    server.hs["owners"] = OWNERS
    server.hs["companies"] = [
        {"id": "301", "properties": {"name": "Brightline Energy", "domain": "brightline.example"}},
        {"id": "302", "properties": {"name": "Northwind Shipping", "domain": "northwind.example"}},
    ]
    server.hs["deals"] = [
        deal("9876543210", "Brightline Energy - Field Service", "appointmentscheduled", "24000", "2027-02-15T00:00:00Z",
             "101", "2026-11-20T16:40:00.000Z"),
        deal("9876543211", "Corvid Analytics - Platform", "decisionmakerboughtin", "86500", "2026-12-31T00:00:00Z",
             "101", "2026-11-28T10:05:00.000Z"),
        deal("9876543212", "Northwind Shipping - Renewal", "contractsent", "41250.50", "2026-12-18T00:00:00Z",
             "102", "2026-11-29T13:12:00.000Z"),
    ]  # fmt: skip
    server.hs["deals"][0]["companies"] = ["301"]
    server.hs["deals"][0]["properties"]["hs_next_step"] = "Book discovery with ops lead"
    server.hs["deals"][2]["companies"] = ["302"]  # Corvid has no company record
    server.hs["notes"] = [
        hs_note("51200001", ["9876543210"], "<div><p>Call with Leah Marsh (Ops Director).</p><p>She wants a demo"
                " before year end &amp; a price.</p></div>", "2026-11-20T16:35:00.000Z"),
        hs_note("51200002", [], "<p>Met at a conference; no deal yet.</p>", "2026-11-21T09:00:00.000Z"),
    ]  # fmt: skip
    yield server
    server.stop()


def context(tmp_path: Path, fake: FakeCRM, **overrides: Any) -> Context:
    values: dict[str, Any] = {
        "home": tmp_path / "home", "hubspot_base_url": fake.url, "hubspot_access_token": TOKEN,
        "sync_max_retries": 2, "sync_retry_after_max": 2,
    }  # fmt: skip
    values.update(overrides)
    return Context(Settings(_env_file=None, **values))  # type: ignore[call-arg]


def nothing_stored(ctx: Context) -> None:
    assert ctx.catalog.stats("h")["notes"] == 0 and ctx.vectors.count(team_collection("h")) == 0
    assert read_mark(ctx, "h", "hubspot", "deals") is None and read_mark(ctx, "h", "hubspot", "notes") is None


def test_first_sync_with_paging_associations_and_owners(tmp_path: Path, fake: FakeCRM) -> None:
    ctx = context(tmp_path, fake)
    report = sync(ctx, "hubspot", "h")
    assert report.counts == {"deals": 3, "notes": 2} and report.skipped == 1  # the note on no deal
    assert (report.ingest.added, report.ingest.deals, report.ingest.chunks) == (4, 3, 1)
    searches = fake.searches("deals")
    assert len(searches) == 2 and "after" not in searches[0] and searches[1]["after"] == "2"  # paging.next.after
    assert all("filterGroups" not in s for s in searches)
    assert searches[0]["sorts"] == [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}]
    association = next(r for r in fake.requests if r["path"] == "/crm/v4/associations/notes/deals/batch/read")
    assert association["json"] == {"inputs": [{"id": "51200001"}, {"id": "51200002"}]}
    companies = next(r for r in fake.requests if r["path"] == "/crm/v3/objects/companies/batch/read")
    assert companies["json"] == {"properties": ["name"], "inputs": [{"id": "301"}, {"id": "302"}]}
    assert ctx.catalog.notes("h", deal_id="9876543211")[0].account is None
    northwind = ctx.catalog.notes("h", deal_id="9876543212")[0]
    assert (northwind.stage, northwind.amount, northwind.rep, northwind.account, str(northwind.close_date)) == (
        "contractsent", 41250.5, "Ben Okafor", "Northwind Shipping", "2026-12-18"
    )  # fmt: skip
    written = ctx.catalog.notes_by_id("h", ["51200001"])["51200001"]
    assert written.text == (
        "Call with Leah Marsh (Ops Director).\nShe wants a demo before year end & a price.\n\n"
        "Next step: Book discovery with ops lead"
    )
    assert (written.deal_id, written.author, str(written.date)) == ("9876543210", "Ana Ruiz", "2026-11-20")
    assert str(read_mark(ctx, "h", "hubspot", "notes")) == "2026-11-21 09:00:00+00:00"


def test_second_sync_sends_the_mark_and_gets_only_changes(tmp_path: Path, fake: FakeCRM) -> None:
    ctx = context(tmp_path, fake)
    sync(ctx, "hubspot", "h")
    fake.requests.clear()
    quiet = sync(ctx, "hubspot", "h")
    assert quiet.counts == {"deals": 0, "notes": 0} and quiet.ingest.added == 0
    newer = fake.searches("deals")[0]["filterGroups"][0]["filters"][0]
    mark = "1795957920000"  # 2026-11-29T13:12Z in epoch milliseconds
    assert newer == {"propertyName": "hs_lastmodifieddate", "operator": "GT", "value": mark}
    assert not any(r["path"].startswith("/crm/v4/") for r in fake.requests)  # nothing new, nothing to look up
    fake.hs["deals"][1]["properties"].update(dealstage="contractsent", amount="79000",
                                             hs_lastmodifieddate="2026-12-01T09:00:00.000Z")  # fmt: skip
    later = sync(ctx, "hubspot", "h")
    assert later.counts == {"deals": 1, "notes": 0} and later.ingest.added == 1
    amounts = sorted(n.amount or 0 for n in ctx.catalog.notes("h", deal_id="9876543211"))
    assert amounts == [79000.0, 86500.0]


def test_missing_token_and_401(tmp_path: Path, fake: FakeCRM) -> None:
    with pytest.raises(UserError, match="^hubspot: COACH_HUBSPOT_ACCESS_TOKEN not set"):
        sync(context(tmp_path, fake, hubspot_access_token=None), "hubspot", "h")
    ctx = context(tmp_path, fake, hubspot_access_token="pat-na1-revoked")
    with pytest.raises(UserError) as info:
        sync(ctx, "hubspot", "h")
    message = str(info.value)
    assert message.startswith("hubspot: the access token was refused (HTTP 401 ")
    assert "INVALID_AUTHENTICATION" in message and message.endswith("; nothing was stored")
    nothing_stored(ctx)


def test_429_then_success_and_429_every_time(tmp_path: Path, fake: FakeCRM) -> None:
    limit = {"status": "error", "message": "You have reached your secondly limit.", "errorType": "RATE_LIMIT"}
    fake.fail(429, limit, {"Retry-After": "1"}, after=1)  # the second deals page
    ctx = context(tmp_path, fake)
    assert sync(ctx, "hubspot", "h").ingest.added == 4
    assert len(fake.searches("deals")) == 3  # page 1, page 2 refused, page 2 again
    other = context(tmp_path / "other", fake)
    for _ in range(3):
        fake.fail(429, limit, {"Retry-After": "0"})
    with pytest.raises(BackendError, match=r"^hubspot: rate limited \(HTTP 429\) after 2 retries"):
        sync(other, "hubspot", "h")
    nothing_stored(other)


MALFORMED = [
    ("raw", "upstream connect error", 0, "malformed response to the deals search"),
    ("body", {"total": 1, "results": "none"}, 0, "malformed response to the deals search"),
    ("body", {"results": [{"properties": {}}]}, 2, "malformed response to the notes search"),
    ("body", {"status": "COMPLETE"}, 3, "malformed response to the notes' deal associations"),
    ("body", {"results": [{"to": []}]}, 4, "malformed response to the deals' company associations"),
    ("body", {"status": "COMPLETE", "results": "x"}, 5, "malformed response to the companies read"),
]


@pytest.mark.parametrize(("kind", "payload", "after", "message"), MALFORMED, ids=[str(p) for _, p, *_ in MALFORMED])
def test_malformed_bodies_store_nothing(tmp_path: Path, fake: FakeCRM, kind: str, payload: Any, after: int,
                                        message: str) -> None:  # fmt: skip
    ctx = context(tmp_path, fake)
    getattr(fake, kind)(payload, after=after)
    with pytest.raises(BackendError) as info:
        sync(ctx, "hubspot", "h")
    assert str(info.value).startswith(f"hubspot: {message}") and "\n" not in str(info.value)
    nothing_stored(ctx)


def test_note_bodies_lose_their_html() -> None:
    assert note_text("<p>One<br>two</p><ul><li>three</li></ul>") == "One\ntwo\nthree"
    assert note_text("<p> </p>") is None and note_text(None) is None


def test_an_unreachable_server(tmp_path: Path, fake: FakeCRM) -> None:
    from tests.loopback import free_port

    ctx = context(tmp_path, fake, hubspot_base_url=f"http://127.0.0.1:{free_port()}")  # nothing listens
    with pytest.raises(BackendError) as info:
        sync(ctx, "hubspot", "h")
    assert str(info.value).startswith("hubspot: cannot reach http://127.0.0.1:")
    assert str(info.value).endswith("; nothing was stored") and "\n" not in str(info.value)
    nothing_stored(ctx)
