"""Prep-pack requests against a real `uvicorn` server, beside a trivial FastAPI endpoint served the same way.

    python bench/serve.py [--notes 10000] [--requests 300] [--levels 1,4,16] [--deals 60]

A team of synthetic notes (deals built from the sample team's notes plus activity lines) is ingested once into
a COACH_HOME cached under /tmp. Two servers run as subprocesses on 127.0.0.1: the coach
(`assistant.api.app:create_app`) and a one-route FastAPI app (the framework's own ceiling on this machine).
At each concurrency level the same number of requests goes to: the trivial route, `/v1/me` (our key check
and middleware, no engine), prep packs as served (cached per catalog revision), and prep packs with
`Cache-Control: no-cache` (the engine recomputes every pack). Server-side time comes from the app's
`X-Process-Time` header. Targets: prep p50 under 20 ms server-side, at least 100 req/s on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fastapi import FastAPI

ROOT = Path(__file__).resolve().parent.parent
TEAM = "bench"
STAMP_VERSION = 1
ACTIVITY = [
    "Call with {p} about the approvals workflow; they asked about pricing for {n} seats.",
    "{p} says the CFO signs anything over ${n}k. We have not met the CFO yet.",
    "No next step agreed yet. Sent a follow-up with the ROI model.",
    "Demoed invoice matching for 40 minutes; {p} liked the exception queue.",
    "Competitor Ledgerly is also in the evaluation, per {p}.",
    "Security review starts on the {n}th; procurement wants three references.",
    "Pilot scoped for {n} entities. {p} will check budget with finance.",
    "Left a voicemail for {p}. No reply to last week's e-mail.",
]
PEOPLE = ["Dana Ruiz", "Omar Haddad", "Reyna Cole", "Iker Sato", "Mei Lin", "Tomas Berg", "Aiyana Ross"]

trivial_app = FastAPI()


@trivial_app.get("/ping")
def ping() -> dict[str, bool]:
    return {"ok": True}


def synth_notes(count: int, seed: int = 11) -> list[dict[str, str]]:
    """~20 notes per deal: a sample-team deal's own notes (real coaching signals) padded with activity lines."""
    rnd = random.Random(seed)
    with (ROOT / "examples" / "summit" / "notes.csv").open(encoding="utf-8") as fh:
        sample = list(csv.DictReader(fh))
    by_deal: dict[str, list[dict[str, str]]] = {}
    for row in sample:
        by_deal.setdefault(row["deal_id"], []).append(row)
    templates = sorted(by_deal.values(), key=lambda rows: rows[0]["deal_id"])
    reps = [
        f"{f} {s}" for f in ("Ana", "Ben", "Chloe", "Dev", "Eli") for s in ("Moss", "Quinn", "Rahn", "Voss", "Wade")
    ]
    notes: list[dict[str, str]] = []
    deal = 0
    while len(notes) < count:
        template = templates[deal % len(templates)]
        deal_id, account = f"B-{deal:04d}", f"{template[0]['account']} {deal // len(templates) + 1}"
        rep, stage, close = reps[deal % len(reps)], template[-1]["stage"], template[-1]["close_date"]
        texts = [r["text"] for r in template]
        texts += [
            rnd.choice(ACTIVITY).format(p=rnd.choice(PEOPLE), n=rnd.randint(3, 90)) for _ in range(20 - len(texts))
        ]
        for i, text in enumerate(texts[: count - len(notes)]):
            day = f"2026-{1 + (i * 10) // 31 % 10:02d}-{1 + (i * 10) % 28:02d}"
            notes.append(
                {
                    "note_id": f"{deal_id}-{i:02d}",
                    "deal_id": deal_id,
                    "account": account,
                    "rep": rep,
                    "stage": stage,
                    "close_date": close,
                    "date": day,
                    "author": rep,
                    "text": text,
                }
            )
        deal += 1
    return notes


def prepare_home(cache: Path, count: int) -> Path:
    """Ingest once; later runs reuse the home (delete the folder to rebuild)."""
    home = cache / f"home-{count}"
    stamp = home / "bench-ready.json"
    if stamp.exists() and json.loads(stamp.read_text()) == {"notes": count, "version": STAMP_VERSION}:
        return home
    sys.path.insert(0, str(ROOT))
    from assistant.context import Context
    from assistant.ingest import ingest_paths
    from assistant.knowledge_index import sync_knowledge
    from assistant.settings import Settings

    notes = synth_notes(count)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notes.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(notes[0]))
            writer.writeheader()
            writer.writerows(notes)
        ctx = Context(Settings(home=home, _env_file=None))  # type: ignore[call-arg]
        started = time.perf_counter()
        report = ingest_paths(ctx, [path], TEAM)
        sync_knowledge(ctx)
    print(f"ingested {report.added} notes in {report.deals} deals in {time.perf_counter() - started:.0f} s ({home})")
    stamp.write_text(json.dumps({"notes": count, "version": STAMP_VERSION}))
    return home


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(target: list[str], env: dict[str, str], timeout: float = 600) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        *target,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}: {' '.join(cmd)}")
        try:
            if httpx.get(url + "/openapi.json", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"server did not start in {timeout:.0f} s")


