"""Ingest: validate everything first, then embed, then write; a bad input stores nothing."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..context import Context
from ..errors import BackendError, NotFoundError, UserError, unknown_team
from ..models import Chunk, Note
from ..store.chunking import chunk_note
from ..store.reconcile import INDEX_FORMAT, IndexRepair, chunk_metadata
from ..store.vectors import check_team, team_collection
from .loaders import SUPPORTED, RawRecord, RecordError, expand_paths
from .mapping import MapOptions, effective, resolve, save_options
from .problems import ordered, problems_error
from .records import UNDATED, prepare
from .sources import CallOptions, Loaded, load_sources

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
    repair: IndexRepair | None = None  # what a cut-off earlier write had left, fixed before this one

    def summary(self) -> str:
        repaired = (
            f"; index repaired first: {self.repair.summary()}"
            if self.repair is not None and self.repair.changed
            else ""
        )
        return (
            f"team {self.team}: {self.added} added, {self.replaced} replaced, {self.unchanged} unchanged; "
            f"{self.deals} deals; {self.chunks} chunks embedded; {self.seconds:.1f}s{repaired}"
        )


@dataclass
class IngestOptions:
    """How to read the files: column mapping (saved per team with save_map), sheet, call-transcript details."""

    mapping: MapOptions = field(default_factory=MapOptions)
    save_map: bool = False
    sheet: str | None = None
    call: CallOptions = field(default_factory=CallOptions)


def _dedupe(notes: list[tuple[Note, RawRecord]], problems: list[RecordError]) -> list[Note]:
    """One note per id; the same id with other content is a problem naming both places."""
    seen: dict[str, tuple[Note, RawRecord]] = {}
    for note, record in notes:
        previous = seen.get(note.note_id)
        if previous is not None and previous[0].content_key() != note.content_key():
            problems.append(
                RecordError(
                    record.source,
                    record.location,
                    f"field 'note_id': {note.note_id!r} also used, with other content, at "
                    f"{previous[1].source}: {previous[1].location}",
                )
            )
            continue
        seen.setdefault(note.note_id, (note, record))
    return [n for n, _ in seen.values()]


def load_records(
    paths: Sequence[str | Path], options: IngestOptions | None = None, rep_names: list[str] | None = None
) -> Loaded:
    """Every input file read; problems collected (a missing path or no files at all stops here)."""
    options = options or IngestOptions()
    try:
        files = expand_paths(paths)
    except RecordError as exc:
        raise UserError(f"{exc}; nothing was stored") from None
    if not files:
        raise UserError(f"no note files found (supported: {', '.join(SUPPORTED)}); nothing was stored")
    return load_sources(files, options.sheet, options.call, rep_names)


def ingest_paths(
    ctx: Context,
    paths: Sequence[str | Path],
    team: str,
    progress: ProgressFactory | None = None,
    options: IngestOptions | None = None,
) -> IngestReport:
    check_team(team)
    reps = ctx.catalog.reps(team) if ctx.settings.has_store else []  # a transcript's rep, by the team's names
    loaded = load_records(paths, options, reps)
    return ingest_records(ctx, loaded.records, team, progress, options, loaded)


def ingest_records(
    ctx: Context,
    records: Sequence[RawRecord],
    team: str,
    progress: ProgressFactory | None = None,
    options: IngestOptions | None = None,
    loaded: Loaded | None = None,
) -> IngestReport:
    """Map and validate every record, diff against the catalog, embed what is new or changed, write all of it.

    A write cut off earlier (kill -9 during the vector write) is repaired first, even when nothing is new.
    """
    started = time.perf_counter()
    check_team(team)
    options = options or IngestOptions()
    # a team's saved mapping lives in the catalog; with no catalog yet there is none (and opening one would
    # create the store before the records are known to be good)
    fresh = not ctx.settings.has_store
    colmap = resolve(options.mapping or MapOptions()) if fresh else effective(ctx.catalog, team, options.mapping)
    tabular = loaded.tabular if loaded else set()
    prepared = prepare(records, colmap, team, tabular)
    problems = (loaded.problems if loaded else []) + prepared.problems
    notes = _dedupe(list(zip(prepared.notes, prepared.records, strict=True)), problems)
    if problems:
        raise problems_error(ordered(problems, (r.source for r in records)))
    report = IngestReport(team=team, deals=len({n.deal_id for n in notes}))
    existing = ctx.catalog.notes_by_id(team, [n.note_id for n in notes])
    changed: list[Note] = []
    for note in notes:
        old = existing.get(note.note_id)
        if old is not None and not note.text and not old.text and old.date and note.source.endswith(UNDATED):
            note = replace(note, date=old.date, source=old.source)  # the same undated snapshot keeps its first day
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
    else:
        report.repair = ctx.index_writer.repair(team)
    if options.save_map:
        save_options(ctx.catalog, team, colmap.options)
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
    """Embed outside the lock (the slow part), then write catalog and vectors under it in one transaction."""
    s = ctx.settings
    per_note: list[tuple[Note, list[Chunk]]] = [
        (n, chunk_note(n, s.chunk_tokens, s.chunk_overlap) if n.text else []) for n in notes
    ]  # a CRM snapshot has no text: stored for its stage, amount and dates, nothing to embed
    chunks = [c for _, cs in per_note for c in cs]
    report.chunks = len(chunks)
    tick = progress(len(chunks)) if progress else None
    vectors = ctx.embedder.embed([c.text for c in chunks], tick)
    new_ids = {c.chunk_id for c in chunks}
    collection = team_collection(team)
    try:
        with ctx.index_writer.writing(team) as repaired, ctx.catalog.transaction() as con:
            report.repair = repaired
            stale = [cid for cid in ctx.catalog.chunk_ids(team, replaced_ids) if cid not in new_ids]
            for note, note_chunks in per_note:
                ctx.catalog.put_note(con, note, note_chunks)
            ctx.catalog.bump_revision(con, team)
            ctx.vectors.upsert(
                collection,
                [c.chunk_id for c in chunks],
                vectors,
                [c.text for c in chunks],
                [chunk_metadata(c) for c in chunks],
            )
            ctx.vectors.delete(collection, stale)
            ctx.catalog.mark_index_clean(con, team, INDEX_FORMAT)
    except BackendError:
        raise
    except Exception as exc:  # the store failed mid-write: the catalog rolled back
        raise BackendError(
            f"writing to the index failed, nothing was stored in the catalog (the next write repairs the index): {exc}"
        ) from exc


def forget(ctx: Context, team: str, deal_id: str | None = None, note_id: str | None = None) -> int:
    """Delete one note or every note of a deal (catalog and vectors). Returns notes deleted.

    Vectors go by their catalog ids and by their metadata, so none a cut-off write left behind survives.
    """
    check_team(team)
    if (deal_id is None) == (note_id is None):
        raise UserError("give exactly one of --deal or --note")
    if ctx.catalog.stats(team)["notes"] == 0:
        if ctx.catalog.index_dirty(team):  # a cut-off first ingest may have left vectors only
            ctx.index_writer.repair(team)
        raise unknown_team(team)
    if deal_id is not None:
        ids = [n.note_id for n in ctx.catalog.notes(team, deal_id=deal_id)]
        missing = f"unknown deal {deal_id!r} in team {team!r}"
    else:
        assert note_id is not None
        ids = [note_id] if ctx.catalog.notes_by_id(team, [note_id]) else []
        missing = f"unknown note {note_id!r} in team {team!r}"
    if not ids:
        if ctx.catalog.index_dirty(team):  # a cut-off first ingest may have left this deal's vectors only
            ctx.index_writer.repair(team)
        raise NotFoundError(missing)
    collection = team_collection(team)
    with ctx.index_writer.writing(team), ctx.catalog.transaction() as con:
        chunk_ids = ctx.catalog.chunk_ids(team, ids)
        deals = {n.deal_id for n in ctx.catalog.notes_by_id(team, ids).values()}
        ctx.catalog.delete_notes(con, team, ids)
        ctx.catalog.delete_deal_models(con, team, deals)
        if deal_id is not None:
            ctx.reviews.delete_deal(con, team, deal_id)
        ctx.catalog.bump_revision(con, team)
        ctx.vectors.delete(collection, chunk_ids)
        ctx.vectors.delete_where(collection, {"deal_id": deal_id} if deal_id is not None else {"note_id": note_id})
        ctx.catalog.mark_index_clean(con, team, INDEX_FORMAT)
    return len(ids)
