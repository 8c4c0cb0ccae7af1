"""The guard and grounding check on a model's draft: what fails gets named (for the repair round) and dropped.

Every text the user sees is checked, not only the questions: a question must be an open question that tells
nothing, and its `purpose` and `listen_for`, a focus area's `why`, each `avoid` line and a self-coaching reply
must not tell the rep what to do or take the deal over. None of them may name a person, company or number
absent from the notes and principles; citations are notes of this deal only; evidence quotes are verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..guard import check_question, telling_sentences
from ..guard.grounding import unsupported
from ..models import Note
from ..schemas import FocusArea, Question
from ..text import looks_like_injection, without_injections


@dataclass(frozen=True)
class Problem:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def question_problems(questions: list[Question], notes: dict[str, Note], corpus: str) -> list[Problem]:
    problems = []
    for i, q in enumerate(questions, 1):
        where = f"question {i} ({q.text[:60]!r})"
        problems += [Problem(where, reason) for reason in check_question(q.text)]
        if looks_like_injection(q.text):
            problems.append(Problem(where, "repeats an instruction-like text"))
        foreign = [c for c in q.citations if c not in notes]
        if foreign:
            problems.append(Problem(where, f"cites note ids not in this deal: {', '.join(foreign)}"))
        invented = unsupported(q.text, corpus)
        if invented:
            problems.append(Problem(where, f"names something not in the notes: {', '.join(invented)}"))
        problems += text_problems(f"{where} purpose", q.purpose, corpus)
        problems += text_problems(f"{where} listen_for", q.listen_for, corpus)
    return problems


def avoid_problems(avoid: list[str], corpus: str) -> list[Problem]:
    """Takeover traps are described ("Calling Graham yourself"), never prescribed ("You should call the CFO")."""
    return [p for i, line in enumerate(avoid, 1) for p in text_problems(f"avoid {i} ({line[:60]!r})", line, corpus)]


def focus_problems(areas: list[FocusArea], notes: dict[str, Note], corpus: str) -> list[Problem]:
    problems = []
    if not 1 <= len(areas) <= 2:
        problems.append(Problem("focus_areas", f"{len(areas)} focus areas; give one or two"))
    for i, area in enumerate(areas, 1):
        where = f"focus area {i} ({area.skill})"
        for item in telling_sentences(area.why):
            problems.append(Problem(where, f"'why' tells the rep what to do: {item.text!r}"))
        invented = unsupported(area.why, corpus)
        if invented:
            problems.append(Problem(where, f"names something not in the notes: {', '.join(invented)}"))
        for ev in area.evidence:
            note = notes.get(ev.note_id)
            if note is None:
                problems.append(Problem(where, f"evidence cites a note id not in this deal: {ev.note_id}"))
            elif ev.quote not in without_injections(note.text):
                reason = f"quote is not word for word from {ev.note_id} (or it quotes a planted instruction)"
                problems.append(Problem(where, reason))
    return problems


def text_problems(label: str, text: str, corpus: str) -> list[Problem]:
    problems = [Problem(label, f"tells the rep what to do: {item.text!r}") for item in telling_sentences(text)]
    if looks_like_injection(text):
        problems.append(Problem(label, "repeats an instruction-like text"))
    invented = unsupported(text, corpus)
    if invented:
        problems.append(Problem(label, f"names something not in the notes: {', '.join(invented)}"))
    return problems


def keep_valid_avoid(avoid: list[str], corpus: str) -> list[str]:
    return [line for line in avoid if not avoid_problems([line], corpus)]


def keep_valid_questions(questions: list[Question], notes: dict[str, Note], corpus: str) -> list[Question]:
    return [q for q in questions if not question_problems([q], notes, corpus)]


def keep_valid_focus(areas: list[FocusArea], notes: dict[str, Note], corpus: str) -> list[FocusArea]:
    kept = []
    for area in areas[:2]:
        evidence = [
            ev for ev in area.evidence if ev.note_id in notes and ev.quote in without_injections(notes[ev.note_id].text)
        ]
        fixed = area.model_copy(update={"evidence": evidence})
        if evidence and not focus_problems([fixed], notes, corpus):
            kept.append(fixed)
    return kept
