"""Speech acts from the advice guard: share of open questions, telling (directives, takeovers), leading."""

from __future__ import annotations

from typing import Any

from ...guard import check_text, label
from .base import FAIL, PASS, MetricResult, coach_sentences, na, outputs, questions

NAME = "acts"


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    answers = outputs(outcome)
    if not answers:
        return na("no answer to label (an error or a retrieval case)")
    telling = leading = asked = open_ = 0
    problems: list[str] = []
    for output in answers:
        for q in questions(output):
            asked += 1
            act = label(str(q.get("text", ""))).act
            if act == "open_question":
                open_ += 1
            else:
                problems.append(f"{act}: {q.get('text')}")
        for sentence in coach_sentences(output):
            for item in check_text(sentence):
                if item.act in ("directive", "takeover"):
                    telling += 1
                    problems.append(f"{item.act}: {item.text}")
                elif item.act == "leading_question":
                    leading += 1
                    problems.append(f"leading: {item.text}")
    share_open = open_ / asked if asked else 0.0
    ok = telling == 0 and leading == 0 and asked > 0 and open_ == asked
    values = {"share_open": share_open, "telling": float(telling), "leading": float(leading), "answers": len(answers)}
    return MetricResult(
        PASS if ok else FAIL, values, "; ".join(dict.fromkeys(problems))[:600] or "all open, no telling"
    )
