"""The advice guard: keeps the product asking rather than telling.

Every question the coaching engines output passes through `check_question` (a failing item is rewritten
with `label(...).suggestion` or dropped); replies are screened with `check_text` / `telling_sentences`;
`check_lines` is the `coach check` feature that gives managers feedback on their own planned questions.
Everything here is deterministic and offline: regular expressions and word lists, measured against
evals/datasets/speech_acts.yaml by `python -m assistant.guard.accuracy`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .acts import ACTS, TELLING, Act, classify_act, telling_kind
from .schemas import CheckItem, CheckResult
from .sentences import sentence_spans, split_sentences
from .socratic import QUESTION_TYPES, QuestionType, classify_type
from .suggest import suggest_open_question

__all__ = [
    "ACTS",
    "QUESTION_TYPES",
    "REASONS",
    "Act",
    "CheckItem",
    "CheckResult",
    "Labelled",
    "QuestionType",
    "check_lines",
    "check_question",
    "check_text",
    "classify_act",
    "classify_type",
    "label",
    "split_sentences",
    "suggest_open_question",
    "telling_sentences",
]

EMPTY = "empty"
STACKED = "stacked questions"
SEVERAL_SENTENCES = "more than one sentence"
NO_QUESTION_MARK = "does not end with '?'"
REASON_BY_ACT = {
    "closed_question": "closed question",
    "leading_question": "leading question",
    "directive": "contains a directive",
    "takeover": "contains a takeover",
    "statement": "not a question",
}
REASONS: tuple[str, ...] = (EMPTY, STACKED, SEVERAL_SENTENCES, NO_QUESTION_MARK, *REASON_BY_ACT.values())


@dataclass(frozen=True)
class Labelled:
    """A sentence with its act, its Socratic type (open questions only) and an open rewrite (if it needs one)."""

    text: str
    act: str
    type: str | None
    suggestion: str | None


def label(sentence: str) -> Labelled:
    """Label one sentence."""
    act = classify_act(sentence)
    qtype = classify_type(sentence) if act == "open_question" else None
    return Labelled(text=sentence, act=act, type=qtype, suggestion=suggest_open_question(sentence, act))


def check_question(text: str) -> list[str]:
    """Why a proposed coaching question is not acceptable; [] when it is one open question and nothing else.

    Acceptable means: one sentence, ending with '?', classified open_question, no directive or takeover
    phrase anywhere inside it, and no stacked questions (more than one '?').
    """
    stripped = text.strip()
    if not stripped:
        return [EMPTY]
    reasons: list[str] = []
    sentences = split_sentences(stripped) or [stripped]
    if stripped.count("?") > 1:
        reasons.append(STACKED)
    elif len(sentences) > 1:
        reasons.append(SEVERAL_SENTENCES)
    if not stripped.endswith("?"):
        reasons.append(NO_QUESTION_MARK)
    for sentence in sentences:
        act = classify_act(sentence)
        if act != "open_question":
            reasons.append(REASON_BY_ACT[act])
    telling = telling_kind(stripped)
    if telling:
        reasons.append(REASON_BY_ACT[telling])
    return list(dict.fromkeys(reasons))


def check_text(text: str) -> list[Labelled]:
    """Label every sentence of a free text (an assistant reply, a note), in order."""
    return [label(sentence) for sentence in split_sentences(text)]


def telling_sentences(text: str) -> list[Labelled]:
    """The sentences of a text that tell the rep what to do or take their work over."""
    return [item for item in check_text(text) if item.act in TELLING]


def check_lines(text: str) -> CheckResult:
    """`coach check`: one item per line (long lines split into sentences), input order and text kept."""
    spans = sentence_spans(text)
    items = [_item(label(text[start:end])) for start, end in spans]
    lines = sum(1 for line in text.splitlines() if line.strip())
    return CheckResult(items=items, summary=summarize(items, unit="lines" if len(items) == lines else "items"))


def summarize(items: list[CheckItem], unit: str = "lines") -> dict[str, object]:
    """Counts per act and type, the share of open questions, the telling count and a one-line verdict."""
    counts = {act: 0 for act in ACTS}
    counts.update(Counter(item.act for item in items))
    types = {qtype: 0 for qtype in QUESTION_TYPES}
    types.update(Counter(item.type for item in items if item.type))
    total = len(items)
    telling = counts["directive"] + counts["takeover"]
    return {
        "total": total,
        "counts": counts,
        "types": types,
        "share_open": round(counts["open_question"] / total, 4) if total else 0.0,
        "telling": telling,
        "verdict": _verdict(counts, total, unit),
    }


def _item(labelled: Labelled) -> CheckItem:
    return CheckItem(text=labelled.text, act=labelled.act, type=labelled.type, suggestion=labelled.suggestion)


def _verdict(counts: dict[str, int], total: int, unit: str) -> str:
    if not total:
        return "nothing to check"
    noun = unit if total != 1 else unit.rstrip("s")
    opens = counts["open_question"]
    parts = [f"{opens} of {total} {noun} {'is an open question' if total == 1 else 'are open questions'}"]
    phrases = (
        ("directive", "tells the rep what to do", "tell the rep what to do"),
        ("takeover", "takes over the rep's work", "take over the rep's work"),
        ("leading_question", "is a leading question", "are leading questions"),
        ("closed_question", "is a closed question", "are closed questions"),
        ("statement", "is not a question", "are not questions"),
    )
    for act, one, many in phrases:
        if counts[act]:
            parts.append(f"{counts[act]} {one if counts[act] == 1 else many}")
    if not counts["directive"] and not counts["takeover"]:
        parts.append("none tells the rep what to do")
    return "; ".join(parts)
