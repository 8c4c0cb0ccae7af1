"""Data shipped inside the package: the knowledge base, prompt templates, eval cases, fixture teams and gates.

Read through importlib.resources so an installed wheel finds them wherever it lives; the COACH_KNOWLEDGE_DIR
setting and the `--cases/--fixtures/--gates` options of `coach eval` still point elsewhere when asked to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path

# The labelled fixture teams the learned models are fitted on (relations, access, MEDDPICC, title links, focus) and
# that development looked at. Every other team under evals/fixtures/ is held out: only measured, never fitted.
# pylon and juniper were written by independent writers who never saw the engine; added as dev teams after review.
DEV_TEAMS = ("lumen", "tidewater", "ironbark", "orchard", "granite", "pylon", "juniper")


def resource_path(*parts: str) -> Path:
    """A shipped folder or file as a real path (the package is installed unzipped, as pip always does)."""
    root = files(__name__)
    if not isinstance(root, Path):  # a zipped install: the loaders need real files
        raise RuntimeError(f"assistant.resources is not on the file system ({root!r}); install the wheel unzipped")
    return root.joinpath(*parts)


def knowledge_dir() -> Path:
    return resource_path("knowledge")


def prompts_dir() -> Path:
    return resource_path("prompts")


def evals_dir() -> Path:
    return resource_path("evals")


def folders_digest(folders: Iterable[Path]) -> str:
    """sha256 over every file of the given team folders (names and bytes, in a fixed order). Stored with a model
    fitted on them, so `make test` can tell a stale model (labels edited, `make train` not run) without refitting."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{folder.name}/{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def dev_teams_digest(fixtures: Path | None = None) -> str:
    """The digest of the dev teams' fixture folders (notes and labels)."""
    root = fixtures or evals_dir() / "fixtures"
    return folders_digest(root / team for team in DEV_TEAMS)
