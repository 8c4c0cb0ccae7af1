"""What keeping the vector index equal to the catalog costs, against a plain ingest of the same notes, same run.

    python bench/reconcile.py [--notes 2000] [--repeat 3]

For each run: a plain ingest of N notes into a fresh home (validation, chunking, embedding, writes), then on that
index with nothing wrong: the full check (`coach doctor`: ids and content hashes from the metadata, no vector read,
nothing embedded), the write-path test (`needs_repair`: two catalog reads, paid by every ingest and forget), and a
repair after a cut-off write of 10% of the notes (orphans removed and the overwritten chunks re-embedded).
Prints medians and each as a ratio of the plain ingest's time.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import synth_texts  # noqa: E402

from assistant.context import Context  # noqa: E402
from assistant.ingest import ingest_paths  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store.reconcile import check_index, chunk_metadata, repair_index  # noqa: E402
from assistant.store.vectors import team_collection  # noqa: E402


def write_csv(path: Path, texts: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["note_id", "deal_id", "rep", "date", "text"])
        for i, t in enumerate(texts):
            w.writerow([f"N{i}", f"D{i % 300}", f"Rep{i % 7}", "2026-10-01", t])
    return path


def timed(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - started


def one_run(texts: list[str], work: Path, run: int) -> dict[str, float]:
    ctx = Context(Settings(home=work / f"home-{run}", _env_file=None))  # type: ignore[call-arg]
    ctx.embedder.embed(["warm up"])
    path = write_csv(work / f"notes-{run}.csv", texts)
    ingest = timed(lambda: ingest_paths(ctx, [path], "bench"))
    check = timed(lambda: check_index(ctx.catalog, ctx.vectors, "bench"))
    assert check_index(ctx.catalog, ctx.vectors, "bench").ok
    write_path = timed(lambda: [ctx.index_writer.needs_repair("bench") for _ in range(100)]) / 100

    # a cut-off write: 10% orphans, 10% of the chunks overwritten with a newer text
    chunks = ctx.catalog.chunks("bench")
    tenth = max(1, len(chunks) // 10)
    ctx.catalog.mark_index_dirty("bench")
    ghosts = [f"G{i}#0" for i in range(tenth)]
    ghost_texts = texts[:tenth]
    ctx.vectors.upsert(
        team_collection("bench"),
        ghosts,
        ctx.embedder.embed(ghost_texts),
        ghost_texts,
        [{"note_id": g[:-2], "deal_id": "D0", "rep_key": "", "content_hash": "x"} for g in ghosts],
    )
    newer = [c.text + " (newer)" for c in chunks[:tenth]]
    ctx.vectors.upsert(
        team_collection("bench"),
        [c.chunk_id for c in chunks[:tenth]],
        ctx.embedder.embed(newer),
        newer,
        [{**chunk_metadata(c), "content_hash": "y"} for c in chunks[:tenth]],
    )
    repair = timed(lambda: repair_index(ctx.catalog, ctx.vectors, ctx.embedder, "bench"))
    assert check_index(ctx.catalog, ctx.vectors, "bench").ok
    return {"ingest": ingest, "check": check, "write_path": write_path, "repair": repair, "chunks": len(chunks)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = synth_texts(args.notes)
    with tempfile.TemporaryDirectory() as tmp:
        runs = [one_run(texts, Path(tmp), run) for run in range(args.repeat)]
    med = {k: statistics.median(r[k] for r in runs) for k in ("ingest", "check", "write_path", "repair")}
    chunks = int(runs[0]["chunks"])
    print(f"notes: {args.notes}, chunks: {chunks}, runs: {args.repeat} (medians)")
    print(f"plain ingest                          : {med['ingest']:8.3f} s")
    print(f"check, nothing wrong (coach doctor)   : {med['check']:8.3f} s  ratio {med['check'] / med['ingest']:.4f}")
    print(
        f"write-path test (every ingest/forget) : {med['write_path'] * 1000:8.3f} ms ratio "
        f"{med['write_path'] / med['ingest']:.6f}"
    )
    print(f"repair of a cut-off write (10%+10%)   : {med['repair']:8.3f} s  ratio {med['repair'] / med['ingest']:.4f}")


if __name__ == "__main__":
    main()
