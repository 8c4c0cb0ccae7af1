"""Rounds of distinct queries, each beside a bare Chroma query of the same vector: the figures the target is read on.

Called by bench/search.py. On a shared machine one pass is at the mercy of what else runs, so the never-seen queries
are searched in `rounds` rounds, and each query's bare Chroma query (its vector computed before the round, with
`embed_one` and not through search's query cache, so `search_notes` still embeds it afresh) is timed right beside
it: the ratio of a round is read in that round's conditions. The CPU time of the searching thread is shown beside
the wall time: a wall p95 far above the CPU p95 is time spent waiting for a core, not work a search does.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from assistant import search
from assistant.store.vectors import team_collection


def _pct(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def rounds(ctx: Any, teams: list[str], batches: list[list[str]]) -> tuple[list[float], list[float]]:
    """Print one line per round; return every search's wall ms and every bare query's ms, pooled over rounds."""
    walls: list[float] = []
    bares: list[float] = []
    print(f"\ndistinct queries in {len(batches)} rounds, each beside a bare Chroma query of its vector; ms")
    head = f"{'round':<6} {'queries':>7} {'load':>5} {'p50':>7} {'p95':>7}"
    print(f"{head} {'cpu p50':>8} {'cpu p95':>8} {'bare':>6} {'x bare':>7}")
    for r, queries in enumerate(batches, 1):
        vectors = [ctx.embedder.embed_one(q) for q in queries]
        wall, cpu, bare = [], [], []
        load = os.getloadavg()[0]
        for i, (q, v) in enumerate(zip(queries, vectors, strict=True)):
            team = teams[i % len(teams)]
            start = time.perf_counter()
            ctx.vectors.query(team_collection(team), v, 50)
            bare.append((time.perf_counter() - start) * 1000)
            start, cpu_start = time.perf_counter(), time.thread_time()
            search.search_notes(ctx, team, q)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - cpu_start) * 1000)
        p50, base = statistics.median(wall), statistics.median(bare)
        print(
            f"{r:<6} {len(queries):>7} {load:>5.1f} {p50:>7.2f} {_pct(wall, 95):>7.2f} {statistics.median(cpu):>8.2f}"
            f" {_pct(cpu, 95):>8.2f} {base:>6.2f} {p50 / base:>7.1f}"
        )
        walls += wall
        bares += bare
    return walls, bares
