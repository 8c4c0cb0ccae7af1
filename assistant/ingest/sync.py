"""`coach sync salesforce|hubspot`: pull what changed in the CRM since the last sync, ingest it like an export.

Each source fetches records whose last-modified stamp is after the team's high-water mark for that source and
object (kept in the catalog's meta table), and turns them into rows with the vendor's export headers, so the
same preset, value readers, validation and all-or-nothing pipeline apply as for a file export: opportunities
become snapshots (stage, amount and close-date history), notes become notes. The mark moves only after the
ingest stored everything; a failed fetch or a refused record stores nothing and keeps the old mark, so the
next sync asks again for the same changes.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from ..context import Context
from ..errors import BackendError, UserError
from ..settings import Settings
from ..store.vectors import check_team
from .loaders import RawRecord
from .mapping import MapOptions
from .pipeline import IngestOptions, IngestReport, ProgressFactory, ingest_records

SOURCES = ("salesforce", "hubspot")


class SyncUserError(UserError):
    """Missing or refused credentials, a bad setting: the user can fix it. Nothing was stored."""

    def __init__(self, message: str) -> None:
        super().__init__(f"{message}; nothing was stored")


class SyncBackendError(BackendError):
    """The CRM answered with a rate limit, an error or a body we cannot read. Nothing was stored."""

    def __init__(self, message: str) -> None:
        super().__init__(f"{message}; nothing was stored")


@dataclass
class Fetched:
    """Records in export form, and the newest last-modified stamp seen per object."""

    records: list[RawRecord] = field(default_factory=list)
    marks: dict[str, dt.datetime] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # notes attached to no deal


@dataclass
class SyncReport:
    source: str
    ingest: IngestReport
    counts: dict[str, int]
    since: dict[str, str | None]
    skipped: int

    def summary(self) -> str:
        fetched = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        since = "; ".join(f"{what} changed after {mark}" for what, mark in self.since.items() if mark)
        skipped = f" ({self.skipped} notes on no deal skipped)" if self.skipped else ""
        return (
            f"{self.source}: fetched {fetched}{skipped} ({since or 'first sync: everything'}); {self.ingest.summary()}"
        )


def check_base_url(source: str, url: str, setting: str) -> str:
    """https, or plain http to this machine only (a test server, a local proxy): a token never goes out in clear."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise SyncUserError(f"{source}: {setting} {url!r} is not an http(s) URL")
    if parsed.scheme == "http":
        try:
            loopback = ipaddress.ip_address(parsed.hostname).is_loopback
        except ValueError:
            loopback = parsed.hostname == "localhost"
        if not loopback:
            raise SyncUserError(f"{source}: {setting} must use https (http only to a loopback address)")
    return url.rstrip("/")


def parse_stamp(value: object) -> dt.datetime | None:
    """A CRM timestamp (ISO with Z, +0000 or +00:00, or a datetime) as an aware UTC datetime."""
    if isinstance(value, dt.datetime):
        stamp = value
    elif isinstance(value, str) and value.strip():
        text = value.strip().replace("Z", "+00:00")
        if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":  # Salesforce's +0000
            text = f"{text[:-2]}:{text[-2:]}"
        try:
            stamp = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        return None
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


def later(marks: dict[str, dt.datetime], what: str, value: object) -> None:
    stamp = parse_stamp(value)
    if stamp is not None and (what not in marks or stamp > marks[what]):
        marks[what] = stamp


def _mark_key(team: str, source: str, what: str) -> str:
    return f"sync_mark:{source}:{what}:{team}"


def read_mark(ctx: Context, team: str, source: str, what: str) -> dt.datetime | None:
    raw = ctx.catalog.get_meta(_mark_key(team, source, what))
    return parse_stamp(raw) if raw else None


def _fetcher(source: str) -> Callable[[Settings, dict[str, dt.datetime | None]], Fetched]:
    if source == "salesforce":
        from .salesforce_sync import fetch as fetch_salesforce

        return fetch_salesforce
    if source == "hubspot":
        from .hubspot_sync import fetch as fetch_hubspot

        return fetch_hubspot
    raise SyncUserError(f"unknown source {source!r} (sources: {', '.join(SOURCES)})")


OBJECTS = {"salesforce": ("opportunities", "notes"), "hubspot": ("deals", "notes")}


def sync(ctx: Context, source: str, team: str, progress: ProgressFactory | None = None) -> SyncReport:
    check_team(team)
    source = source.lower()
    fetch = _fetcher(source)
    since = {what: read_mark(ctx, team, source, what) for what in OBJECTS[source]}
    fetched = fetch(ctx.settings, since)
    options = IngestOptions(MapOptions(preset=source))  # the preset as is: never the team's saved file mapping
    report = ingest_records(ctx, fetched.records, team, progress, options)
    moved = {w: m for w, m in fetched.marks.items() if since.get(w) is None or m > since[w]}  # type: ignore[operator]
    if moved:
        with ctx.catalog.transaction() as con:
            for what, mark in moved.items():
                ctx.catalog.set_meta(con, _mark_key(team, source, what), mark.isoformat())
    return SyncReport(
        source,
        report,
        fetched.counts,
        {w: m.isoformat() if m else None for w, m in since.items()},
        fetched.skipped,
    )


def retry_policy(settings: Settings) -> object:
    """urllib3's Retry for both clients: a 429 is retried a bounded number of times, waiting its Retry-After
    (at most COACH_SYNC_RETRY_AFTER_MAX seconds); the last answer then goes to the client as is."""
    from urllib3.util.retry import Retry

    return Retry(
        total=settings.sync_max_retries,
        connect=0,
        read=0,
        redirect=0,
        status=settings.sync_max_retries,
        status_forcelist=(429,),
        allowed_methods=None,  # HubSpot's search is a POST that only reads
        respect_retry_after_header=True,
        backoff_factor=0.5,
        raise_on_status=False,
        retry_after_max=int(settings.sync_retry_after_max),
    )


def rate_limited(source: str, retries: int) -> SyncBackendError:
    return SyncBackendError(f"{source}: rate limited (HTTP 429) after {retries} retries (try again later)")
