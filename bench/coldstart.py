"""Cold start of the `coach` command: whole processes, timed from spawn to exit, beside a bare interpreter.

    python bench/coldstart.py [--runs 7] [--compare PATH]

Ingests the sample team's notes into a temporary COACH_HOME and runs one prep (which stores the deal model
and the principle ranking), then times fresh processes, each run `--runs` times, medians printed:
  - baseline: `python -c pass` (the interpreter's own start, the floor);
  - `coach --help`;
  - `coach prep D-201`: a first prep in a new process, from the stored deal model;
  - the same with the stored principle rankings deleted before each run (a deal model stored without them, so
    the embedding model and the vector store are loaded).
`--compare PATH` times the same two commands from another checkout too (e.g. a tree before this change),
with its own home, in the same run. Targets: --help under 0.3 s, first prep from a stored deal model under 1.5 s.
Wall time is what a user waits; CPU time (user + system of the child, from getrusage) is printed beside it
because on a shared machine the wall time also counts the wait for a core.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "examples" / "summit" / "notes.csv"
TARGETS = {"coach --help": 0.3, "coach prep (stored deal model)": 1.5}


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    cmd: list[str], env: dict[str, str], runs: int, before: Callable[[], None] | None = None
) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) of each run."""
    wall, cpu = [], []
    for _ in range(runs):
        if before is not None:
            before()
        cpu_start, start = cpu_of_children(), time.perf_counter()
        subprocess.run(
            cmd,
            env=env,
            cwd=env["COACH_HOME"] + "-cwd",
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wall.append(time.perf_counter() - start)
        cpu.append(cpu_of_children() - cpu_start)
    return wall, cpu


COACH = [sys.executable, "-m", "assistant"]
PREP = [*COACH, "prep", "D-201", "--team", "summit"]


def prepared(tree: Path, home: Path) -> dict[str, str]:
    """The environment running `tree`'s code on `home`, with the sample notes ingested and one prep done."""
    env = {**os.environ, "COACH_HOME": str(home), "PYTHONPATH": str(tree), "NO_COLOR": "1"}
    cwd = Path(f"{home}-cwd")  # an empty working directory: `python -m` puts it first on sys.path
    cwd.mkdir()
    ingest = [*COACH, "ingest", str(NOTES), "--team", "summit"]
    subprocess.run(ingest, env=env, cwd=cwd, check=True, capture_output=True)
    subprocess.run(PREP, env=env, cwd=cwd, check=True, capture_output=True)  # stores the deal model (and rankings)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare", type=Path, help="another checkout to time beside this one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        env = prepared(ROOT, home)
        coach, prep = COACH, PREP

        def forget_rankings() -> None:
            with sqlite3.connect(home / "coach.db") as con:
                con.execute("DELETE FROM meta WHERE key LIKE 'principles:%'")

        rows = {
            "baseline: python -c pass": timed([sys.executable, "-c", "pass"], env, args.runs),
            "coach --help": timed([*coach, "--help"], env, args.runs),
            "coach prep (stored deal model)": timed(prep, env, args.runs),
            "coach prep (stored model, no rankings)": timed(prep, env, args.runs, forget_rankings),
        }
        if args.compare is not None:
            other = prepared(args.compare.resolve(), Path(tmp) / "other")
            rows[f"coach --help [{args.compare}]"] = timed([*coach, "--help"], other, args.runs)
            rows[f"coach prep [{args.compare}]"] = timed(prep, other, args.runs)
    base = statistics.median(rows["baseline: python -c pass"][0])
    print(f"cold start, {args.runs} runs each (seconds; wall median and min, CPU median)")
    print(f"{'command':42} {'wall':>7} {'min':>7} {'cpu':>7} {'x base':>7} {'target':>7}")
    for name, (wall, cpu) in rows.items():
        med = statistics.median(wall)
        target = f"< {TARGETS[name]}" if name in TARGETS else ""
        print(f"{name:42} {med:7.3f} {min(wall):7.3f} {statistics.median(cpu):7.3f} {med / base:7.1f} {target:>7}")


if __name__ == "__main__":
    main()
