"""Where a distinct query's time goes in `search_notes`: each stage timed on its own, in the order search runs them.

Called by bench/search.py. The stages redo what assistant/search.py and store/retrieval.py do, step by step, on
the same objects (the one-thread ONNX session, the team's lexicon, the Chroma collection), so their sum is close to
a whole search; 'rest' is search_notes measured whole minus that sum (the result dict, Python overhead).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np

from assistant import search
from assistant.knowledge_index import sync_knowledge
from assistant.store.fusion import rrf
from assistant.store.vectors import team_collection


def _pct(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def stages(ctx: Any, teams: list[str], queries: list[str]) -> None:
    emb, retriever = ctx.embedder, ctx.retriever
    out: dict[str, list[float]] = {}

    def clock(name: str, start: float) -> float:
        now = time.perf_counter()
        out.setdefault(name, []).append((now - start) * 1000)
        return now

    for i, q in enumerate(queries):
        team = teams[i % len(teams)]
        t = time.perf_counter()
        revision = search.require_team(ctx, team)[0]
        t = clock("team check (1 catalog read)", t)
        ids = np.asarray([emb._tokenizer.encode(q).ids], dtype=np.int64)
        t = clock("tokenize", t)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}
        hidden = emb._single.run(None, feeds)[0]
        t = clock("ONNX run (one thread)", t)
        pooled = hidden.sum(axis=1) / np.float32(ids.shape[1])
        vector = (pooled / np.linalg.norm(pooled, axis=1, keepdims=True))[0].astype(np.float32)
        t = clock("mean pool + normalise", t)
        lexicon = retriever._lexicon(team, revision)
        ctx.vectors.observe(team, revision)
        t = clock("lexicon + index view (memo)", t)
        dense = ctx.vectors.query(team_collection(team), vector, 50)
        t = clock("Chroma team query (k=50)", t)
        lexical = lexicon.index.search(q, 50)
        t = clock("BM25 (k=50)", t)
        rrf([[c for c, _ in dense], [lexicon.chunks[j].chunk_id for j, _ in lexical]], retriever.rrf_k)
        t = clock("fusion (RRF)", t)
        search._rank_principles(ctx, sync_knowledge(ctx), vector, 3)
        clock("principles (numpy, k=3)", t)
        t = time.perf_counter()
        search.search_notes(ctx, team, q + " ")  # a new text again: nothing cached holds it
        clock("search_notes whole", t)
    whole = out.pop("search_notes whole")
    parts = [sum(v[i] for v in out.values()) for i in range(len(whole))]
    out["rest (whole - stages)"] = [max(0.0, w - p) for w, p in zip(whole, parts, strict=True)]
    out["search_notes whole"] = whole
    print(f"\nstages of search_notes, {len(queries)} distinct queries; ms")
    print(f"{'':<40} {'p50':>7} {'p95':>7} {'p99':>7}")
    for name, values in out.items():
        p50 = statistics.median(values)
        print(f"{name:<40} {p50:>7.3f} {_pct(values, 95):>7.3f} {_pct(values, 99):>7.3f}")
