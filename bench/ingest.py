"""Ingest throughput against a bare onnxruntime loop of the same model, in the same run.

    python bench/ingest.py [--notes 2000] [--repeat 3]

Prints notes/s for `coach ingest` (validation, chunking, embedding, Chroma + SQLite writes) and for
a bare loop (tokenize + ONNX session + mean pooling, batch 64, nothing else) over the same texts,
and the ratio of their medians. Target: ingest within 1.5x of the bare loop.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.context import Context  # noqa: E402
from assistant.ingest import ingest_paths  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store.embeddings import MAX_TOKENS, model_files  # noqa: E402

PHRASES = [
    "Call with {p} ({r}) about the approvals module",
    "they asked about pricing for {n} seats",
    "{p} says the CFO signs anything over ${n}k",
    "no next step agreed yet",
    "demoed invoice matching for 40 minutes",
    "competitor {c} is also in the evaluation",
    "security review starts on the {n}th",
    "sent follow-up with the ROI model",
    "procurement wants three references",
    "pilot scoped for {n} entities in the EU",
]


def synth_texts(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    people, roles, comps = ["Dana", "Omar", "Reyna", "Iker", "Mei"], ["CFO", "Dir AP", "Controller"], ["Ledgerly"]
    texts = []
    for i in range(n):
        parts = rnd.sample(PHRASES, rnd.randint(2, 5))
        body = "; ".join(
            p.format(p=rnd.choice(people), r=rnd.choice(roles), n=rnd.randint(2, 90), c=rnd.choice(comps))
            for p in parts
        )
        texts.append(f"[{i}] {body}.")
    return texts


def bare_loop(texts: list[str], batch: int = 64) -> float:
    import onnxruntime as ort
    from tokenizers import Tokenizer

    model, tok_file = model_files()
    tok = Tokenizer.from_file(str(tok_file))
    tok.enable_truncation(MAX_TOKENS)
    tok.enable_padding()
    session = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    started = time.perf_counter()
    for i in range(0, len(texts), batch):
        enc = tok.encode_batch(texts[i : i + batch])
        ids = np.asarray([e.ids for e in enc], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in enc], dtype=np.int64)
        hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
        pooled = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    return time.perf_counter() - started


def ingest_once(texts: list[str], work: Path, run: int) -> float:
    path = work / f"notes-{run}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["note_id", "deal_id", "rep", "date", "text"])
        for i, t in enumerate(texts):
            w.writerow([f"N{i}", f"D{i % 300}", f"Rep{i % 7}", "2026-10-01", t])
    ctx = Context(Settings(home=work / f"home-{run}", _env_file=None))  # type: ignore[call-arg]
    ctx.embedder.embed(["warm up"])
    started = time.perf_counter()
    report = ingest_paths(ctx, [path], "bench")
    elapsed = time.perf_counter() - started
    assert report.added == len(texts)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = synth_texts(args.notes)
    bare_loop(texts[:64])  # warm-up
    by_length = sorted(texts, key=len)
    ingest_times, bare_times, sorted_times = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.repeat):
            ingest_times.append(ingest_once(texts, Path(tmp), run))
            bare_times.append(bare_loop(texts))
            sorted_times.append(bare_loop(by_length))
    ing, bare, srt = (statistics.median(t) for t in (ingest_times, bare_times, sorted_times))
    print(f"notes: {args.notes}, runs: {args.repeat} (medians)")
    print(f"coach ingest            : {args.notes / ing:8.1f} notes/s  ({ing:.2f} s)")
    print(f"bare onnx, input order  : {args.notes / bare:8.1f} notes/s  ({bare:.2f} s)")
    print(f"bare onnx, length-sorted: {args.notes / srt:8.1f} notes/s  ({srt:.2f} s)")
    print(f"ratio ingest/bare time: {ing / bare:.2f}x (target <= 1.5x); vs length-sorted bare: {ing / srt:.2f}x")


if __name__ == "__main__":
    main()
