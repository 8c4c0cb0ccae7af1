"""Assess a deal across the six skills, with evidence, and pick the one or two fixes that matter most.

Every finding carries a note id and a verbatim quote; the ranking is a weighted sum a manager can
read back ("economic buyer never met: weight 1.5, seen in 2 notes, proposal stage x1.2").
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ..context import Context
from ..errors import NotFoundError
from ..knowledge import MEDDPICC, SKILLS, KnowledgeBase
from ..knowledge_index import knowledge_documents, sync_knowledge
from ..store.vectors import KNOWLEDGE_COLLECTION, check_team
from .facts import DealFacts, extract_facts
from .signals import LATE_STAGES, Finding, pattern_findings, rule_findings, similarity_findings
from .team import team_profile

EARLY_STAGES = {"prospecting", "discovery", "qualification"}
STAGE_FACTOR = {
    "early": {
        "prospecting": 1.1,
        "qualification": 1.0,
        "customer_value": 1.2,
        "call_execution": 1.1,
        "deal_strategy": 0.9,
        "time_and_resources": 0.9,
    },
    "late": {
        "prospecting": 0.6,
        "qualification": 1.2,
        "customer_value": 1.0,
        "call_execution": 0.9,
        "deal_strategy": 1.2,
        "time_and_resources": 1.0,
    },
}
SECOND_FOCUS_RATIO = 0.6  # a second focus area only when it is nearly as important as the first
MIN_SECOND_SCORE = 1.0


@dataclass
class SkillAssessment:
    skill: str
    score: float = 0.0
    gaps: list[Finding] = field(default_factory=list)
    strengths: list[Finding] = field(default_factory=list)

    @property
    def gap_signals(self) -> list[str]:
        return sorted({f.signal for f in self.gaps})


@dataclass
class DealAssessment:
    facts: DealFacts
    skills: dict[str, SkillAssessment]
    meddpicc: dict[str, str]  # element -> "covered" | "gap" | "unknown"
    focus: list[str]
    weights: dict[tuple[str, str], float] = field(default_factory=dict)

    def evidence(self, skill: str, limit: int = 3) -> list[Finding]:
        """Best evidence first: the heaviest signals, patterns and rules before similarity, one quote per note."""
        seen, out = set(), []
        ranked = sorted(
            self.skills[skill].gaps,
            key=lambda f: (-self.weights.get((f.skill, f.signal), 1.0) * f.confidence, f.note_id),
        )
        for f in ranked:
            if f.note_id not in seen:
                seen.add(f.note_id)
                out.append(f)
        return out[:limit]


_signal_cache: dict[str, dict[str, np.ndarray]] = {}
_signal_lock = threading.Lock()


def signal_vectors(ctx: Context, kb: KnowledgeBase) -> dict[str, np.ndarray]:
    """Example-sentence vectors per gap signal ("skill:signal" -> matrix), read once from the index."""
    with _signal_lock:
        cached = _signal_cache.get(kb.digest)
        if cached is not None:
            return cached
    ids = [doc_id for doc_id, _, meta in knowledge_documents(kb) if meta["kind"] == "gap"]
    vectors = ctx.vectors.get_embeddings(KNOWLEDGE_COLLECTION, ids)
    grouped: dict[str, list[np.ndarray]] = {}
    for doc_id in ids:
        if doc_id in vectors:
            _, skill, signal, _ = doc_id.split(":")
            grouped.setdefault(f"{skill}:{signal}", []).append(vectors[doc_id])
    result = {key: np.stack(rows) for key, rows in grouped.items()}
    with _signal_lock:
        _signal_cache[kb.digest] = result
    return result


_sentence_cache: OrderedDict[tuple[str, str, str], np.ndarray] = OrderedDict()
_SENTENCE_CACHE_NOTES = 50_000


def sentence_vectors(ctx: Context, facts: DealFacts) -> np.ndarray:
    """Embeddings of the deal's sentences, cached per note text: a repeated prep costs no model call."""
    rows: list[np.ndarray] = []
    missing: list[tuple[tuple[str, str, str], list[str]]] = []
    by_note: dict[str, list[str]] = {}
    for span in facts.sentences:
        by_note.setdefault(span.note_id, []).append(span.text)
    keys = {}
    for note in facts.notes:
        if note.note_id in by_note:
            key = (facts.team, note.note_id, hashlib.sha1(note.text.encode()).hexdigest())
            keys[note.note_id] = key
            with _signal_lock:
                if key not in _sentence_cache:
                    missing.append((key, by_note[note.note_id]))
    if missing:
        flat = [t for _, texts in missing for t in texts]
        vectors = ctx.embedder.embed(flat)
        start = 0
        with _signal_lock:
            for key, texts in missing:
                _sentence_cache[key] = vectors[start : start + len(texts)]
                start += len(texts)
            while len(_sentence_cache) > _SENTENCE_CACHE_NOTES:
                _sentence_cache.popitem(last=False)
    with _signal_lock:
        cached = {note_id: _sentence_cache[key] for note_id, key in keys.items()}
    seen: dict[str, int] = {}
    for span in facts.sentences:
        i = seen.get(span.note_id, 0)
        rows.append(cached[span.note_id][i])
        seen[span.note_id] = i + 1
    return np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32)


