"""Skill signals found in a deal's notes, each with its evidence (note id and verbatim quote).

Three explainable detectors:
- patterns: the regular expressions written for each signal in knowledge/skills/*.yaml;
- similarity: note embeddings (already in the index) against the signal's example sentences;
- rules over deal facts: weeks of silence while the close date stands, a close date pushed
  repeatedly, a single contact, an economic buyer named but never met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from ..knowledge import KnowledgeBase, Signal
from .facts import DealFacts
from .text import Sentence, shorten

CLOSED_STAGES = {"closed_won", "closed_lost", "won", "lost"}
LATE_STAGES = {"solution", "proposal", "negotiation", "closed_won", "closed_lost"}
SILENCE_DAYS = 21
_MET = re.compile(
    r"\b(met|meeting with|call with|call w/|spoke (to|with)|presented to|lunch with|joined|attendees)\b", re.I
)
_NEGATED = re.compile(r"\b(not|never|haven.?t|hasn.?t|didn.?t|wasn.?t|weren.?t|no one|yet to)\b", re.I)


@dataclass(frozen=True)
class Finding:
    skill: str
    signal: str
    polarity: str  # "gap" | "strength"
    note_id: str
    quote: str
    method: str  # "pattern" | "similarity" | "rule"
    confidence: float
    element: str | None = None


def _signals(kb: KnowledgeBase) -> list[tuple[str, str, Signal]]:
    out = []
    for skill in kb.skills:
        out += [(skill.id, "gap", s) for s in skill.gap_signals]
        out += [(skill.id, "strength", s) for s in skill.strength_signals]
    return out


_regex_cache: dict[str, list[tuple[str, str, Signal, re.Pattern[str]]]] = {}


def _signal_regexes(kb: KnowledgeBase) -> list[tuple[str, str, Signal, re.Pattern[str]]]:
    """One compiled alternation per signal: a sentence costs one search per signal, not one per pattern."""
    cached = _regex_cache.get(kb.digest)
    if cached is None:
        cached = _regex_cache[kb.digest] = [
            (skill, polarity, signal, re.compile("|".join(f"(?:{p})" for p in signal.patterns), re.I))
            for skill, polarity, signal in _signals(kb)
            if signal.patterns
        ]
    return cached


_note_cache: dict[tuple[str, str, str], list[Finding]] = {}
_NOTE_CACHE_SIZE = 50_000


def pattern_findings(kb: KnowledgeBase, spans: list[Sentence]) -> list[Finding]:
    """Pattern hits per sentence, cached per note text and knowledge version (notes rarely change)."""
    regexes = _signal_regexes(kb)
    by_note: dict[str, list[Sentence]] = {}
    for span in spans:
        by_note.setdefault(span.note_id, []).append(span)
    found: list[Finding] = []
    for note_id, note_spans in by_note.items():
        key = (kb.digest, note_id, "\x1f".join(s.text for s in note_spans))
        cached = _note_cache.get(key)
        if cached is None:
            cached = [
                Finding(skill, signal.id, polarity, span.note_id, shorten(span.text), "pattern", 1.0, signal.element)
                for skill, polarity, signal, regex in regexes
                for span in note_spans
                if regex.search(span.text)
            ]
            if len(_note_cache) >= _NOTE_CACHE_SIZE:
                _note_cache.clear()
            _note_cache[key] = cached
        found += cached
    return found


def similarity_findings(
    kb: KnowledgeBase,
    spans: list[Sentence],
    sentence_vectors: np.ndarray,
    signal_vectors: dict[str, np.ndarray],
    threshold: float = 0.65,
) -> list[Finding]:
    """Sentences whose embedding is close to one of a gap signal's example sentences.

    Weaker than a pattern (confidence 0.5): embeddings blur negation ("met the CFO" is close to
    "never met the CFO"), so these findings support, and never contradict, the pattern evidence.
    """
    found: list[Finding] = []
    if not spans:
        return found
    for skill, polarity, signal in _signals(kb):
        ref = signal_vectors.get(f"{skill}:{signal.id}")
        if polarity != "gap" or ref is None:
            continue
        sims = (sentence_vectors @ ref.T).max(axis=1)
        for i in np.flatnonzero(sims >= threshold):
            span = spans[int(i)]
            found.append(
                Finding(skill, signal.id, polarity, span.note_id, shorten(span.text), "similarity", 0.5, signal.element)
            )
    return found


def _first_sentence(facts: DealFacts, note_id: str, pattern: re.Pattern[str] | None = None) -> str:
    spans = [s for s in facts.sentences if s.note_id == note_id]
    if pattern is not None:
        spans = [s for s in spans if pattern.search(s.text)] or spans
    return shorten(spans[0].text) if spans else ""


def rule_findings(facts: DealFacts, patterned: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    stage = (facts.stage or "").lower()
    open_deal = stage not in CLOSED_STAGES
    silent = facts.days_silent
    if open_deal and silent is not None and silent >= SILENCE_DAYS and facts.notes:
        close_stands = facts.close_date is None or facts.as_of is None or facts.close_date >= facts.as_of - timedelta(7)
        if close_stands:
            last = max(facts.notes, key=lambda n: (n.date or facts.as_of, n.note_id))
            out.append(
                Finding(
                    "deal_strategy",
                    "no_next_step",
                    "gap",
                    last.note_id,
                    _first_sentence(facts, last.note_id, re.compile(r"next|follow|wait|reply|step", re.I)),
                    "rule",
                    1.0,
                )
            )
    pushes = [
        (d, nid)
        for (d, nid), (prev, _) in zip(facts.close_date_history[1:], facts.close_date_history, strict=False)
        if d > prev
    ]
    if len(pushes) >= 2 or (pushes and open_deal and len(facts.close_date_history) >= 3):
        for _, note_id in pushes:
            out.append(
                Finding(
                    "deal_strategy",
                    "close_date_slipping",
                    "gap",
                    note_id,
                    _first_sentence(facts, note_id, re.compile(r"push|slip|moved|close|date|Q[1-4]", re.I)),
                    "rule",
                    0.8,
                )
            )
    people = facts.people
    if open_deal and stage in LATE_STAGES and len(people) == 1:
        only = people[0]
        out.append(
            Finding(
                "deal_strategy",
                "single_threaded",
                "gap",
                only.note_ids[0],
                _first_sentence(facts, only.note_ids[0], re.compile(re.escape(only.first_name))),
                "rule",
                0.7,
            )
        )
    eb = facts.economic_buyer
    eb_met = any(f.signal == "eb_engaged" for f in patterned)
    if eb is not None and not eb_met and stage in LATE_STAGES:
        name = re.compile(rf"\b({re.escape(eb.name)}|{re.escape(eb.first_name)})\b")
        met = [
            s for s in facts.sentences if name.search(s.text) and _MET.search(s.text) and not _NEGATED.search(s.text)
        ]
        if not met:
            note_id = eb.note_ids[0]
            out.append(
                Finding(
                    "qualification",
                    "eb_not_met",
                    "gap",
                    note_id,
                    _first_sentence(facts, note_id, name),
                    "rule",
                    0.7,
                    "economic_buyer",
                )
            )
    return out
