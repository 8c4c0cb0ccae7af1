"""HubSpot through hubspot-api-client: deals and notes by the CRM search API, changed after the last sync.

Search answers in pages (`results`, `paging.next.after`), sorted by hs_lastmodifieddate so the newest stamp
seen is the next mark. The search API returns no associations, so the deal of each note and the company of
each deal come from the v4 associations batch read (then the companies batch read for their names), and
owner ids become names through the owners API. Rows get the
headers of HubSpot's own exports (Record ID, Deal Stage, Note body...) for the hubspot preset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import Any

from ..settings import Settings
from .loaders import RawRecord
from .sync import Fetched, SyncBackendError, SyncUserError, check_base_url, later, rate_limited, retry_policy

SOURCE = "hubspot"
DEAL_PROPERTIES = [
    "dealname", "dealstage", "amount", "closedate", "hs_next_step", "createdate", "hs_lastmodifieddate",
    "hubspot_owner_id",
]  # fmt: skip
NOTE_PROPERTIES = ["hs_note_body", "hs_timestamp", "hs_lastmodifieddate", "hubspot_owner_id"]
PAGE = 100  # the search API's largest page
BATCH = 1000  # the associations batch read's largest input
SINGULAR = {"deals": "deal", "companies": "company"}


class _Text(HTMLParser):
    """A note body is HTML (<p>, <br>, <li>); its text, paragraphs kept apart."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def note_text(html: Any) -> str | None:
    if not isinstance(html, str):
        return None
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line) or None


def _client(settings: Settings) -> Any:
    token = settings.hubspot_access_token
    if token is None or not token.get_secret_value():
        raise SyncUserError("hubspot: COACH_HUBSPOT_ACCESS_TOKEN not set (a private app's access token)")
    base = check_base_url(SOURCE, settings.hubspot_base_url, "COACH_HUBSPOT_BASE_URL")
    from hubspot import HubSpot

    return HubSpot(access_token=token.get_secret_value(), retry=retry_policy(settings), host=base)


def _api_errors() -> tuple[type[Exception], ...]:
    from hubspot.crm.associations.v4.exceptions import ApiException as AssociationsError
    from hubspot.crm.companies.exceptions import ApiException as CompaniesError
    from hubspot.crm.deals.exceptions import ApiException as DealsError
    from hubspot.crm.objects.notes.exceptions import ApiException as NotesError
    from hubspot.crm.owners.exceptions import ApiException as OwnersError

    return DealsError, NotesError, AssociationsError, OwnersError, CompaniesError


def _call(settings: Settings, what: str, request: Callable[..., Any], **kwargs: Any) -> Any:
    from urllib3.exceptions import HTTPError

    errors = _api_errors()
    try:
        return request(_request_timeout=settings.sync_timeout, **kwargs)
    except errors as exc:
        status = getattr(exc, "status", None)
        body = getattr(exc, "body", b"") or b""
        detail = (body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body))[:200]
        if status == 401:
            raise SyncUserError(
                f"hubspot: the access token was refused (HTTP 401 {detail}); set a valid COACH_HUBSPOT_ACCESS_TOKEN"
            ) from None
        if status == 429:
            raise rate_limited(SOURCE, settings.sync_max_retries) from None
        raise SyncBackendError(f"hubspot: {what} refused (HTTP {status} {detail})") from None
    except HTTPError as exc:
        raise SyncBackendError(f"hubspot: cannot reach {settings.hubspot_base_url}: {exc}") from None
    except (ValueError, TypeError, AttributeError, KeyError) as exc:  # the client could not read the body
        raise SyncBackendError(f"hubspot: malformed response to {what} ({exc})") from None