def _meddpicc(findings: list[Finding]) -> dict[str, str]:
    status = {}
    for element in MEDDPICC:
        covered = any(f.element == element and f.polarity == "strength" for f in findings)
        gap = any(f.element == element and f.polarity == "gap" and f.confidence >= 0.7 for f in findings)
        status[element] = "gap" if gap else "covered" if covered else "unknown"
    return status


def score_skills(kb: KnowledgeBase, findings: list[Finding], stage: str | None) -> dict[str, SkillAssessment]:
    phase = "early" if (stage or "").lower() in EARLY_STAGES else "late"
    weights = {(s.id, g.id): g.weight for s in kb.skills for g in s.gap_signals}
    out = {skill: SkillAssessment(skill) for skill in SKILLS}
    for f in findings:
        (out[f.skill].gaps if f.polarity == "gap" else out[f.skill].strengths).append(f)
    for skill, sa in out.items():
        per_signal: dict[str, list[Finding]] = {}
        for f in sa.gaps:
            per_signal.setdefault(f.signal, []).append(f)
        gap = 0.0
        for signal, items in per_signal.items():
            best = max(f.confidence for f in items)
            notes = len({f.note_id for f in items})
            gap += weights.get((skill, signal), 1.0) * (best + 0.15 * min(notes - 1, 3))
        strength = 0.25 * len({f.signal for f in sa.strengths})
        sa.score = round(max(0.0, gap - strength) * STAGE_FACTOR[phase][skill], 4)
    return out


def pick_focus(skills: dict[str, SkillAssessment]) -> list[str]:
    """One or two skills, never more: the biggest-impact fix, and a second only if close behind."""
    ranked = sorted(skills.values(), key=lambda s: (-s.score, SKILLS.index(s.skill)))
    if ranked[0].score <= 0:
        return [ranked[0].skill]
    focus = [ranked[0].skill]
    second = ranked[1]
    if second.score >= MIN_SECOND_SCORE and second.score >= SECOND_FOCUS_RATIO * ranked[0].score:
        focus.append(second.skill)
    return focus


def assess_deal(ctx: Context, team: str, deal_id: str, use_similarity: bool = True) -> DealAssessment:
    check_team(team)
    kb = sync_knowledge(ctx)
    profile = team_profile(ctx, team)
    if not profile.notes_by_deal:
        raise NotFoundError(f"unknown team {team!r}: no notes ingested (run `coach ingest PATH --team {team}`)")
    notes = profile.notes_by_deal.get(deal_id)
    if not notes:
        raise NotFoundError(f"unknown deal {deal_id!r} in team {team!r}")
    facts = extract_facts(team, deal_id, notes, set(profile.internal_names), set(profile.competitors), profile.as_of)
    findings = pattern_findings(kb, facts.sentences)
    if use_similarity:
        vectors = sentence_vectors(ctx, facts)
        covered = {(f.skill, f.signal, f.note_id) for f in findings}
        findings += [
            f
            for f in similarity_findings(kb, facts.sentences, vectors, signal_vectors(ctx, kb))
            if (f.skill, f.signal, f.note_id) not in covered
        ]
    findings += rule_findings(facts, findings)
    findings = _drop_contradicted(findings)
    skills = score_skills(kb, findings, facts.stage)
    weights = {(s.id, g.id): g.weight for s in kb.skills for g in s.gap_signals}
    return DealAssessment(facts, skills, _meddpicc(findings), pick_focus(skills), weights)


def _drop_contradicted(findings: list[Finding]) -> list[Finding]:
    """A weak gap (similarity) on an element the notes show as covered is dropped: the pattern evidence wins."""
    covered = {f.element for f in findings if f.polarity == "strength" and f.element}
    strong = {(f.skill, f.signal) for f in findings if f.polarity == "gap" and f.method != "similarity"}
    return [
        f
        for f in findings
        if not (
            f.method == "similarity"
            and (f.element in covered or (f.skill, f.signal) not in strong and f.skill == "qualification")
        )
    ]


__all__ = ["DealAssessment", "SkillAssessment", "assess_deal", "LATE_STAGES"]
