"""`coach sync salesforce` against a loopback server speaking Salesforce's REST query API: first sync, an
incremental one (the server sees the high-water mark in the SOQL), paging, 401, 429 then success, malformed
bodies, a refused record; every failure asserts the message and that nothing was stored (mark included)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.context import Context
from assistant.errors import BackendError, UserError
from assistant.ingest.sync import read_mark, sync
from assistant.settings import Settings
from assistant.store.vectors import team_collection
from tests.ingest.fake_crm import TOKEN, FakeCRM


def opportunity(oid: str, name: str, account: str, owner: str, stage: str, amount: float, close: str, stamp: str):
    return {
        "Id": oid, "Name": name, "Account": {"attributes": {"type": "Account"}, "Name": account},
        "Owner": {"attributes": {"type": "User"}, "Name": owner}, "StageName": stage, "Amount": amount,
        "CloseDate": close, "NextStep": None, "CreatedDate": "2026-09-01T08:00:00.000+0000",
        "LastModifiedDate": stamp, "SystemModstamp": stamp,
    }  # fmt: skip


def note(nid: str, parent: str, title: str, body: str, stamp: str) -> dict[str, Any]:
    return {
        "Id": nid, "ParentId": parent, "Title": title, "Body": body, "CreatedDate": stamp, "LastModifiedDate": stamp,
        "SystemModstamp": stamp, "Owner": {"attributes": {"type": "User"}, "Name": "Dana Whitfield"},
    }  # fmt: skip


HARBOR = "0065g00000AbCdEAA1"
QUILLON = "0065g00000XyZwVAA3"


@pytest.fixture
def fake() -> Iterator[FakeCRM]:
    server = FakeCRM(page_size=2).start()
    server.sf["Opportunity"] = [
        opportunity(HARBOR, "Harbor Freight - AP Automation", "Harbor Freight Logistics", "Dana Whitfield",
                    "Needs Analysis", 48000.0, "2026-12-15", "2026-11-03T10:00:00.000+0000"),
        opportunity(QUILLON, "Quillon - Claims Intake", "Quillon Health", "Marcus Lee", "Proposal/Price Quote",
                    112500.0, "2027-01-30", "2026-11-20T16:40:00.000+0000"),
        opportunity("0065g00000LmNoPAA2", "Ostrander - Renewal 2027", "Ostrander Mills", "Marcus Lee",
                    "Negotiation/Review", 27900.0, "2026-12-20", "2026-11-25T09:15:00.000+0000"),
    ]  # fmt: skip
    server.sf["Opportunity"][0]["NextStep"] = "Demo for AP team"
    server.sf["Note"] = [
        note("0025g00000Nt1AAA", HARBOR, "Discovery call",
             "Met Priya Nair (AP Manager). Invoices take three weeks to approve.", "2026-11-03T09:00:00.000+0000"),
    ]  # fmt: skip
    yield server
    server.stop()


def context(tmp_path: Path, fake: FakeCRM, **overrides: Any) -> Context:
    values: dict[str, Any] = {
        "home": tmp_path / "home", "salesforce_instance_url": fake.url, "salesforce_access_token": TOKEN,
        "sync_max_retries": 2, "sync_retry_after_max": 2,
    }  # fmt: skip
    values.update(overrides)
    return Context(Settings(_env_file=None, **values))  # type: ignore[call-arg]


def nothing_stored(ctx: Context, team: str = "t") -> None:
    assert ctx.catalog.stats(team)["notes"] == 0
    assert ctx.vectors.count(team_collection(team)) == 0
    assert read_mark(ctx, team, "salesforce", "opportunities") is None
    assert read_mark(ctx, team, "salesforce", "notes") is None


def test_first_sync_pages_through_everything(tmp_path: Path, fake: FakeCRM) -> None:
    ctx = context(tmp_path, fake)
    report = sync(ctx, "salesforce", "t")
    assert report.counts == {"opportunities": 3, "notes": 1}
    assert (report.ingest.added, report.ingest.deals, report.ingest.chunks) == (4, 3, 1)  # 3 snapshots, 1 note
    queries = fake.soql()
    assert len(queries) == 2 and all("SystemModstamp >" not in q for q in queries)  # a first sync asks for all
    assert queries[0].startswith("SELECT Id, Name, Account.Name, Owner.Name, StageName")
    assert "FROM Opportunity" in queries[0]
    assert "FROM Note WHERE Parent.Type = 'Opportunity'" in queries[1]
    assert [r["path"] for r in fake.requests].count("/services/data/v59.0/query/01gD0000002HU6KIAW-2") == 1  # page 2
    assert all(r["auth"] == f"Bearer {TOKEN}" for r in fake.requests)
    written = [n for n in ctx.catalog.notes("t") if n.text]
    assert len(written) == 1 and written[0].text.startswith("Discovery call\n\nMet Priya Nair")
    assert written[0].text.endswith("\n\nNext step: Demo for AP team")  # the opportunity's, on its latest note
    assert (written[0].deal_id, written[0].author, str(written[0].date)) == (HARBOR, "Dana Whitfield", "2026-11-03")
    quillon = next(n for n in ctx.catalog.notes("t", deal_id=QUILLON))
    assert (quillon.stage, quillon.amount, quillon.account, quillon.rep) == (
        "Proposal/Price Quote", 112500.0, "Quillon Health", "Marcus Lee"
    )  # fmt: skip
    assert str(read_mark(ctx, "t", "salesforce", "opportunities")) == "2026-11-25 09:15:00+00:00"
    assert "first sync: everything" in report.summary()


def test_second_sync_fetches_only_what_changed(tmp_path: Path, fake: FakeCRM) -> None:
    from assistant.understand.service import deal_model

    ctx = context(tmp_path, fake)
    sync(ctx, "salesforce", "t")
    fake.requests.clear()
    quiet = sync(ctx, "salesforce", "t")
    assert quiet.counts == {"opportunities": 0, "notes": 0} and quiet.ingest.added == 0
    assert "SystemModstamp > 2026-11-25T09:15:00Z" in fake.soql()[0]
    assert "SystemModstamp > 2026-11-03T09:00:00Z" in fake.soql()[1]
    moved = fake.sf["Opportunity"][1]
    stamp = "2026-12-01T08:00:00.000+0000"
    moved.update(StageName="Negotiation/Review", Amount=104000.0, CloseDate="2027-02-27", LastModifiedDate=stamp,
                 SystemModstamp=stamp)  # fmt: skip
    fake.sf["Note"].append(note("0025g00000Nt2AAA", QUILLON, "Redlines", "Legal sent redlines on the MSA.",
                                "2026-12-01T07:30:00.000+0000"))  # fmt: skip
    later = sync(ctx, "salesforce", "t")
    assert later.counts == {"opportunities": 1, "notes": 1}
    assert (later.ingest.added, later.ingest.replaced, later.ingest.unchanged) == (2, 0, 0)
    model = deal_model(ctx, "t", QUILLON)
    assert (model.stage, model.amount, str(model.close_date)) == ("negotiation", 104000.0, "2027-02-27")
    assert [c.value for c in model.amount_history] == ["112500", "104000"]
    assert [c.value for c in model.close_history] == ["2027-01-30", "2027-02-27"]
    assert str(read_mark(ctx, "t", "salesforce", "opportunities")) == "2026-12-01 08:00:00+00:00"


def test_missing_credentials(tmp_path: Path, fake: FakeCRM) -> None:
    ctx = context(tmp_path, fake, salesforce_access_token=None)
    with pytest.raises(UserError, match="^salesforce: COACH_SALESFORCE_ACCESS_TOKEN not set"):
        sync(ctx, "salesforce", "t")
    assert not fake.requests
    nothing_stored(ctx)
    remote_http = context(tmp_path, fake, salesforce_instance_url="http://acme.my.salesforce.com")
    with pytest.raises(UserError, match="must use https"):
        sync(remote_http, "salesforce", "t")


def test_401_names_the_source_and_stores_nothing(tmp_path: Path, fake: FakeCRM) -> None:
    ctx = context(tmp_path, fake, salesforce_access_token="expired")
    with pytest.raises(UserError) as info:
        sync(ctx, "salesforce", "t")
    assert str(info.value) == (
        "salesforce: the access token was refused (HTTP 401 INVALID_SESSION_ID: Session expired or invalid); "
        "set a fresh COACH_SALESFORCE_ACCESS_TOKEN; nothing was stored"
    )
    nothing_stored(ctx)


def test_429_then_success_waits_its_retry_after(tmp_path: Path, fake: FakeCRM) -> None:
    ctx = context(tmp_path, fake)
    limit = [{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
    fake.fail(429, limit, {"Retry-After": "1"})
    started = time.monotonic()
    report = sync(ctx, "salesforce", "t")
    assert time.monotonic() - started >= 1.0
    assert report.ingest.added == 4
    assert [r["path"] for r in fake.requests][:2] == ["/services/data/v59.0/query"] * 2  # the same query again


def test_429_every_time_is_a_clear_error(tmp_path: Path, fake: FakeCRM) -> None:
    ctx = context(tmp_path, fake)
    for _ in range(3):  # the first try and both retries
        fake.fail(429, [{"message": "limit", "errorCode": "REQUEST_LIMIT_EXCEEDED"}], {"Retry-After": "0"})
    expected = r"^salesforce: rate limited \(HTTP 429\) after 2 retries \(try again later\); nothing was stored$"
    with pytest.raises(BackendError, match=expected):
        sync(ctx, "salesforce", "t")
    assert len(fake.requests) == 3
    nothing_stored(ctx)


MALFORMED = [
    ("raw", "<html>Service Unavailable</html>", 0, "salesforce: malformed response: the body is not JSON"),
    ("body", {"totalSize": 1, "records": "none"}, 0, "expected a query result with 'records' and 'done'"),
    ("body", {"totalSize": 3, "done": False, "records": []}, 0, "'done' is false but no nextRecordsUrl"),
    ("body", {"done": True, "records": [{"Name": "no id"}]}, 1, "a record without an Id"),  # on the second page
]


@pytest.mark.parametrize(("kind", "payload", "after", "message"), MALFORMED, ids=[m for *_, m in MALFORMED])
def test_malformed_bodies_store_nothing(tmp_path: Path, fake: FakeCRM, kind: str, payload: Any, after: int,
                                        message: str) -> None:  # fmt: skip
    ctx = context(tmp_path, fake)
    getattr(fake, kind)(payload, after=after)
    with pytest.raises(BackendError) as info:
        sync(ctx, "salesforce", "t")
    assert message in str(info.value) and str(info.value).startswith("salesforce: ")
    assert "\n" not in str(info.value)
    nothing_stored(ctx)


def test_a_refused_record_stores_nothing_and_keeps_the_mark(tmp_path: Path, fake: FakeCRM) -> None:
    ctx = context(tmp_path, fake)
    sync(ctx, "salesforce", "t")
    before = ctx.catalog.stats("t")
    fake.sf["Opportunity"][0].update(Amount=-5.0, SystemModstamp="2026-12-02T08:00:00.000+0000")
    fake.sf["Note"].append(note("0025g00000Nt3AAA", HARBOR, "Pricing", "Sent pricing.", "2026-12-02T07:00:00.000+0000"))
    with pytest.raises(UserError) as info:
        sync(ctx, "salesforce", "t")
    assert str(info.value) == (
        f"salesforce: Opportunity {HARBOR}: column 'Amount', value -5.0: negative amount; nothing was stored"
    )
    assert ctx.catalog.stats("t") == before
    assert str(read_mark(ctx, "t", "salesforce", "opportunities")) == "2026-11-25 09:15:00+00:00"


def test_an_unreachable_server(tmp_path: Path, fake: FakeCRM) -> None:
    from tests.loopback import free_port

    ctx = context(tmp_path, fake, salesforce_instance_url=f"http://127.0.0.1:{free_port()}")  # nothing listens
    with pytest.raises(BackendError) as info:
        sync(ctx, "salesforce", "t")
    assert str(info.value).startswith("salesforce: cannot reach http://127.0.0.1:")
    assert str(info.value).endswith("; nothing was stored") and "\n" not in str(info.value)
    nothing_stored(ctx)