def search_body(properties: list[str], since: dt.datetime | None, after: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "properties": properties,
        "sorts": [{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
        "limit": PAGE,
    }
    if since is not None:
        millis = str(int(since.timestamp() * 1000))
        newer = {"propertyName": "hs_lastmodifieddate", "operator": "GT", "value": millis}
        body["filterGroups"] = [{"filters": [newer]}]
    if after is not None:
        body["after"] = after
    return body


def _search(api: Any, settings: Settings, what: str, properties: list[str], since: dt.datetime | None) -> Iterator[Any]:
    after: str | None = None
    while True:
        body = search_body(properties, since, after)
        page = _call(settings, what, api.do_search, public_object_search_request=body)
        results = page.results
        if not isinstance(results, list) or any(not r.id or not isinstance(r.properties, dict) for r in results):
            raise SyncBackendError(f"hubspot: malformed response to {what}: results without id or properties")
        yield from page.results
        nxt = page.paging.next if page.paging is not None else None
        if nxt is None or not nxt.after:
            return
        after = nxt.after


def _associated(client: Any, settings: Settings, kind: str, target: str, ids: list[str]) -> dict[str, str]:
    """Each record's associated `target` (the lowest id when there are several: one note, one deal)."""
    found: dict[str, str] = {}
    api = client.crm.associations.v4.batch_api
    what = f"the {kind}' {SINGULAR[target]} associations"
    for start in range(0, len(ids), BATCH):
        inputs = {"inputs": [{"id": i} for i in ids[start : start + BATCH]]}
        answer = _call(
            settings, what, api.get_page, from_object_type=kind, to_object_type=target,
            batch_input_public_fetch_associations_batch_request=inputs,
        )  # fmt: skip
        if not isinstance(answer.results, list) or any(r._from is None or not r._from.id for r in answer.results):
            raise SyncBackendError(f"hubspot: malformed response to {what}: no results with 'from'")
        for result in answer.results:
            targets = [str(t.to_object_id) for t in result.to or [] if t.to_object_id is not None]
            if targets:
                found[str(result._from.id)] = min(targets, key=lambda t: (len(t), t))
    return found


def _company_names(client: Any, settings: Settings, deal_ids: list[str]) -> dict[str, str]:
    """Deal id -> its company's name (the Associated Company column of a deals export)."""
    companies = _associated(client, settings, "deals", "companies", deal_ids)
    wanted = sorted(set(companies.values()))
    names: dict[str, str] = {}
    for start in range(0, len(wanted), PAGE):
        request = {"properties": ["name"], "inputs": [{"id": i} for i in wanted[start : start + PAGE]]}
        answer = _call(settings, "the companies read", client.crm.companies.batch_api.read,
                       batch_read_input_simple_public_object_id=request)  # fmt: skip
        results = answer.results
        if not isinstance(results, list) or any(not c.id or not isinstance(c.properties, dict) for c in results):
            what = "the companies read: results without id or properties"
            raise SyncBackendError(f"hubspot: malformed response to {what}")
        names.update({str(c.id): c.properties.get("name") for c in answer.results if c.properties.get("name")})
    return {deal: names[company] for deal, company in companies.items() if company in names}


def _owners(client: Any, settings: Settings) -> dict[str, str]:
    names: dict[str, str] = {}
    after: str | None = None
    api = client.crm.owners.owners_api
    while True:
        page = _call(settings, "the owners list", api.get_page, limit=500, after=after)
        if not isinstance(page.results, list):
            raise SyncBackendError("hubspot: malformed response to the owners list: no 'results'")
        for owner in page.results:
            name = " ".join(p for p in (owner.first_name, owner.last_name) if p) or owner.email
            if owner.id and name:
                names[str(owner.id)] = name
        nxt = page.paging.next if page.paging is not None else None
        if nxt is None or not nxt.after:
            return names
        after = nxt.after


def deal_row(deal: Any, owners: dict[str, str], companies: dict[str, str]) -> RawRecord:
    p = deal.properties
    return RawRecord(SOURCE, f"deal {deal.id}", {
        "Record ID": str(deal.id), "Deal Name": p.get("dealname"), "Associated Company": companies.get(str(deal.id)),
        "Deal Stage": p.get("dealstage"),
        "Amount": p.get("amount"), "Close Date": p.get("closedate"),
        "Deal owner": owners.get(p.get("hubspot_owner_id") or ""), "Next step": p.get("hs_next_step"),
        "Create Date": p.get("createdate"), "Last Modified Date": p.get("hs_lastmodifieddate"),
    })  # fmt: skip


def note_row(note: Any, deal_id: str, owners: dict[str, str], next_step: Any = None) -> RawRecord:
    """A note; `next_step` is its deal's when the deal came in the same sync (it goes on the latest note)."""
    p = note.properties
    return RawRecord(SOURCE, f"note {note.id}", {
        "Record ID": str(note.id), "Associated Deal IDs": deal_id, "Note body": note_text(p.get("hs_note_body")),
        "Activity date": p.get("hs_timestamp"), "Activity assigned to": owners.get(p.get("hubspot_owner_id") or ""),
        "Next step": next_step,
    })  # fmt: skip


def fetch(settings: Settings, since: dict[str, dt.datetime | None]) -> Fetched:
    client = _client(settings)
    deals = list(_search(client.crm.deals.search_api, settings, "the deals search", DEAL_PROPERTIES, since["deals"]))
    notes = list(
        _search(client.crm.objects.notes.search_api, settings, "the notes search", NOTE_PROPERTIES, since["notes"])
    )
    note_deals = _associated(client, settings, "notes", "deals", [str(n.id) for n in notes]) if notes else {}
    companies = _company_names(client, settings, [str(d.id) for d in deals]) if deals else {}
    wanted = any(r.properties.get("hubspot_owner_id") for r in deals + notes)
    owners = _owners(client, settings) if wanted else {}
    out = Fetched(counts={"deals": len(deals), "notes": len(notes)})
    next_steps = {str(d.id): d.properties.get("hs_next_step") for d in deals}
    for deal in deals:
        out.records.append(deal_row(deal, owners, companies))
        later(out.marks, "deals", deal.properties.get("hs_lastmodifieddate") or deal.updated_at)
    for note in notes:
        later(out.marks, "notes", note.properties.get("hs_lastmodifieddate") or note.updated_at)
        deal_id = note_deals.get(str(note.id))
        if deal_id is None:
            out.skipped += 1  # a note on a contact or company only: no deal to coach on
            continue
        out.records.append(note_row(note, deal_id, owners, next_steps.get(deal_id)))
    return out
