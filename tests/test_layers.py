"""Layers point one way: coaching <- engines <- conversation <- CLI / API / evals (checked on the imports)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
HIGHER = {
    "coaching": {"engines", "conversation", "api", "cli", "evals"},
    "engines": {"conversation", "api", "cli", "evals"},
    "conversation": {"api", "cli", "evals"},
}


def imported_modules(path: Path) -> set[str]:
    """Absolute names (`assistant.x.y`) of every module `path` imports, lazy imports inside functions included."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(parts[: len(parts) - node.level]) if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names |= {f"{module}.{a.name}" for a in node.names}
    return {n for n in names if n.startswith("assistant.")}


@pytest.mark.parametrize("layer", sorted(HIGHER))
def test_a_layer_never_imports_a_higher_one(layer: str) -> None:
    bad = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imported_modules(path):
            top = name.split(".")[1]
            if top in HIGHER[layer]:
                bad.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not bad, bad


def test_the_engine_base_module_knows_no_subclass() -> None:
    names = imported_modules(PACKAGE / "engines" / "base.py")
    assert not {n for n in names if n.startswith("assistant.engines.")}, names


def test_builtin_engines_are_registered_through_the_plugin_hook() -> None:
    from assistant.engines import engine_ids, get_engine, register
    from assistant.engines.base import Engine
    from assistant.engines.default import DefaultEngine

    class Echo(DefaultEngine):
        id = "echo"

    from assistant.engines import registry

    register("echo-test", lambda model: Echo())
    try:
        assert {"default", "openai", "echo-test"} <= set(engine_ids())
        assert isinstance(get_engine("echo-test"), Engine) and get_engine("default").id == "default"
    finally:
        registry._engines.pop("echo-test")
