"""Ingest: validate everything first, then embed, then write; a bad input stores nothing."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..context import Context
from ..errors import BackendError, NotFoundError, UserError, unknown_team
from ..models import Chunk, Note
from ..store.chunking import chunk_note
from ..store.vectors import check_team, team_collection
from .loaders import RawRecord, RecordError, expand_paths, read_file
from .validate import validate_record

ProgressFactory = Callable[[int], Callable[[int], None]]


@dataclass
class IngestReport:
    team: str
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    deals: int = 0
    chunks: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"team {self.team}: {self.added} added, {self.replaced} replaced, {self.unchanged} unchanged; "
            f"{self.deals} deals; {self.chunks} chunks embedded; {self.seconds:.1f}s"
        )


def _validate_all(records: Iterable[RawRecord], team: str) -> list[Note]:
    """Validate every record; the first problem raises with a count of the others."""
    notes: dict[str, tuple[Note, RawRecord]] = {}
    errors: list[RecordError] = []
    for record in records:
        try:
            note = validate_record(record, team)
        except RecordError as exc:
            errors.append(exc)
            continue
        previous = notes.get(note.note_id)
        if previous is not None and previous[0].content_key() != note.content_key():
            errors.append(
                RecordError(
                    record.source,
                    record.location,
                    f"field 'note_id': {note.note_id!r} also used, with other content, at "
                    f"{previous[1].source}: {previous[1].location}",
                )
            )
            continue
        notes.setdefault(note.note_id, (note, record))
    if errors:
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise UserError(f"{errors[0]}{more}; nothing was stored")
    return [n for n, _ in notes.values()]


def load_records(paths: Sequence[str | Path]) -> list[RawRecord]:
    try:
        files = expand_paths(paths)
        if not files:
            raise UserError("no note files found (supported: .csv, .jsonl, .json, .md, .txt); nothing was stored")
        records: list[RawRecord] = []
        for path in files:
            records += read_file(path)
    except RecordError as exc:
        raise UserError(f"{exc}; nothing was stored") from None
    return records


def ingest_paths(
    ctx: Context, paths: Sequence[str | Path], team: str, progress: ProgressFactory | None = None
) -> IngestReport:
    check_team(team)
    return ingest_records(ctx, load_records(paths), team, progress)


def ingest_records(
    ctx: Context, records: Sequence[RawRecord], team: str, progress: ProgressFactory | None = None
) -> IngestReport:
    """Validate, diff against the catalog, embed what is new or changed, write all of it."""
    started = time.perf_counter()
    check_team(team)
    notes = _validate_all(records, team)
    report = IngestReport(team=team, deals=len({n.deal_id for n in notes}))
    existing = ctx.catalog.notes_by_id(team, [n.note_id for n in notes])
    changed: list[Note] = []
    for note in notes:
        old = existing.get(note.note_id)
        if old is None:
            report.added += 1
            changed.append(note)
        elif old.content_key() != note.content_key():
            report.replaced += 1
            changed.append(note)
        else:
            report.unchanged += 1
    if changed:
        _write(ctx, team, changed, [n.note_id for n in changed if n.note_id in existing], report, progress)
    report.seconds = time.perf_counter() - started
    return report


def _write(
    ctx: Context,
    team: str,
    notes: list[Note],
    replaced_ids: list[str],
    report: IngestReport,
    progress: ProgressFactory | None,
) -> None:
    s = ctx.settings
    per_note: list[tuple[Note, list[Chunk]]] = [(n, chunk_note(n, s.chunk_tokens, s.chunk_overlap)) for n in notes]
    chunks = [c for _, cs in per_note for c in cs]
    report.chunks = len(chunks)
    tick = progress(len(chunks)) if progress else None
    vectors = ctx.embedder.embed([c.text for c in chunks], tick)
    new_ids = {c.chunk_id for c in chunks}
    stale = [cid for cid in ctx.catalog.chunk_ids(team, replaced_ids) if cid not in new_ids]
    collection = team_collection(team)
    try:
        with ctx.catalog.transaction() as con:
            for note, note_chunks in per_note:
                ctx.catalog.put_note(con, note, note_chunks)
            ctx.catalog.bump_revision(con, team)
            ctx.vectors.upsert(
                collection,
                [c.chunk_id for c in chunks],
                vectors,
                [c.text for c in chunks],
                [{"note_id": c.note_id, "deal_id": c.deal_id, "rep_key": (c.rep or "").lower()} for c in chunks],
            )
            ctx.vectors.delete(collection, stale)
    except BackendError:
        raise
    except Exception as exc:  # the store failed mid-write: the catalog rolled back
        raise BackendError(f"writing to the index failed, nothing was stored in the catalog: {exc}") from exc


def forget(ctx: Context, team: str, deal_id: str | None = None, note_id: str | None = None) -> int:
    """Delete one note or every note of a deal (catalog and vectors). Returns notes deleted."""
    check_team(team)
    if (deal_id is None) == (note_id is None):
        raise UserError("give exactly one of --deal or --note")
    if ctx.catalog.stats(team)["notes"] == 0:
        raise unknown_team(team)
    if deal_id is not None:
        ids = [n.note_id for n in ctx.catalog.notes(team, deal_id=deal_id)]
        if not ids:
            raise NotFoundError(f"unknown deal {deal_id!r} in team {team!r}")
    else:
        assert note_id is not None
        if not ctx.catalog.notes_by_id(team, [note_id]):
            raise NotFoundError(f"unknown note {note_id!r} in team {team!r}")
        ids = [note_id]
    chunk_ids = ctx.catalog.chunk_ids(team, ids)
    deals = {n.deal_id for n in ctx.catalog.notes_by_id(team, ids).values()}
    with ctx.catalog.transaction() as con:
        ctx.catalog.delete_notes(con, team, ids)
        ctx.catalog.delete_deal_models(con, team, deals)
        ctx.catalog.bump_revision(con, team)
        ctx.vectors.delete(team_collection(team), chunk_ids)
    return len(ids)
