"""Optional model-graded rubric (`coach eval --judge openai:MODEL`): fixed evaluation steps, a structured
verdict at temperature 0, cached on disk by case, output and judge. It never gates; its agreement with the
deterministic metrics where they overlap is reported."""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..llm import prompts
from ..llm.client import LLMClient, LLMError
from ..settings import Settings
from .runner import RunResult

OVERLAP = {"asks_not_tells": "acts", "grounded": "grounding", "focused": "focus"}


class Verdict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    asks_not_tells: bool
    grounded: bool
    focused: bool
    helps_rep_think: int = Field(ge=1, le=5)
    reasoning: str


class Judge:
    def __init__(self, settings: Settings, judge_id: str, cache_dir: Path) -> None:
        prefix, _, model = judge_id.partition(":")
        if prefix != "openai":
            raise LLMError(f"unknown judge {judge_id!r}: use openai:MODEL")
        self.client = LLMClient(settings, model)
        self.judge_id = judge_id
        self.cache_dir = cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)

    def verdict(self, case_id: str, kind: str, labels: Any, output: dict[str, Any]) -> Verdict | None:
        answer = json.dumps(output, ensure_ascii=False, sort_keys=True)
        key = hashlib.sha256("\x1f".join([case_id, answer, self.judge_id, prompts.VERSION]).encode()).hexdigest()
        cached = self.cache_dir / f"{key}.json"
        if cached.exists():
            return Verdict.model_validate_json(cached.read_text(encoding="utf-8"))
        values = {
            "case_id": case_id,
            "kind": kind,
            "labels": json.dumps(labels),
            "answer": html.escape(answer, quote=False),
        }  # the answer cannot close <answer> or pose as markup
        try:
            result = self.client.call(prompts.messages("judge", values), Verdict)
        except LLMError:
            return None
        cached.write_text(result.parsed.model_dump_json(), encoding="utf-8")
        return result.parsed


def judge_run(run: RunResult, judge: Judge) -> dict[str, Any]:
    """Verdicts per case and agreement with the deterministic metrics (share of cases where both agree)."""
    verdicts: dict[str, dict[str, Any]] = {}
    agree: dict[str, list[bool]] = {field: [] for field in OVERLAP}
    scores: list[int] = []
    for result in run.results:
        output = result.outcomes[0].output
        if not output:
            continue
        verdict = judge.verdict(
            result.case.id, result.case.kind, result.case.expect.model_dump(mode="json", exclude_defaults=True), output
        )
        if verdict is None:
            continue
        verdicts[result.case.id] = verdict.model_dump()
        scores.append(verdict.helps_rep_think)
        for field, metric in OVERLAP.items():
            status = result.metrics[metric].status
            if status != "n/a":
                agree[field].append(getattr(verdict, field) == (status == "pass"))
    return {
        "judge": judge.judge_id,
        "cases": len(verdicts),
        "helps_rep_think_mean": sum(scores) / len(scores) if scores else None,
        "agreement": {f: (sum(v) / len(v) if v else None) for f, v in agree.items()},
        "verdicts": verdicts,
    }
