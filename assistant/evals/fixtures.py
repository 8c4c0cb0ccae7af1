"""The eval world: every fixture team under evals/fixtures/ ingested into one private COACH_HOME."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..context import Context
from ..ingest import ingest_paths
from ..settings import Settings


def fixtures_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def eval_context(settings: Settings, fixtures: Path) -> Context:
    """A context whose home holds exactly the fixture teams (re-used while the fixtures are unchanged)."""
    home = settings.home / "evals" / fixtures_digest(fixtures)
    ctx = Context(settings.model_copy(update={"home": home, "as_of": None}))
    for team_dir in sorted(p for p in fixtures.iterdir() if p.is_dir()):
        ingest_paths(ctx, [team_dir], team_dir.name)
    return ctx
