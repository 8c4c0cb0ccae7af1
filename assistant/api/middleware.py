"""Two pure-ASGI middlewares: request observation (timing headers, metrics) and the request-size limit.

Pure ASGI rather than BaseHTTPMiddleware: they must not buffer streamed chat replies, and they cost
next to nothing per request, which the prep benchmark (bench/serve.py) measures.
"""

from __future__ import annotations

import json
import time

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import OPENAI_PATHS
from .metrics import ServiceMetrics


class ObserveMiddleware:
    """Adds `Server-Timing: app;dur=MS` and `X-Process-Time: SECONDS` (time to the response headers) and records
    each request under its route template in the metrics."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def timed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                elapsed = time.perf_counter() - started
                headers = list(message.get("headers", []))
                headers.append((b"server-timing", f"app;dur={elapsed * 1000:.3f}".encode()))
                headers.append((b"x-process-time", f"{elapsed:.6f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            self.metrics.observe(route, scope["method"], status, time.perf_counter() - started)


class BodyLimitMiddleware:
    """413 past `limit` bytes: at once from Content-Length, or while reading a chunked body."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = f"request body too large: the limit is {self.limit} bytes"
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await _send_413(send, scope.get("path", ""), too_large)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, too_large)
            return message

        await self.app(scope, limited_receive, send)


async def _send_413(send: Send, path: str, message: str) -> None:
    if path.startswith(OPENAI_PATHS):
        error: dict[str, str | None] = {
            "message": message,
            "type": "invalid_request_error",
            "param": None,
            "code": "payload_too_large",
        }
    else:
        error = {"type": "payload_too_large", "message": message}
    body = json.dumps({"error": error}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
