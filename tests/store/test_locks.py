"""With PostgreSQL the index write lock is the database's (an advisory lock), so writers on different machines
queue: a live holder is waited for (and timed out with a clear error), a killed one never blocks the next."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.context import Context
from assistant.errors import BackendError
from tests.conftest import make_context
from tests.servers import server_backend


@pytest.fixture
def pg_ctx(tmp_path: Path) -> Iterator[Context]:
    with server_backend(tmp_path / "home"):
        yield make_context(tmp_path / "home")


def test_a_live_writer_elsewhere_is_waited_for_and_a_killed_one_never_blocks(pg_ctx: Context) -> None:
    url = pg_ctx.settings.database_url
    assert url is not None and pg_ctx.catalog.is_server
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from assistant.store.catalog import Catalog; "
            f"lock = Catalog({url!r}).server_lock('index:t', 5); lock.__enter__(); "
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        writer = pg_ctx.index_writer
        writer.timeout = 0.5
        with pytest.raises(BackendError, match="held the lock 'index:t'"), writer.locked("t"):
            pass
        with writer.locked("other"):  # a lock per team
            pass
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        writer.timeout = 30  # the server notices the dead connection and lets go
        with writer.locked("t"):
            pass
        assert not (pg_ctx.settings.home / "locks").exists()  # no lock files on the servers
    finally:
        holder.kill()
        holder.wait(timeout=10)
