"""Crash trials: kill -9 a real `coach ingest` subprocess at seeded random points, recover, check catalog = index.

Each trial writes a small JSONL file (new deals, or new texts for known notes plus a few new ones), starts
`python -m assistant ingest FILE` and kills it with SIGKILL either at a uniformly random time of its run or at a
random time after it has committed its vector-write marker (so that enough kills land inside the vector write).
Then the damage is measured with a fresh client (orphans, missing, mismatched vectors), the index is recovered by
the next in-process ingest or by a `coach doctor --repair` subprocess, and the state is checked from outside our
hashes: every catalog chunk has exactly one vector whose stored document and metadata are that chunk's, nothing
committed is lost, search returns k results, and forgetting a deal leaves no vector of it.

Used by tests/store/test_crash_trials.py (CI, ~20 trials) and `make crash` (CRASH_TRIALS=100).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.context import Context
from assistant.ingest import ingest_paths
from assistant.ingest.pipeline import forget
from assistant.settings import Settings
from assistant.store.reconcile import check_index
from assistant.store.vectors import team_collection

TEAM = "crash"
WORDS = ["budget", "pilot", "pricing", "CFO", "legal", "renewal", "migration", "invoice", "committee", "scope"]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."


def note_text(rng: random.Random, tag: str) -> str:
    """1 to ~4 chunks at 128 tokens: long notes make replacements change the number of chunks."""
    return f"[{tag}] " + " ".join(sentence(rng) for _ in range(rng.choice([1, 2, 6, 12, 20])))


@dataclass
class Outcome:
    trial: int
    op: str
    mode: str
    delay: float
    landed: str  # "before write", "during vector write", "after commit", "finished"
    damage: dict[str, int]
    recovery: str
    repaired: dict[str, int] | None


@dataclass
class Trials:
    home: Path
    seed: int
    work: Path
    expected: dict[str, tuple[str, str]] = field(default_factory=dict)  # note_id -> (deal_id, text)
    outcomes: list[Outcome] = field(default_factory=list)
    run_seconds: float = 2.5
    write_seconds: float = 0.05

    # -- the processes ------------------------------------------------------
    def env(self) -> dict[str, str]:
        return {**os.environ, "COACH_HOME": str(self.home), "NO_COLOR": "1", "COLUMNS": "200"}

    def coach(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "assistant", *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=self.env(), timeout=300)

    def context(self) -> Context:
        """A fresh client per check: chromadb keeps one system per path per process, with its own HNSW view."""
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        return Context(Settings(home=self.home, _env_file=None))  # type: ignore[call-arg]

    def marker_set(self) -> bool:
        con = sqlite3.connect(self.home / "coach.db", timeout=5)
        try:
            row = con.execute("SELECT 1 FROM meta WHERE key = ?", [f"index_dirty:{TEAM}"]).fetchone()
        except sqlite3.OperationalError:  # the schema is not there yet
            return False
        finally:
            con.close()
        return row is not None

    def catalog_state(self, ctx: Context) -> dict[str, tuple[str, str]]:
        return {n.note_id: (n.deal_id, n.text) for n in ctx.catalog.notes(TEAM)}

    # -- the files ----------------------------------------------------------
    def write_file(self, trial: int, rng: random.Random, op: str) -> tuple[Path, dict[str, tuple[str, str]]]:
        rows: dict[str, tuple[str, str]] = {}
        if op == "replace" and self.expected:
            for note_id in rng.sample(sorted(self.expected), min(8, len(self.expected))):
                rows[note_id] = (self.expected[note_id][0], note_text(rng, f"t{trial} new {note_id}"))
        for j in range(6 if op == "replace" else 12):
            rows[f"N{trial}-{j}"] = (f"D{trial}-{j % 3}", note_text(rng, f"t{trial} {j}"))
        path = self.work / f"trial-{trial}.jsonl"
        lines = [
            json.dumps({"note_id": n, "deal_id": d, "rep": f"Rep{len(n) % 3}", "date": "2026-10-01", "text": t})
            for n, (d, t) in rows.items()
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path, rows

    # -- one trial ----------------------------------------------------------
    def calibrate(self, path: Path, rows: dict[str, tuple[str, str]]) -> None:
        """One uncut run: how long a run takes, and how long its vector-write marker stays set."""
        started = time.perf_counter()
        proc = subprocess.Popen(self._ingest_cmd(path), env=self.env(), stdout=subprocess.DEVNULL)
        seen_at: float | None = None
        while proc.poll() is None:
            marked = self.marker_set()
            if seen_at is None and marked:
                seen_at = time.perf_counter()
            elif seen_at is not None and not marked:
                self.write_seconds = max(0.01, time.perf_counter() - seen_at)
                break
            time.sleep(0.002)
        proc.wait(timeout=300)
        assert proc.returncode == 0
        self.run_seconds = time.perf_counter() - started
        self.expected.update(rows)

    def _ingest_cmd(self, path: Path) -> list[str]:
        return [sys.executable, "-m", "assistant", "ingest", str(path), "--team", TEAM]

    def kill_run(self, path: Path, mode: str, rng: random.Random) -> tuple[float, bool]:
        """Start an ingest and SIGKILL it; returns (delay, killed before it finished)."""
        proc = subprocess.Popen(
            self._ingest_cmd(path), env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        started = time.perf_counter()
        if mode == "vector write":
            delay = rng.uniform(0.0, self.write_seconds)
            while proc.poll() is None and not self.marker_set():
                time.sleep(0.001)
        else:
            delay = rng.uniform(0.0, self.run_seconds)
        deadline = time.perf_counter() + delay
        while proc.poll() is None and time.perf_counter() < deadline:
            time.sleep(0.001)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return round(time.perf_counter() - started, 3), not finished

    def trial(self, trial: int) -> Outcome:
        rng = random.Random(self.seed * 1000 + trial)
        op = rng.choice(["ingest", "replace"])
        mode = rng.choice(["anywhere", "vector write"])
        path, rows = self.write_file(trial, rng, op)
        before = dict(self.expected)
        after = {**before, **rows}
        delay, killed = self.kill_run(path, mode, rng)

        ctx = self.context()
        marker = ctx.catalog.index_dirty(TEAM)
        state = self.catalog_state(ctx)
        assert state in (before, after), "the catalog is neither the state before nor after the write"
        found = check_index(ctx.catalog, ctx.vectors, TEAM)
        damage = {"orphans": len(found.orphans), "missing": len(found.missing), "mismatched": len(found.mismatched)}
        landed = (
            "finished"
            if not killed
            else "during vector write"
            if marker
            else ("after commit" if state == after and state != before else "before write")
        )
        if not found.ok:
            assert marker, f"damaged index without a write marker: {damage}"

        recovery = rng.choice(["next ingest", "next ingest", "next ingest", "doctor --repair"])
        repaired: dict[str, int] | None = None
        if recovery == "doctor --repair":
            result = self.coach("doctor", "--repair", "--json", "--team", TEAM)
            assert result.returncode == 0, result.stderr
            team = json.loads(result.stdout)["teams"][0]
            assert team["repaired"]["hashes_added"] == 0  # every vector here was written with its hash
            repaired = {k: team["repaired"][k] for k in ("orphans_removed", "re_embedded")}
            assert team["after"]["ok"] and not team["after"]["interrupted_write"]
            ctx = self.context()
            self.assert_consistent(ctx, state)
            report = ingest_paths(ctx, [path], TEAM)
            assert report.repair is None  # the doctor left nothing to repair
        else:
            report = ingest_paths(ctx, [path], TEAM)
            if marker:
                assert report.repair is not None
                repaired = {"orphans_removed": report.repair.orphans_removed, "re_embedded": report.repair.re_embedded}
        if repaired is not None:
            assert repaired == {
                "orphans_removed": damage["orphans"],
                "re_embedded": damage["missing"] + damage["mismatched"],
            }, (repaired, damage)
        self.expected = after
        ctx = self.context()
        self.assert_consistent(ctx, after)
        self.assert_search(ctx)
        if rng.random() < 0.5:
            self.forget_a_deal(ctx, rng)
        outcome = Outcome(trial, op, mode, delay, landed, damage, recovery, repaired)
        self.outcomes.append(outcome)
        return outcome

    # -- the checks ---------------------------------------------------------
    def assert_consistent(self, ctx: Context, expected: dict[str, tuple[str, str]]) -> None:
        assert self.catalog_state(ctx) == expected, "notes lost or changed"
        check = check_index(ctx.catalog, ctx.vectors, TEAM)
        assert check.ok, check.counts()
        assert not ctx.catalog.index_dirty(TEAM)
        chunks = {c.chunk_id: c for c in ctx.catalog.chunks(TEAM)}
        col = ctx.vectors._col(team_collection(TEAM))  # type: ignore[attr-defined]
        got = col.get(include=["documents", "metadatas"])
        assert len(got["ids"]) == len(set(got["ids"])) == len(chunks) == ctx.vectors.count(team_collection(TEAM))
        for cid, doc, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True):
            chunk = chunks[cid]
            assert doc == chunk.text and meta["deal_id"] == chunk.deal_id and meta["note_id"] == chunk.note_id, cid

    def assert_search(self, ctx: Context, k: int = 8) -> None:
        for mode in ("hybrid", "dense"):
            hits = ctx.retriever.search(TEAM, "budget approval from the CFO", k=k, mode=mode)
            assert len(hits) == k, (mode, len(hits))
            assert len({h.chunk_id for h in hits}) == k

    def forget_a_deal(self, ctx: Context, rng: random.Random) -> None:
        deal = rng.choice(sorted({d for d, _ in self.expected.values()}))
        forget(ctx, TEAM, deal_id=deal)
        self.expected = {n: v for n, v in self.expected.items() if v[0] != deal}
        ctx = self.context()
        col = ctx.vectors._col(team_collection(TEAM))  # type: ignore[attr-defined]
        assert col.get(where={"deal_id": deal})["ids"] == []
        assert not ctx.catalog.notes(TEAM, deal_id=deal)
        self.assert_consistent(ctx, self.expected)

    def summary(self) -> dict[str, Any]:
        landed: dict[str, int] = {}
        for o in self.outcomes:
            landed[o.landed] = landed.get(o.landed, 0) + 1
        damaged = [o for o in self.outcomes if any(o.damage.values())]
        return {
            "trials": len(self.outcomes),
            "landed": landed,
            "damaged_index": len(damaged),
            "damage_total": {k: sum(o.damage[k] for o in self.outcomes) for k in ("orphans", "missing", "mismatched")},
            "max_orphans": max((o.damage["orphans"] for o in self.outcomes), default=0),
            "repairs": sum(1 for o in self.outcomes if o.repaired and any(o.repaired.values())),
            "repaired_by": {r: sum(1 for o in damaged if o.recovery == r) for r in ("next ingest", "doctor --repair")},
        }