async def run_level(url: str, paths: list[str], headers: dict[str, str], requests: int, concurrency: int) -> dict:
    import httpx

    client_ms: list[float] = []
    server_ms: list[float] = []
    queue = iter(range(requests))

    async def worker(client: httpx.AsyncClient) -> None:
        for i in queue:
            started = time.perf_counter()
            r = await client.get(paths[i % len(paths)], headers=headers)
            client_ms.append((time.perf_counter() - started) * 1000)
            if r.status_code != 200:
                raise SystemExit(f"{paths[i % len(paths)]}: {r.status_code} {r.text[:200]}")
            if "x-process-time" in r.headers:
                server_ms.append(float(r.headers["x-process-time"]) * 1000)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        await client.get(paths[0], headers=headers)
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return {
        "rps": requests / wall,
        "p50": _pct(client_ms, 50),
        "p99": _pct(client_ms, 99),
        "server_p50": _pct(server_ms, 50) if server_ms else None,
        "server_p99": _pct(server_ms, 99) if server_ms else None,
    }


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per scenario and level")
    parser.add_argument("--levels", default="1,4,16")
    parser.add_argument("--deals", type=int, default=60, help="distinct deals the prep requests cycle through")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes for both servers")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "coach-bench-serve")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]

    home = prepare_home(args.cache, args.notes)
    sys.path.insert(0, str(ROOT))
    from assistant.api.keys import KeyStore

    key = KeyStore(home / "keys.db").create(TEAM, "manager")
    env = {**os.environ, "COACH_HOME": str(home), "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    workers = ["--workers", str(args.workers)] if args.workers > 1 else []
    coach, coach_url = start_server(["assistant.api.app:create_app", "--factory", *workers], env)
    print(f"coach server ready in {time.perf_counter() - started:.1f} s (warm-up: model, knowledge, team profile)")
    trivial, trivial_url = start_server(["--app-dir", str(ROOT / "bench"), "serve:trivial_app", *workers], env)
    try:
        import httpx

        auth = {"Authorization": f"Bearer {key}"}
        deals = [d["deal_id"] for d in httpx.get(f"{coach_url}/v1/teams/{TEAM}/deals", headers=auth, timeout=60).json()]
        notes = sum(
            d["notes"] for d in httpx.get(f"{coach_url}/v1/teams/{TEAM}/deals", headers=auth, timeout=60).json()
        )
        chosen = random.Random(5).sample(deals, min(args.deals, len(deals)))
        prep_paths = [f"/v1/teams/{TEAM}/deals/{d}/prep" for d in chosen]
        cold = []
        for path in prep_paths:  # first prep of each deal: embeds the deal's sentences once (per worker)
            r = httpx.get(coach_url + path, headers={**auth, "Cache-Control": "no-cache"}, timeout=60)
            cold.append(float(r.headers["x-process-time"]) * 1000)
        for _ in range(3 * (args.workers - 1)):  # new connections land on any worker: warm them all
            for path in prep_paths:
                httpx.get(coach_url + path, headers=auth, timeout=60)
        print(f"team {TEAM}: {notes} notes, {len(deals)} deals; {len(chosen)} deals requested")
        print(
            f"first prep of a deal (cold, untimed warm-up): server p50 {_pct(cold, 50):.1f} ms, "
            f"p99 {_pct(cold, 99):.1f} ms"
        )
        scenarios = [
            ("trivial FastAPI /ping", trivial_url, ["/ping"], {}),
            ("coach /v1/me (auth, no engine)", coach_url, ["/v1/me"], auth),
            ("prep, as served (cached)", coach_url, prep_paths, auth),
            ("prep, no-cache (engine)", coach_url, prep_paths, {**auth, "Cache-Control": "no-cache"}),
        ]
        rows = []
        for level in levels:
            for name, url, paths, headers in scenarios:
                result = asyncio.run(run_level(url, paths, headers, args.requests, level))
                rows.append((level, name, result))
        _report(rows, args.requests, args.workers)
    finally:
        for proc in (coach, trivial):
            proc.terminate()
            proc.wait(timeout=30)


def _report(rows: list[tuple[int, str, dict]], requests: int, workers: int) -> None:
    print(f"\n{requests} requests per row, 127.0.0.1, {os.cpu_count()} cores, {workers} worker(s) per server; ms")
    print(f"{'conc':>4}  {'scenario':<31} {'req/s':>8} {'p50':>7} {'p99':>7} {'srv p50':>8} {'srv p99':>8}")
    for level, name, r in rows:
        srv50 = f"{r['server_p50']:.2f}" if r["server_p50"] is not None else "-"
        srv99 = f"{r['server_p99']:.2f}" if r["server_p99"] is not None else "-"
        print(f"{level:>4}  {name:<31} {r['rps']:>8.1f} {r['p50']:>7.2f} {r['p99']:>7.2f} {srv50:>8} {srv99:>8}")
    print("\nratios (req/s against the trivial endpoint at the same concurrency):")
    by_level: dict[int, dict[str, dict]] = {}
    for level, name, r in rows:
        by_level.setdefault(level, {})[name] = r
    for level, named in by_level.items():
        base = named["trivial FastAPI /ping"]["rps"]
        parts = [f"{name.split(' (')[0]}: {r['rps'] / base:.2f}x" for name, r in named.items() if "trivial" not in name]
        print(f"  c={level:<3} " + "; ".join(parts))
    cached = [r for _, n, r in rows if n.startswith("prep, as served")]
    engine = [r for _, n, r in rows if n.startswith("prep, no-cache")]
    print("\ntargets: prep p50 < 20 ms server-side, >= 100 req/s on 2 cores")
    for label, results in (("as served", cached), ("no-cache", engine)):
        p50 = max(r["server_p50"] for r in results)
        rps = max(r["rps"] for r in results)
        print(
            f"  prep {label:<9}: worst server p50 {p50:.2f} ms ({'met' if p50 < 20 else 'NOT met'}), "
            f"best {rps:.0f} req/s ({'met' if rps >= 100 else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
