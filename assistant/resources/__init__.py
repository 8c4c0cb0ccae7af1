"""Data shipped inside the package: the knowledge base, prompt templates, eval cases, fixture teams and gates.

Read through importlib.resources so an installed wheel finds them wherever it lives; the COACH_KNOWLEDGE_DIR
setting and the `--cases/--fixtures/--gates` options of `coach eval` still point elsewhere when asked to.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


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
