"""Prep-pack requests against real `uvicorn` servers, beside a trivial FastAPI endpoint served the same way.

    python bench/serve.py [--notes 10000] [--requests 300] [--levels 1,4] [--deals 60] [--no-servers]

A team of synthetic notes (deals built from the sample team's notes plus activity lines) is ingested once, its
deal models built and stored, into a COACH_HOME cached under /tmp. Servers run as subprocesses on 127.0.0.1: the
coach (`assistant.api.app:create_app`) and a one-route FastAPI app (the framework's own ceiling on this machine).
Two backends in the same run: the embedded default (SQLite + embedded Chroma, one server), then two replicas on
PostgreSQL and a Chroma server started by `.ci/servers.sh` (state under the cache folder; the team is ingested
there once too), the requests alternating between the replicas.
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


def prepare_home(cache: Path, count: int, servers: dict[str, str] | None = None) -> Path:
    """Ingest once; later runs reuse the home (delete the folder to rebuild). With `servers` (COACH_DATABASE_URL
    and COACH_CHROMA_* values) the catalog goes to PostgreSQL and the vectors to the Chroma server; the home then
    only marks that the ingest was done (delete the whole cache folder to rebuild either)."""
    home = cache / (f"home-{count}" if servers is None else f"servers-{count}")
    stamp = home / "bench-ready.json"
    expected = {"notes": count, "version": STAMP_VERSION}  # the servers keep their state in cache/servers
    if stamp.exists() and json.loads(stamp.read_text()) == expected:
        return home
    sys.path.insert(0, str(ROOT))
    from assistant.context import Context
    from assistant.ingest import ingest_paths
    from assistant.knowledge_index import sync_knowledge
    from assistant.settings import Settings
    from assistant.understand.service import deal_models

    notes = synth_notes(count)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notes.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(notes[0]))
            writer.writeheader()
            writer.writerows(notes)
        extra = {} if servers is None else {k.removeprefix("COACH_").lower(): v for k, v in servers.items()}
        ctx = Context(Settings(home=home, _env_file=None, **extra))  # type: ignore[call-arg]
        started = time.perf_counter()
        report = ingest_paths(ctx, [path], TEAM)
        sync_knowledge(ctx)
        deal_models(ctx, TEAM)  # the stored deal models the target assumes (a server would build them at start)
    where = home if servers is None else "PostgreSQL + Chroma server"
    print(f"ingested {report.added} notes in {report.deals} deals in {time.perf_counter() - started:.0f} s ({where})")
    home.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(expected))
    return home


def start_backing_servers(folder: Path) -> dict[str, str]:
    """PostgreSQL and `chroma run` through .ci/servers.sh (the CI script), as COACH_* settings for the replicas."""
    script = (
        "source .ci/servers.sh start >&2 && "
        'echo "$COACH_TEST_DATABASE_URL $COACH_TEST_CHROMA_HOST $COACH_TEST_CHROMA_PORT"'
    )
    env = {**os.environ, "SERVERS_DIR": str(folder), "PYBIN": str(Path(sys.executable).parent)}
    out = subprocess.run(["bash", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    url, host, port = out.stdout.split()
    return {"COACH_DATABASE_URL": url, "COACH_CHROMA_HOST": host, "COACH_CHROMA_PORT": port}


def stop_backing_servers(folder: Path) -> None:
    env = {**os.environ, "SERVERS_DIR": str(folder), "PYBIN": str(Path(sys.executable).parent)}
    subprocess.run(["bash", ".ci/servers.sh", "stop"], cwd=ROOT, env=env, check=False)


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


async def run_level(
    urls: list[str], paths: list[str], headers: dict[str, str], requests: int, concurrency: int
) -> dict:
    """`requests` GETs from `concurrency` workers; with several urls (replicas) the workers are spread over them
    round-robin, as a load balancer would."""
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

    per = max(1, -(-concurrency // len(urls)))
    limits = httpx.Limits(max_connections=per, max_keepalive_connections=per)
    clients = [httpx.AsyncClient(base_url=url, limits=limits, timeout=60) for url in urls]
    try:
        for client in clients:
            await client.get(paths[0], headers=headers)
        started = time.perf_counter()
        await asyncio.gather(*(worker(clients[i % len(clients)]) for i in range(concurrency)))
        wall = time.perf_counter() - started
    finally:
        for client in clients:
            await client.aclose()
    return {
        "rps": requests / wall,
        "p50": _pct(client_ms, 50),
        "p95": _pct(client_ms, 95),
        "server_p50": _pct(server_ms, 50) if server_ms else None,
        "server_p95": _pct(server_ms, 95) if server_ms else None,
    }


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per scenario and level")
    parser.add_argument("--levels", default="1,4")
    parser.add_argument("--deals", type=int, default=60, help="distinct deals the prep requests cycle through")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes per server")
    parser.add_argument("--no-servers", action="store_true", help="embedded only (no PostgreSQL + Chroma replicas)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "coach-bench-serve")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    sys.path.insert(0, str(ROOT))
    from assistant.api.keys import KeyStore

    base_env = {k: v for k, v in os.environ.items() if not k.startswith("COACH_")}
    base_env["PYTHONPATH"] = str(ROOT)
    workers = ["--workers", str(args.workers)] if args.workers > 1 else []
    rows: list[tuple[str, int, int, str, dict]] = []

    home = prepare_home(args.cache, args.notes)
    key = KeyStore(home / "keys.db").create(TEAM, "manager")
    env = {**base_env, "COACH_HOME": str(home)}
    trivial, trivial_url = start_server(["--app-dir", str(ROOT / "bench"), "serve:trivial_app", *workers], env)
    started = time.perf_counter()
    coach, coach_url = start_server(["assistant.api.app:create_app", "--factory", *workers], env)
    print(f"embedded: coach server ready in {time.perf_counter() - started:.1f} s")
    try:
        import httpx

        auth = {"Authorization": f"Bearer {key}"}
        listed = httpx.get(f"{coach_url}/v1/teams/{TEAM}/deals", headers=auth, timeout=120).json()
        deals = [d["deal_id"] for d in listed]
        chosen = random.Random(5).sample(deals, min(args.deals, len(deals)))
        prep_paths = [f"/v1/teams/{TEAM}/deals/{d}/prep" for d in chosen]
        print(f"team {TEAM}: {sum(d['notes'] for d in listed)} notes, {len(deals)} deals; {len(chosen)} requested")
        _warm([coach_url], prep_paths, auth, args.workers)
        scenarios = [
            ("trivial FastAPI /ping", [trivial_url], ["/ping"], {}),
            ("coach /v1/me (auth, no engine)", [coach_url], ["/v1/me"], auth),
            ("prep, as served (cached)", [coach_url], prep_paths, auth),
            ("prep, no-cache (engine)", [coach_url], prep_paths, {**auth, "Cache-Control": "no-cache"}),
        ]
        for level in levels:
            for name, urls, paths, headers in scenarios:
                rows.append(
                    ("embedded", 1, level, name, asyncio.run(run_level(urls, paths, headers, args.requests, level)))
                )
    finally:
        _stop(coach)
    try:
        if not args.no_servers:
            try:
                rows += _replicas(args, levels, prep_paths, base_env, workers, trivial_url)
            finally:
                stop_backing_servers(args.cache / "servers")
    finally:
        _stop(trivial)
        _report(rows, args.requests, args.workers)  # what was measured, even when the replicas failed


def _replicas(
    args: argparse.Namespace,
    levels: list[int],
    prep_paths: list[str],
    base_env: dict[str, str],
    workers: list[str],
    trivial_url: str,
) -> list[tuple[str, int, int, str, dict]]:
    """Two replicas (own COACH_HOME each, nothing shared on disk) on one PostgreSQL and one Chroma server; the
    requests alternate between them. The embedded server is stopped first: the cores are for these."""
    from assistant.api.keys import KeyStore

    servers = start_backing_servers(args.cache / "servers")
    prepare_home(args.cache, args.notes, servers)
    key = KeyStore(servers["COACH_DATABASE_URL"]).create(TEAM, "manager")
    auth = {"Authorization": f"Bearer {key}"}
    procs, urls = [], []
    try:
        started = time.perf_counter()
        for name in ("replica-a", "replica-b"):
            env = {**base_env, **servers, "COACH_HOME": str(args.cache / name)}
            proc, url = start_server(["assistant.api.app:create_app", "--factory", *workers], env)
            procs.append(proc)
            urls.append(url)
        print(f"servers: two replicas ready in {time.perf_counter() - started:.1f} s ({servers['COACH_DATABASE_URL']})")
        _warm(urls, prep_paths, auth, args.workers)
        rows = []
        for level in levels:
            rows.append(
                (
                    "servers",
                    2,
                    level,
                    "trivial FastAPI /ping",
                    asyncio.run(run_level([trivial_url], ["/ping"], {}, args.requests, level)),
                )
            )
            for name, headers in (
                ("prep, as served (cached)", auth),
                ("prep, no-cache (engine)", {**auth, "Cache-Control": "no-cache"}),
            ):
                rows.append(
                    ("servers", 2, level, name, asyncio.run(run_level(urls, prep_paths, headers, args.requests, level)))
                )
        return rows
    finally:
        for proc in procs:
            _stop(proc)


def _warm(urls: list[str], paths: list[str], auth: dict[str, str], workers: int) -> None:
    """First prep of each deal on every server (and, with workers, on every worker): untimed."""
    import httpx

    cold = []
    for url in urls:
        for _ in range(max(1, 3 * (workers - 1))):  # new connections land on any worker: warm them all
            for path in paths:
                r = httpx.get(url + path, headers={**auth, "Cache-Control": "no-cache"}, timeout=120)
                if r.status_code != 200:
                    raise SystemExit(f"{url}{path}: {r.status_code} {r.text[:200]}")
                cold.append(float(r.headers["x-process-time"]) * 1000)
    print(f"warm-up preps (untimed): server p50 {_pct(cold, 50):.1f} ms, p95 {_pct(cold, 95):.1f} ms")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _report(rows: list[tuple[str, int, int, str, dict]], requests: int, workers: int) -> None:
    print(f"\n{requests} requests per row, 127.0.0.1, {os.cpu_count()} cores, {workers} worker(s) per server; ms")
    head = f"{'backend':<9} {'repl':>4} {'conc':>4}  {'scenario':<31} {'req/s':>8} {'p50':>7} {'p95':>7}"
    print(head + f" {'srv p50':>8} {'srv p95':>8}")
    for backend, replicas, level, name, r in rows:
        srv50 = f"{r['server_p50']:.2f}" if r["server_p50"] is not None else "-"
        srv95 = f"{r['server_p95']:.2f}" if r["server_p95"] is not None else "-"
        print(
            f"{backend:<9} {replicas:>4} {level:>4}  {name:<31} {r['rps']:>8.1f} {r['p50']:>7.2f} {r['p95']:>7.2f}"
            f" {srv50:>8} {srv95:>8}"
        )
    print("\nratios (req/s against the trivial endpoint at the same concurrency, same backend run):")
    base = {(b, lv): r["rps"] for b, _, lv, n, r in rows if n.startswith("trivial")}
    for backend, _, level, name, r in rows:
        if not name.startswith("trivial"):
            print(f"  {backend:<9} c={level:<3} {name.split(' (')[0]:<16} {r['rps'] / base[(backend, level)]:.2f}x")
    print("\ntargets: uncached prep p50 <= 20 ms server-side and >= 100 req/s on 2 cores")
    print(f"  {'backend':<9} {'replicas':>8} {'conc':>4} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>7}  target")
    for backend, replicas, level, name, r in rows:
        if name.startswith("prep, no-cache"):
            p50, p95, rps = r["server_p50"], r["server_p95"], r["rps"]
            met = "met" if p50 <= 20 and rps >= 100 else ("p50 met" if p50 <= 20 else "NOT met")
            print(f"  {backend:<9} {replicas:>8} {level:>4} {p50:>7.2f} {p95:>7.2f} {rps:>7.0f}  {met}")


if __name__ == "__main__":
    main()
