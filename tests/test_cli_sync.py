"""`coach sync` as a user runs it: a real subprocess against the loopback CRM fake, settings from COACH_*."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ingest.fake_crm import TOKEN, FakeCRM
from tests.ingest.test_sync_salesforce import HARBOR, note, opportunity


@pytest.fixture
def fake() -> Iterator[FakeCRM]:
    server = FakeCRM(page_size=2).start()
    server.sf["Opportunity"] = [
        opportunity(HARBOR, "Harbor Freight - AP Automation", "Harbor Freight Logistics", "Dana Whitfield",
                    "Needs Analysis", 48000.0, "2026-12-15", "2026-11-03T10:00:00.000+0000"),
    ]  # fmt: skip
    stamp = "2026-11-03T09:00:00.000+0000"
    server.sf["Note"] = [note("0025g00000Nt1AAA", HARBOR, "Discovery call", "Met Priya.", stamp)]
    yield server
    server.stop()


def coach(home: Path, fake: FakeCRM, *args: str, token: str | None = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COACH_SALESFORCE", "COACH_HUBSPOT"))}
    env.update({"COACH_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "200", "COACH_SALESFORCE_INSTANCE_URL": fake.url})
    if token is not None:
        env["COACH_SALESFORCE_ACCESS_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_sync_then_nothing_new(tmp_path: Path, fake: FakeCRM) -> None:
    first = coach(tmp_path / "home", fake, "sync", "salesforce", "--team", "t")
    assert first.returncode == 0, first.stderr
    assert "salesforce: fetched 1 opportunities, 1 notes (first sync: everything); team t: 2 added" in first.stdout
    again = coach(tmp_path / "home", fake, "sync", "salesforce", "--team", "t")
    assert again.returncode == 0 and "fetched 0 opportunities, 0 notes (opportunities changed after" in again.stdout


def test_sync_errors_are_one_line(tmp_path: Path, fake: FakeCRM) -> None:
    refused = coach(tmp_path / "home", fake, "sync", "salesforce", "--team", "t", token="expired")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().startswith("error: salesforce: the access token was refused (HTTP 401")
    missing = coach(tmp_path / "home", fake, "sync", "salesforce", "--team", "t", token=None)
    assert missing.returncode == 2 and "COACH_SALESFORCE_ACCESS_TOKEN not set" in missing.stderr
    unknown = coach(tmp_path / "home", fake, "sync", "pipedrive", "--team", "t")
    assert unknown.returncode == 2 and "unknown source 'pipedrive' (sources: salesforce, hubspot)" in unknown.stderr
    fake.raw("<html>maintenance</html>")
    broken = coach(tmp_path / "home", fake, "sync", "salesforce", "--team", "t")
    assert broken.returncode == 1 and "error: salesforce: malformed response" in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1
