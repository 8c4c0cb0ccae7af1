"""kill -9 during ingest and replace, at seeded random points: the next write or `coach doctor --repair` brings
the index back to the catalog, nothing is lost or duplicated, search returns k, forget removes a whole deal.

CI runs 20 trials on small files (CRASH_TRIALS / CRASH_SEED override; `make crash` runs 100). The figures are
printed (pytest -s) and written to CRASH_REPORT when set.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from assistant.knowledge_index import sync_knowledge
from tests.store.crash_trials import TEAM, Trials


def test_crash_trials(tmp_path: Path) -> None:
    count = int(os.environ.get("CRASH_TRIALS", "20"))
    trials = Trials(home=tmp_path / "home", seed=int(os.environ.get("CRASH_SEED", "12")), work=tmp_path)
    started = time.perf_counter()
    ctx = trials.context()
    sync_knowledge(ctx)  # once, so that each `coach ingest` only finds it in place
    import random

    path, rows = trials.write_file(0, random.Random(trials.seed), "ingest")
    trials.calibrate(path, rows)
    trials.assert_consistent(trials.context(), trials.expected)
    for trial in range(1, count + 1):
        trials.trial(trial)
    summary = {**trials.summary(), "seconds": round(time.perf_counter() - started, 1), "team": TEAM}
    summary["calibration"] = {
        "run_seconds": round(trials.run_seconds, 2),
        "write_seconds": round(trials.write_seconds, 3),
    }
    print("\ncrash trials:", json.dumps(summary))
    if os.environ.get("CRASH_REPORT"):
        Path(os.environ["CRASH_REPORT"]).write_text(
            json.dumps({"summary": summary, "trials": [o.__dict__ for o in trials.outcomes]}, indent=2) + "\n"
        )
    assert summary["trials"] == count
    # The trials must have hit what they are for: kills inside the vector write, and damage that was repaired.
    assert summary["landed"].get("during vector write", 0) >= max(1, count // 5), summary
    assert summary["damaged_index"] >= 1 and summary["repairs"] == summary["damaged_index"], summary
