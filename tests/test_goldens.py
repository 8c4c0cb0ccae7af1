"""The caches added for load (guard verdicts, slot names, one query embedding, access checks, no count() before a
query) change no answer: prep JSON of every deal and the search results equal the goldens recorded before them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_context
from tests.goldens.outputs import GOLDENS, compute, ingest_teams


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    ctx = make_context(tmp_path_factory.mktemp("goldens") / "home")
    ingest_teams(ctx)
    first = compute(ctx)
    second = compute(ctx)  # the same context again: every in-process cache warm
    assert second == first
    return first


def test_prep_packs_are_byte_identical(outputs: dict) -> None:
    golden = json.loads(GOLDENS.read_text(encoding="utf-8"))["prep"]
    assert len(golden) > 30
    changed = sorted(k for k in golden if outputs["prep"].get(k) != golden[k])
    assert sorted(outputs["prep"]) == sorted(golden)
    assert not changed, f"prep JSON differs from the golden for {changed}"


def test_search_results_are_identical(outputs: dict) -> None:
    golden = json.loads(GOLDENS.read_text(encoding="utf-8"))["search"]
    assert len(golden) >= 20
    for key, expected in golden.items():
        assert outputs["search"][key] == expected, key


def test_goldens_are_small() -> None:
    assert Path(GOLDENS).stat().st_size < 64_000
