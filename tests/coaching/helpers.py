"""Small teams written as JSONL for coaching tests (each test gets its own COACH_HOME)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.context import Context
from assistant.ingest import ingest_paths


def ingest_rows(ctx: Context, tmp_path: Path, team: str, rows: list[dict[str, object]]) -> None:
    path = tmp_path / f"{team}-{len(rows)}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    ingest_paths(ctx, [path], team)


def deal(
    deal_id: str,
    stage: str,
    close: str,
    texts: list[tuple[str, str]],
    rep: str = "Lena Park",
    account: str = "Norvik Freight",
) -> list[dict[str, object]]:
    """Notes of one deal: (date, text) pairs."""
    return [
        {
            "note_id": f"{deal_id}-n{i}",
            "deal_id": deal_id,
            "account": account,
            "rep": rep,
            "stage": stage,
            "close_date": close,
            "date": day,
            "author": rep,
            "text": text,
        }
        for i, (day, text) in enumerate(texts, 1)
    ]
