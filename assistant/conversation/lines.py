"""An answer as lines, and the guard over them sentence by sentence.

Each line is a statement or a question (with a number and a citation around it that the guard does not read).
`guarded` yields the answer one sentence at a time, each checked before it is yielded: a telling statement is
dropped, a question that is not one open question is replaced by the guard's open rewrite or dropped. The
streaming endpoint sends what it yields as it comes; the non-streaming answer is the same pieces joined.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..guard import check_question, label, split_sentences, telling_sentences


@dataclass(frozen=True)
class Line:
    text: str
    question: bool = False
    prefix: str = ""  # "1. ", "- "
    suffix: str = ""  # " [clarify; notes N3]"
    short: str | None = None  # the same said in a few words, for "shorter please"


@dataclass
class ChatAnswer:
    kind: str  # prep | rep_plan | team_risk | skill_overview | topic | check | explain | refine | deal_list | self
    # | clarify | llm
    lines: list[Line]
    deal_id: str | None = None
    rep: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    intent: str | None = None

    @property
    def text(self) -> str:
        return "".join(guarded(self.lines)).rstrip()


def question(text: str, number: int | None = None, suffix: str = "") -> Line:
    return Line(text, True, f"{number}. " if number is not None else "", suffix)


def _open(text: str) -> str | None:
    if not check_question(text):
        return text
    rewrite = label(text).suggestion
    return rewrite if rewrite and not check_question(rewrite) else None


def guarded(lines: Iterable[Line]) -> Iterator[str]:
    """The answer's pieces, one sentence (or one question line) at a time, each passing the guard first."""
    for line in lines:
        if line.question:
            text = _open(line.text)
            if text is not None:
                yield f"{line.prefix}{text}{line.suffix}\n"
            continue
        kept = [s for s in split_sentences(line.text) if not telling_sentences(s)]
        for i, sentence in enumerate(kept):
            last = i == len(kept) - 1
            yield f"{line.prefix if i == 0 else ''}{sentence}{line.suffix if last else ''}{chr(10) if last else ' '}"
