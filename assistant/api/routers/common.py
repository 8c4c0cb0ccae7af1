"""What several routers share: the answer-id header and the error responses shown in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from ..schemas.openai import OpenAIError
from ..schemas.responses import ErrorResponse

ANSWER_HEADER = "X-Coach-Answer-Id"
CACHE_HEADER = "X-Coach-Cache"


def wants_fresh(request: Request) -> bool:
    """`Cache-Control: no-cache` asks the engine to recompute instead of serving a cached pack."""
    return "no-cache" in request.headers.get("cache-control", "").lower()


_DESCRIPTIONS = {
    400: "Bad request",
    401: "No, invalid or revoked key",
    403: "The key's role may not do this",
    404: "Unknown (or another team's) resource",
    413: "Request body too large",
    422: "Invalid input",
    500: "Internal error",
    503: "A backend is unavailable",
}
ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text} for status, text in _DESCRIPTIONS.items()
}
# Errors of a route whose success is not JSON (/metrics): FastAPI would document them in the route's media type.
TEXT_ROUTE_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": _DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
    }
    for status in (401, 403)
}
OPENAI_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": OpenAIError, "description": text} for status, text in _DESCRIPTIONS.items() if status != 422
}
