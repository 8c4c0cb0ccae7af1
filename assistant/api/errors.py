"""Every error leaves the service as one JSON object, never as a stack trace.

`{"error": {"type", "message"}}` everywhere; OpenAI's `{"error": {"message", "type", "param", "code"}}` on the
OpenAI-compatible routes, so the OpenAI SDK and LangChain raise their usual exceptions (BadRequestError,
NotFoundError...) with our message in them. The package's own errors map to statuses here, in one place.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ..errors import BackendError, NotFoundError, UserError

log = logging.getLogger("assistant.api")

OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")
TYPES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    503: "backend_unavailable",
}
OPENAI_TYPES = {401: "authentication_error", 403: "permission_error", 500: "server_error", 503: "server_error"}


class ApiError(HTTPException):
    """An HTTP error with a machine-readable type (and an OpenAI `code`, used on the OpenAI routes)."""

    def __init__(
        self, status: int, message: str, type_: str | None = None, code: str | None = None, param: str | None = None
    ) -> None:
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        super().__init__(status_code=status, detail=message, headers=headers)
        self.type, self.code, self.param = type_ or TYPES.get(status, "error"), code, param


def unauthorized() -> ApiError:
    return ApiError(401, "missing, invalid or revoked API key (send Authorization: Bearer KEY)", code="invalid_api_key")


def forbidden(message: str) -> ApiError:
    return ApiError(403, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def unprocessable(message: str) -> ApiError:
    return ApiError(422, message)


def error_response(
    request: Request,
    status: int,
    message: str,
    type_: str | None = None,
    code: str | None = None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    message = " ".join(message.split())  # one line, whatever the source
    if request.url.path.startswith(OPENAI_PATHS):
        body: dict[str, Any] = {
            "message": message,
            "type": OPENAI_TYPES.get(status, "invalid_request_error"),
            "param": param,
            "code": code or (type_ or TYPES.get(status, "error")),
        }
    else:
        body = {"type": type_ or TYPES.get(status, "error"), "message": message}
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    """The first problems as `where: what`, and the first location (OpenAI's `param`)."""
    parts, first = [], None
    for error in exc.errors()[:3]:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path", "header")]
        where = ".".join(loc) or "body"
        first = first or where
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    more = len(exc.errors()) - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else ""), first


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        detail = str(exc.detail)
        if isinstance(exc.__cause__, RecursionError):  # FastAPI's "error parsing the body" says nothing of why
            detail = "the request body is nested too deeply to read (JSON of more than a few hundred levels)"
        return error_response(
            request,
            exc.status_code,
            detail,
            getattr(exc, "type", None),
            getattr(exc, "code", None),
            getattr(exc, "param", None),
            dict(exc.headers or {}),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        message, param = _validation_message(exc)
        # OpenAI answers malformed requests with 400; our own endpoints with 422 (FastAPI's convention).
        status = 400 if request.url.path.startswith(OPENAI_PATHS) else 422
        return error_response(request, status, message, "invalid_request", param=param)

    @app.exception_handler(NotFoundError)
    async def missing(request: Request, exc: NotFoundError) -> JSONResponse:
        return error_response(request, 404, str(exc))

    @app.exception_handler(UserError)
    async def user_error(request: Request, exc: UserError) -> JSONResponse:
        return error_response(request, 400, str(exc))

    @app.exception_handler(BackendError)
    async def backend(request: Request, exc: BackendError) -> JSONResponse:
        log.error("backend error on %s: %s", request.url.path, exc)
        return error_response(request, 503, f"a backend failed: {exc}", headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "internal error (details are in the server log)")
