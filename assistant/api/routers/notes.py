"""Ingest over HTTP: the same readers, validation, messages and all-or-nothing rule as `coach ingest`.

A JSON array goes through the `.json` reader; uploaded files are written to a temporary folder under their
own names (so the suffix picks the reader) and read with `load_records`. Any problem is a 422 naming the
file (or "request body"), the row or item and the field, and nothing is stored.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ...errors import NotFoundError, UserError
from ...ingest import ingest_records
from ...ingest.loaders import SUPPORTED, RawRecord, RecordError, read_json
from ...ingest.pipeline import TOO_DEEP, load_records
from ..deps import ServicesDep, TeamManagerDep
from ..errors import ApiError, unprocessable
from ..schemas.responses import IngestResult
from .common import ERRORS

router = APIRouter(prefix="/v1/teams/{team}", tags=["notes"], responses=ERRORS)

BODY_SOURCE = "request body"
MAX_FILES = 20
REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "object", "description": "A note: deal_id and text required (see README)."},
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                    "required": ["file"],
                }
            },
        },
    }
}


def json_records(raw: bytes) -> list[RawRecord]:
    try:
        text = raw.decode("utf-8-sig")
        if not text.strip():
            raise RecordError(BODY_SOURCE, None, "empty body: send a JSON array of note objects")
        return list(read_json(BODY_SOURCE, text))
    except UnicodeDecodeError:
        raise unprocessable(f"{BODY_SOURCE}: unreadable encoding: the body is not UTF-8; nothing was stored") from None
    except RecursionError:
        raise unprocessable(f"{BODY_SOURCE}: invalid JSON: {TOO_DEEP}; nothing was stored") from None
    except RecordError as exc:
        raise unprocessable(f"{exc}; nothing was stored") from None


def upload_records(files: list[tuple[str, bytes]]) -> list[RawRecord]:
    """Read uploaded files with the CLI's readers; messages and stored sources name the uploaded file."""
    with tempfile.TemporaryDirectory(prefix="coach-upload-") as tmp:
        paths, names = [], {}
        for index, (filename, content) in enumerate(files):
            folder = Path(tmp) / str(index)
            folder.mkdir()
            path = folder / filename
            path.write_bytes(content)
            paths.append(path)
            names[str(path)] = filename
        try:
            records = load_records(paths)
        except UserError as exc:
            message = str(exc)
            for temp, name in names.items():
                message = message.replace(temp, name)
            raise unprocessable(message) from None
    return [RawRecord(names.get(r.source, r.source), r.location, r.data) for r in records]


async def _uploads(request: Request) -> list[tuple[str, bytes]]:
    async with request.form(max_files=MAX_FILES, max_fields=MAX_FILES) as form:
        files: list[tuple[str, bytes]] = []
        for value in form.getlist("file"):
            if not isinstance(value, UploadFile):
                raise unprocessable("field 'file': expected an uploaded file; nothing was stored")
            name = Path(value.filename or "").name
            if not name or Path(name).suffix.lower() not in SUPPORTED:
                raise unprocessable(
                    f"{name or 'upload'}: unsupported file type (supported: {', '.join(SUPPORTED)}); nothing was stored"
                )
            files.append((name, await value.read()))
    if not files:
        raise unprocessable("no file in field 'file'; nothing was stored")
    return files


@router.post("/notes", response_model=IngestResult, openapi_extra=REQUEST_BODY)
async def ingest(request: Request, who: TeamManagerDep, services: ServicesDep) -> IngestResult:
    """Ingest notes: a JSON array of note objects, or CSV/JSONL/JSON/Markdown files as multipart (field `file`).
    Manager keys only; all or nothing."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        records = json_records(await request.body())
    elif content_type == "multipart/form-data":
        records = await run_in_threadpool(upload_records, await _uploads(request))
    else:
        raise ApiError(415, "send a JSON array (application/json) or files in field 'file' (multipart/form-data)")
    try:
        report = await run_in_threadpool(ingest_records, services.ctx, records, who.team)
    except NotFoundError:
        raise
    except UserError as exc:
        raise unprocessable(str(exc)) from None
    return IngestResult(**{k: getattr(report, k) for k in IngestResult.model_fields})
