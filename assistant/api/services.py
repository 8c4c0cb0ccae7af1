"""What one app holds for its whole life: settings, one Context, the audit log, the key store, the metrics.

Built once by `create_app` and kept on `app.state.services`; handlers reach it through `deps`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..context import Context
from ..engines import Engine, engine_ids
from ..engines.base import is_fallback
from ..settings import Settings
from ..store.audit import AuditLog
from .cache import AnswerCache, is_deterministic
from .keys import KeyStore, Principal
from .metrics import ServiceMetrics

T = TypeVar("T")
PRIVATE_KINDS = frozenset({"self", "chat_rep"})  # a rep's self-coaching: private to the rep unless shared


def keys_path(settings: Settings) -> Path | str:
    """keys.db under COACH_HOME, or COACH_DATABASE_URL."""
    return settings.store_target("keys")


def audit_path(settings: Settings) -> Path | str:
    """audit.db under COACH_HOME, or COACH_DATABASE_URL."""
    return settings.store_target("audit")


def max_request_bytes(settings: Settings) -> int:
    """`COACH_MAX_REQUEST_BYTES` once Settings has that field; 5 MB until then."""
    return settings.max_request_bytes


def frame_ancestors(settings: Settings) -> str:
    """Who may embed the widget in an iframe (`COACH_WIDGET_FRAME_ANCESTORS` once Settings has it)."""
    return settings.widget_frame_ancestors


@dataclass
class Services:
    settings: Settings
    ctx: Context
    audit: AuditLog
    keys: KeyStore
    metrics: ServiceMetrics
    cache: AnswerCache = field(default_factory=AnswerCache)

    @classmethod
    def open(cls, settings: Settings, ctx: Context | None = None) -> Services:
        ctx = ctx or Context(settings)
        return cls(
            settings=settings,
            ctx=ctx,
            audit=AuditLog(audit_path(settings)),
            keys=KeyStore(keys_path(settings)),
            metrics=ServiceMetrics(engines=engine_ids()),
        )

    def record(self, who: Principal, kind: str, request: Any, response: Any, answer_id: str | None = None) -> str:
        """Store one answer in the audit trail; the id goes back to the client for feedback and sharing."""
        private = who.role == "rep" and kind in PRIVATE_KINDS
        return self.audit.record(who.key_id, who.team, who.role, who.rep, kind, request, response, private, answer_id)

    def count_fallback(self, engine_id: str, answer_engine: object) -> None:
        """coach_engine_fallbacks_total{engine=FAMILY} + 1 when the engine asked for handed over to the default.

        The label is the engine family (`openai`), never the model name a request chose: series stay bounded."""
        if isinstance(answer_engine, str) and is_fallback(answer_engine):
            self.metrics.fallbacks.inc(engine_id.partition(":")[0])

    def coach(
        self,
        engine_id: str,
        engine: Engine,
        kind: str,
        team: str,
        subject: str,
        compute: Callable[[], T],
        refresh: bool = False,
    ) -> tuple[T, bool]:
        """(answer, from cache). Cached only for deterministic engines, keyed by the team's catalog revision."""
        if not is_deterministic(engine):
            return compute(), False
        # reviews and commitments change a prep pack (its follow-up) without changing the notes, and a
        # commitment falls overdue with the calendar
        key = (
            kind,
            team,
            subject,
            engine_id,
            self.ctx.catalog.revision(team),
            self.ctx.reviews.revision(team),
            self.settings.today(),
        )
        return self.cache.get_or_compute(key, compute, refresh)
