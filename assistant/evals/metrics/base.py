"""What every metric shares: the result type and how to read what the coach said out of an output."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, NA = "pass", "fail", "n/a"


@dataclass(frozen=True)
class MetricResult:
    """One metric on one case: pass, fail or not applicable (never a silent NaN)."""

    status: str
    values: dict[str, float] = field(default_factory=dict)
    detail: str = ""


def na(reason: str) -> MetricResult:
    return MetricResult(NA, {}, reason)


def outputs(outcome: Any) -> list[dict[str, Any]]:
    """Every answer of a case: one per turn for a conversation, else the single output."""
    if outcome.turns:
        return list(outcome.turns)
    return [outcome.output] if outcome.output else []


def questions(output: dict[str, Any]) -> list[dict[str, Any]]:
    """The answer's structured questions; for a chat answer with none (a clarifying question), its question
    sentences, so the speech acts of every answer are measured."""
    found = list(output.get("questions") or [])
    if not found and "text" in output:
        found = [{"text": s} for s in coach_sentences(output) if s.endswith("?")]
    return found


_NUMBERED = re.compile(r"^\s*\d+\.\s+")
_ANNOTATION = re.compile(r"\s*\[[^\]]*\]\s*$")


def coach_sentences(output: dict[str, Any]) -> Iterator[str]:
    """What the coach said to the user: questions, the reply, the focus explanations, a chat text.

    The `avoid` list is left out on purpose: it names traps for the manager ("Calling X yourself").
    """
    if "text" in output:
        for line in str(output["text"]).splitlines():
            line = _ANNOTATION.sub("", _NUMBERED.sub("", line)).strip()
            if line:
                yield line
        return
    if output.get("reply"):
        yield str(output["reply"])
    for area in output.get("focus_areas") or []:
        yield str(area.get("why", ""))
    for q in questions(output):
        yield str(q.get("text", ""))


def all_text(outcome: Any) -> str:
    """Everything the user would see, for leak checks: outputs, turns and any error message."""
    import json

    parts = [json.dumps(o, ensure_ascii=False) for o in outputs(outcome)]
    if outcome.error:
        parts.append(outcome.error)
    return "\n".join(parts)
