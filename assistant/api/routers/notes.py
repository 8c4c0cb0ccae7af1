"""Ingest over HTTP: the same readers, validation, messages and all-or-nothing rule as `coach ingest`.

A JSON array goes through the `.json` reader; uploaded files are written to a temporary folder under their
own names (so the suffix picks the reader) and read with `load_records`. Any problem is a 422 naming the
file (or "request body"), the row or item and the field, and nothing is stored.

The CLI's reading options come as form fields next to the files, or as query parameters (also for a JSON
body): `preset`, `map`, `ignore` (repeatable or comma-separated), `date_format`, `sheet`, `save_map`, and for a
call transcript `deal`, `rep_speaker`, `call_date`.
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
from ...ingest.loaders import SUPPORTED, TOO_DEEP, RawRecord, RecordError, read_json
from ...ingest.mapping import MapOptions
from ...ingest.pipeline import IngestOptions, load_records
from ...ingest.sources import CallOptions, Loaded
from ..deps import ServicesDep, TeamManagerDep
from ..errors import ApiError, unprocessable
from ..schemas.responses import IngestResult
from .common import ERRORS

router = APIRouter(prefix="/v1/teams/{team}", tags=["notes"], responses=ERRORS)

BODY_SOURCE = "request body"
MAX_FILES = 20
OPTION_FIELDS = ("preset", "map", "ignore", "date_format", "sheet", "save_map", "deal", "rep_speaker", "call_date")
LIST_FIELDS = ("map", "ignore")
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
                    "properties": {
                        "file": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        "preset": {"type": "string", "enum": ["salesforce", "hubspot"]},
                        "map": {"type": "array", "items": {"type": "string"}, "description": "COLUMN=FIELD pairs"},
                        "ignore": {"type": "array", "items": {"type": "string"}},
                        "date_format": {"type": "string", "description": "e.g. %m/%d/%Y"},
                        "sheet": {"type": "string"},
                        "save_map": {"type": "boolean"},
                        "deal": {"type": "string", "description": "The deal of a call transcript."},
                        "rep_speaker": {"type": "string"},
                        "call_date": {"type": "string", "format": "date"},
                    },
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


def _renamed(loaded: Loaded, names: dict[str, str]) -> Loaded:
    """Sources named by the uploaded file names, never by the temporary paths."""
    return Loaded(
        [RawRecord(names.get(r.source, r.source), r.location, r.data) for r in loaded.records],
        {names.get(t, t) for t in loaded.tabular},
        [RecordError(names.get(p.source, p.source), p.location, p.message) for p in loaded.problems],
    )


def upload_records(
    files: list[tuple[str, bytes]], options: IngestOptions | None = None, rep_names: list[str] | None = None
) -> Loaded:
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
            loaded = load_records(paths, options, rep_names)
        except UserError as exc:
            message = str(exc)
            for temp, name in names.items():
                message = message.replace(temp, name)
            raise unprocessable(message) from None
    return _renamed(loaded, names)


def _options(fields: dict[str, list[str]]) -> IngestOptions:
    def one(name: str) -> str | None:
        values = [v for v in fields.get(name, []) if v.strip()]
        if len(values) > 1:
            raise unprocessable(f"field {name!r}: give it once; nothing was stored")
        return values[0].strip() if values else None

    save = (one("save_map") or "false").lower()
    if save not in ("true", "false", "1", "0", "yes", "no"):
        raise unprocessable("field 'save_map': expected true or false; nothing was stored")
    return IngestOptions(
        mapping=MapOptions(one("preset"), fields.get("map", []), fields.get("ignore", []), one("date_format")),
        save_map=save in ("true", "1", "yes"),
        sheet=one("sheet"),
        call=CallOptions(one("deal"), one("rep_speaker"), one("call_date")),
    )


async def _uploads(request: Request, fields: dict[str, list[str]]) -> list[tuple[str, bytes]]:
    limit = MAX_FILES + 3 * len(OPTION_FIELDS)
    async with request.form(max_files=MAX_FILES, max_fields=limit) as form:
        files: list[tuple[str, bytes]] = []
        for key, value in form.multi_items():
            if key in OPTION_FIELDS:
                if not isinstance(value, str):
                    raise unprocessable(f"field {key!r}: expected text, not a file; nothing was stored")
                earlier = fields.get(key, []) if key in LIST_FIELDS else []  # a form field overrides the query
                fields[key] = [*earlier, value]
            elif key == "file":
                if not isinstance(value, UploadFile):
                    raise unprocessable("field 'file': expected an uploaded file; nothing was stored")
                name = Path(value.filename or "").name
                if not name or Path(name).suffix.lower() not in SUPPORTED:
                    raise unprocessable(
                        f"{name or 'upload'}: unsupported file type (supported: {', '.join(SUPPORTED)}); "
                        "nothing was stored"
                    )
                files.append((name, await value.read()))
            else:
                raise unprocessable(
                    f"field {key!r}: unknown form field (fields: file, {', '.join(OPTION_FIELDS)}); nothing was stored"
                )
    if not files:
        raise unprocessable("no file in field 'file'; nothing was stored")
    return files


def _query_fields(request: Request) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if key in OPTION_FIELDS:
            fields.setdefault(key, []).append(value)
    return fields


@router.post("/notes", response_model=IngestResult, openapi_extra=REQUEST_BODY)
async def ingest(request: Request, who: TeamManagerDep, services: ServicesDep) -> IngestResult:
    """Ingest notes: a JSON array of note objects, or CSV/XLSX/JSONL/JSON/Markdown notes, CRM exports and call
    transcripts (VTT, SRT, JSON, text) as multipart (field `file`, reading options as form fields). Manager keys
    only; all or nothing."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    fields = _query_fields(request)
    loaded: Loaded | None = None
    if content_type == "application/json":
        options = _options(fields)
        records = json_records(await request.body())
    elif content_type == "multipart/form-data":
        uploads = await _uploads(request, fields)
        options = _options(fields)
        reps = services.ctx.catalog.reps(who.team)
        loaded = await run_in_threadpool(upload_records, uploads, options, reps)
        records = loaded.records
    else:
        raise ApiError(415, "send a JSON array (application/json) or files in field 'file' (multipart/form-data)")
    try:
        report = await run_in_threadpool(ingest_records, services.ctx, records, who.team, None, options, loaded)
    except NotFoundError:
        raise
    except UserError as exc:
        raise unprocessable(str(exc)) from None
    return IngestResult(**{k: getattr(report, k) for k in IngestResult.model_fields})
