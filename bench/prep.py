"""Prep from a stored deal model, in process, against reading the deal's notes from the catalog, same run.

    python bench/prep.py [--repeat 5]

Ingests the sample team into a temporary home, builds and stores every deal model once (the per-revision
cost, printed), then times `prep_pack` for every deal: (a) reading the stored model from SQLite on every call
(the in-process memo cleared), (b) with the in-process memo warm. The baseline is a bare catalog read of the
same deal's notes. Prints medians (ms) and the ratios. Target: (a) p50 <= 30 ms. No answer cache is involved.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.coaching.prep import prep_pack  # noqa: E402
from assistant.context import Context  # noqa: E402
from assistant.ingest import ingest_paths  # noqa: E402
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402
from assistant.understand import service  # noqa: E402


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context(Settings(home=Path(tmp) / "home"))
        ingest_paths(ctx, [PROJECT_ROOT / "examples" / "summit"], "summit")
        deals = ctx.catalog.deal_ids("summit")
        start = time.perf_counter()
        service.deal_models(ctx, "summit")
        build = (time.perf_counter() - start) * 1000
        prep_pack(ctx, "summit", deals[0])  # warm the knowledge index and principle queries

        def stored() -> None:
            for d in deals:
                service._models.clear()
                prep_pack(ctx, "summit", d)

        def memo() -> None:
            for d in deals:
                prep_pack(ctx, "summit", d)

        def baseline() -> None:
            for d in deals:
                ctx.catalog.notes("summit", deal_id=d)

        per = len(deals)
        a = statistics.median(timed(stored, args.repeat)) / per
        b = statistics.median(timed(memo, args.repeat)) / per
        c = statistics.median(timed(baseline, args.repeat)) / per
    print(f"{per} deals; building and storing every deal model once: {build:.0f} ms ({build / per:.0f} ms/deal)")
    print(f"prep from the stored model (SQLite read each call): {a:.1f} ms p50 per deal; x{a / c:.0f} the bare read")
    print(f"prep with the in-process model memo warm:           {b:.1f} ms p50 per deal; x{b / c:.0f} the bare read")
    print(f"bare catalog read of the deal's notes:              {c:.2f} ms p50 per deal")


if __name__ == "__main__":
    main()
