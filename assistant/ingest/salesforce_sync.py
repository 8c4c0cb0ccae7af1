"""Salesforce through simple-salesforce: opportunities and their notes by SOQL, changed after the last sync.

The REST query answers in pages (`records`, `done`, `nextRecordsUrl`); each page is checked before it is
read, so a body that is not a query result is a clear error, not a KeyError. Rows get the report headers the
salesforce preset reads (Opportunity ID, Stage, Note Body...), so a sync and an export ingest alike.
SystemModstamp is the mark: it moves on every change, including ones made by automation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlparse

from ..settings import Settings
from .loaders import RawRecord
from .sync import Fetched, SyncBackendError, SyncUserError, check_base_url, later, rate_limited, retry_policy

SOURCE = "salesforce"
OPPORTUNITY_FIELDS = (
    "Id, Name, Account.Name, Owner.Name, StageName, Amount, CloseDate, NextStep, CreatedDate, LastModifiedDate, "
    "SystemModstamp"
)
NOTE_FIELDS = "Id, ParentId, Title, Body, CreatedDate, LastModifiedDate, SystemModstamp, Owner.Name"


def soql(sobject: str, fields: str, where: str | None, since: dt.datetime | None) -> str:
    """The query; the mark is floored to the second, so a change in the mark's own second is fetched again
    (and found unchanged) rather than missed."""
    clauses = [where] if where else []
    if since is not None:
        clauses.append(f"SystemModstamp > {since.astimezone(dt.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}")
    condition = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    return f"SELECT {fields} FROM {sobject}{condition} ORDER BY SystemModstamp"


def _client(settings: Settings) -> Any:
    url, token = settings.salesforce_instance_url, settings.salesforce_access_token
    needed = (("COACH_SALESFORCE_INSTANCE_URL", url), ("COACH_SALESFORCE_ACCESS_TOKEN", token))
    missing = [name for name, value in needed if not value]
    if missing or url is None or token is None:
        raise SyncUserError(f"salesforce: {' and '.join(missing)} not set (the org's URL and an OAuth access token)")
    base = check_base_url(SOURCE, url, "COACH_SALESFORCE_INSTANCE_URL")
    import requests
    from requests.adapters import HTTPAdapter
    from simple_salesforce import Salesforce

    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry_policy(settings))  # type: ignore[arg-type]
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    version = settings.salesforce_api_version
    client = Salesforce(instance_url=base, session_id=token.get_secret_value(), version=version, session=session)
    parsed = urlparse(base)
    client.base_url = f"{parsed.scheme}://{parsed.netloc}/services/data/v{version}/"  # keep the URL's own scheme
    return client


def _detail(content: Any) -> str:
    if isinstance(content, list) and content and isinstance(content[0], dict):
        first = content[0]
        return f"{first.get('errorCode', '')}: {first.get('message', '')}".strip(": ")
    return str(content)[:200]


def _call(settings: Settings, request: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    import requests
    from simple_salesforce.exceptions import SalesforceError

    try:
        return request(*args, timeout=settings.sync_timeout, **kwargs)
    except SalesforceError as exc:
        detail = _detail(exc.content)
        if exc.status == 401:
            raise SyncUserError(
                f"salesforce: the access token was refused (HTTP 401 {detail}); set a fresh "
                "COACH_SALESFORCE_ACCESS_TOKEN"
            ) from None
        if exc.status == 429:
            raise rate_limited(SOURCE, settings.sync_max_retries) from None
        if exc.status == 403 and "REQUEST_LIMIT_EXCEEDED" in detail:
            message = f"salesforce: the org's API request limit is used up ({detail})"
            raise SyncBackendError(message) from None
        message = f"salesforce: the query was refused (HTTP {exc.status} {detail})"
        raise SyncBackendError(message) from None
    except requests.exceptions.JSONDecodeError:
        raise SyncBackendError("salesforce: malformed response: the body is not JSON") from None
    except requests.RequestException as exc:
        message = f"salesforce: cannot reach {settings.salesforce_instance_url}: {exc}"
        raise SyncBackendError(message) from None


def _page(body: Any) -> tuple[list[dict[str, Any]], str | None]:
    """The records of one query page and the locator of the next, or a clear error for anything else."""
    if not (isinstance(body, dict) and isinstance(body.get("records"), list) and isinstance(body.get("done"), bool)):
        raise SyncBackendError("salesforce: malformed response: expected a query result with 'records' and 'done'")
    records = body["records"]
    if not all(isinstance(r, dict) and isinstance(r.get("Id"), str) for r in records):
        raise SyncBackendError("salesforce: malformed response: a record without an Id")
    if body["done"]:
        return records, None
    next_url = body.get("nextRecordsUrl")
    if not isinstance(next_url, str) or "/query/" not in next_url:
        raise SyncBackendError("salesforce: malformed response: 'done' is false but no nextRecordsUrl")
    return records, next_url.rstrip("/").rsplit("/", 1)[-1]


def _records(client: Any, settings: Settings, query: str) -> Iterator[dict[str, Any]]:
    records, locator = _page(_call(settings, client.query, query))
    yield from records
    while locator is not None:  # the locator of nextRecordsUrl, read against the instance's own base URL
        records, locator = _page(_call(settings, client.query_more, locator, identifier_is_url=False))
        yield from records


def _name(record: dict[str, Any], relation: str) -> Any:
    related = record.get(relation)
    return related.get("Name") if isinstance(related, dict) else None


def opportunity_row(r: dict[str, Any]) -> RawRecord:
    return RawRecord(SOURCE, f"Opportunity {r['Id']}", {
        "Opportunity ID": r["Id"], "Opportunity Name": r.get("Name"), "Account Name": _name(r, "Account"),
        "Opportunity Owner": _name(r, "Owner"), "Stage": r.get("StageName"), "Amount": r.get("Amount"),
        "Close Date": r.get("CloseDate"), "Next Step": r.get("NextStep"), "Created Date": r.get("CreatedDate"),
        "Last Modified Date": r.get("LastModifiedDate"),
    })  # fmt: skip


def note_row(r: dict[str, Any], next_step: Any = None) -> RawRecord:
    """A note; `next_step` is its opportunity's Next Step when that opportunity came in the same sync (as on
    a report row with a note, it goes on the deal's latest note of the batch)."""
    body = r.get("Body") if isinstance(r.get("Body"), str) and r["Body"].strip() else None
    return RawRecord(SOURCE, f"Note {r['Id']}", {
        "Note ID": r["Id"], "Opportunity ID": r.get("ParentId"), "Note Title": r.get("Title") if body else None,
        "Note Body": body or r.get("Title"), "Note Created Date": r.get("CreatedDate"), "Note Owner": _name(r, "Owner"),
        "Next Step": next_step,
    })  # fmt: skip


def fetch(settings: Settings, since: dict[str, dt.datetime | None]) -> Fetched:
    client = _client(settings)
    out = Fetched()
    opportunity_query = soql("Opportunity", OPPORTUNITY_FIELDS, None, since["opportunities"])
    opportunities = list(_records(client, settings, opportunity_query))
    notes = list(_records(client, settings, soql("Note", NOTE_FIELDS, "Parent.Type = 'Opportunity'", since["notes"])))
    next_steps = {r["Id"]: r.get("NextStep") for r in opportunities}
    for r in opportunities:
        out.records.append(opportunity_row(r))
        later(out.marks, "opportunities", r.get("SystemModstamp") or r.get("LastModifiedDate"))
    for r in notes:
        out.records.append(note_row(r, next_steps.get(r.get("ParentId"))))
        later(out.marks, "notes", r.get("SystemModstamp") or r.get("LastModifiedDate"))
    out.counts = {"opportunities": len(opportunities), "notes": len(notes)}
    return out
