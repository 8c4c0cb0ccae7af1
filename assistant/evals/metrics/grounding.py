"""Grounding: cited notes exist in the case's deal, quotes are verbatim, and nothing is invented.

Every capitalised name (not the first word of a sentence), multi-digit number, amount and date in what the
coach says must appear in the deal's notes or in the knowledge base (the unsupported-entity rate).
"""

from __future__ import annotations

from typing import Any

from ...guard.grounding import entities
from .base import FAIL, PASS, MetricResult, coach_sentences, na, outputs

NAME = "grounding"


def _scope(case: Any, output: dict[str, Any], world: Any) -> list[Any]:
    team = case.team
    if case.kind in ("prep", "manager_chat") and output.get("deal_id"):
        return world.deal_notes(team, output["deal_id"])
    if case.kind == "rep_plan" or (case.kind == "manager_chat" and output.get("rep")):
        return world.rep_notes(team, output.get("rep") or case.input.rep or "")
    if output.get("deal_id"):
        return world.deal_notes(team, output["deal_id"])
    return []


def score(case: Any, outcome: Any, world: Any) -> MetricResult:
    answers = [o for o in outputs(outcome) if o.get("questions") or o.get("focus_areas")]
    if not answers:
        return na("no grounded answer to check")
    problems: list[str] = []
    checked = unsupported = cited = 0
    for output in answers:
        notes = {n.note_id: n for n in _scope(case, output, world)}
        corpus = world.corpus(list(notes.values()))
        for area in output.get("focus_areas") or []:
            for ev in area.get("evidence") or []:
                cited += 1
                note = notes.get(ev.get("note_id"))
                if note is None:
                    problems.append(f"evidence cites foreign note {ev.get('note_id')}")
                elif ev.get("quote", "") not in note.text:
                    problems.append(f"quote not verbatim in {ev.get('note_id')}")
        for q in output.get("questions") or []:
            for note_id in q.get("citations") or []:
                cited += 1
                if note_id not in notes:
                    problems.append(f"question cites foreign note {note_id}")
        texts = list(coach_sentences(output)) + [str(a) for a in output.get("avoid") or []]
        for text in texts:
            for entity in entities(text):
                checked += 1
                if entity not in corpus:
                    unsupported += 1
                    problems.append(f"unsupported: {entity!r}")
    rate = unsupported / checked if checked else 0.0
    values = {"unsupported_rate": rate, "entities": float(checked), "citations": float(cited)}
    detail = "; ".join(dict.fromkeys(problems))[:600] or "all citations valid, quotes verbatim, no invented entity"
    return MetricResult(FAIL if problems else PASS, values, detail)
