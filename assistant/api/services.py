"""What one app holds for its whole life: settings, one Context, the audit log, the key store, the metrics.

Built once by `create_app` and kept on `app.state.services`; handlers reach it through `deps`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..context import Context
from ..settings import Settings
from ..store.audit import AuditLog
from .keys import KeyStore, Principal
from .metrics import ServiceMetrics

DEFAULT_MAX_REQUEST_BYTES = 5 * 1024 * 1024
DEFAULT_FRAME_ANCESTORS = "*"
PRIVATE_KINDS = frozenset({"self", "chat_rep"})  # a rep's self-coaching: private to the rep unless shared


def keys_path(settings: Settings) -> Path:
    return settings.home / "keys.db"


def audit_path(settings: Settings) -> Path:
    return settings.home / "audit.db"


def max_request_bytes(settings: Settings) -> int:
    """`COACH_MAX_REQUEST_BYTES` once Settings has that field; 5 MB until then."""
    return int(getattr(settings, "max_request_bytes", DEFAULT_MAX_REQUEST_BYTES))


def frame_ancestors(settings: Settings) -> str:
    """Who may embed the widget in an iframe (`COACH_WIDGET_FRAME_ANCESTORS` once Settings has it)."""
    return str(getattr(settings, "widget_frame_ancestors", DEFAULT_FRAME_ANCESTORS))


@dataclass
class Services:
    settings: Settings
    ctx: Context
    audit: AuditLog
    keys: KeyStore
    metrics: ServiceMetrics

    @classmethod
    def open(cls, settings: Settings, ctx: Context | None = None) -> Services:
        ctx = ctx or Context(settings)
        return cls(
            settings=settings,
            ctx=ctx,
            audit=AuditLog(audit_path(settings)),
            keys=KeyStore(keys_path(settings)),
            metrics=ServiceMetrics(engines=[settings.engine.partition(":")[0]]),
        )

    def record(self, who: Principal, kind: str, request: Any, response: Any) -> str:
        """Store one answer in the audit trail; the id goes back to the client for feedback and sharing."""
        private = who.role == "rep" and kind in PRIVATE_KINDS
        return self.audit.record(who.key_id, who.team, who.role, who.rep, kind, request, response, private)
