"""What the SQLAlchemy stores cost per read, against raw sqlite3 on the same file in the same run.

The reads every request makes: `Catalog.revision(team)` (each in-process cache checks it, so replicas see each
other's ingest) and `Catalog.notes(team, deal_id)`. Prints medians (µs) of N calls each, and ratios to raw
sqlite3. With COACH_BENCH_DATABASE_URL=postgresql://... the same reads on PostgreSQL are measured too.

    python bench/store.py                 # 2,000 notes in 200 deals, 2,000 calls each
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.models import Chunk, Note  # noqa: E402
from assistant.store.catalog import Catalog  # noqa: E402

NOTES, DEALS, CALLS, TEAM = 2000, 200, 2000, "bench"


def median_us(fn: Callable[[], object], calls: int = CALLS) -> float:
    for _ in range(50):
        fn()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e6


def fill(catalog: Catalog) -> None:
    with catalog.transaction() as con:
        for i in range(NOTES):
            note = Note(team=TEAM, note_id=f"N{i}", deal_id=f"D{i % DEALS}", text=f"note {i} about the budget")
            catalog.put_note(con, note, [Chunk(f"N{i}#0", note.note_id, note.deal_id, None, 0, note.text)])
        catalog.bump_revision(con, TEAM)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "coach.db"
        catalog = Catalog(path)
        fill(catalog)
        raw = sqlite3.connect(path)
        rows: list[tuple[str, float, float]] = []
        raw_rev = median_us(
            lambda: raw.execute("SELECT value FROM meta WHERE key = ?", [f"revision:{TEAM}"]).fetchone()
        )
        raw_notes = median_us(
            lambda: raw.execute(
                "SELECT * FROM notes WHERE team = ? AND deal_id = ? ORDER BY date, note_id", [TEAM, "D7"]
            ).fetchall()  # fmt: skip
        )
        rows.append(("raw sqlite3", raw_rev, raw_notes))
        rows.append(("Catalog, SQLite", median_us(lambda: catalog.revision(TEAM)),
                     median_us(lambda: catalog.notes(TEAM, deal_id="D7"))))  # fmt: skip
        url = os.environ.get("COACH_BENCH_DATABASE_URL")
        if url:
            pg = Catalog(url)
            with pg.transaction() as con:
                Catalog.delete_notes(con, TEAM, [f"N{i}" for i in range(NOTES)])
            fill(pg)
            rows.append(("Catalog, PostgreSQL", median_us(lambda: pg.revision(TEAM)),
                         median_us(lambda: pg.notes(TEAM, deal_id="D7"))))  # fmt: skip
    print(f"{NOTES} notes, {DEALS} deals; median of {CALLS} calls (µs), ratio to raw sqlite3")
    print(f"{'':22} {'revision()':>12} {'ratio':>7} {'notes(deal)':>12} {'ratio':>7}")
    for name, rev, notes in rows:
        print(f"{name:22} {rev:12.1f} {rev / raw_rev:7.1f} {notes:12.1f} {notes / raw_notes:7.1f}")


if __name__ == "__main__":
    main()
