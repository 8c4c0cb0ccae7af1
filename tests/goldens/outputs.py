"""Golden outputs of the prep pack and the search, recorded from the code before the load work cached things.

    PYTHONPATH=. python -m tests.goldens.outputs   # rewrite goldens.json (only when an output is meant to change)

Every cache added for speed must give the same answers: tests/test_goldens.py recomputes these outputs and
compares them with the stored ones. A prep pack is stored as the sha256 of its JSON (byte-identical or not; the
file stays small), a search as its ranked note ids, scores, ranks and principle ids.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from assistant.coaching.prep import prep_pack
from assistant.context import Context
from assistant.ingest import ingest_paths
from assistant.resources import evals_dir
from assistant.search import search_notes
from assistant.settings import PROJECT_ROOT, Settings

GOLDENS = Path(__file__).with_name("goldens.json")
SUMMIT = PROJECT_ROOT / "examples" / "summit"
FIXTURE = "harbor"  # an eval fixture team: another writer, other deal shapes
QUERIES = [
    "economic buyer never met",
    "champion left the company",
    "pricing discount request",
    "security review and procurement",
    "competitor in the evaluation",
    "no next step agreed",
    "close date slipped to next quarter",
    "CFO signs off on budget",
    "pilot success criteria",
    "legal redlines on the contract",
    "ROI business case numbers",
    "references requested",
    "decision process and timeline",
    "stakeholder map and org chart",
    "onboarding and implementation plan",
    "voicemail no reply follow-up",
    "invoice matching demo",
    "renewal at risk",
    "who else is involved in the decision",
    "paper process and signatures",
]


def fixture_dir() -> Path:
    return evals_dir() / "fixtures" / FIXTURE


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _search(ctx: Context, team: str, query: str, **filters: str) -> dict[str, Any]:
    out = search_notes(ctx, team, query, k=8, **filters)
    return {
        "results": [
            [r["note_id"], r["chunk_id"], r["score"], r["dense_rank"], r["bm25_rank"], r["similarity"]]
            for r in out["results"]
        ],  # fmt: skip
        "principles": [p["id"] for p in out["principles"]],
    }


def compute(ctx: Context) -> dict[str, Any]:
    """Prep of every deal of both teams, 20 team searches of summit, and deal- and rep-scoped ones."""
    prep: dict[str, str] = {}
    for team in ("summit", FIXTURE):
        for deal_id in ctx.catalog.deal_ids(team):
            prep[f"{team}/{deal_id}"] = _digest(prep_pack(ctx, team, deal_id).model_dump_json())
    deals = ctx.catalog.deal_ids("summit")
    reps = sorted(ctx.catalog.reps("summit"))
    search: dict[str, Any] = {}
    for i, query in enumerate(QUERIES):
        search[f"summit|{query}"] = _search(ctx, "summit", query)
        if i % 4 == 0:
            search[f"summit|{query}|deal={deals[i % len(deals)]}"] = _search(
                ctx, "summit", query, deal_id=deals[i % len(deals)]
            )
        if i % 5 == 1:
            search[f"summit|{query}|rep={reps[i % len(reps)]}"] = _search(ctx, "summit", query, rep=reps[i % len(reps)])
    search[f"{FIXTURE}|{QUERIES[0]}"] = _search(ctx, FIXTURE, QUERIES[0])
    return {"prep": prep, "search": search}


def ingest_teams(ctx: Context) -> None:
    ingest_paths(ctx, [SUMMIT], "summit")
    ingest_paths(ctx, [fixture_dir()], FIXTURE)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context(Settings(home=Path(tmp) / "home", _env_file=None))  # type: ignore[call-arg]
        ingest_teams(ctx)
        GOLDENS.write_text(json.dumps(compute(ctx), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {GOLDENS}")


if __name__ == "__main__":
    main()
