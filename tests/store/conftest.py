"""The store tests run on both backends: the embedded default and PostgreSQL + a Chroma server (tests/servers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.context import Context
from tests.conftest import make_context
from tests.servers import BACKENDS, backend_home


@pytest.fixture(params=BACKENDS)
def ctx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Context]:
    with backend_home(tmp_path / "home", request.param) as home:
        yield make_context(home)
