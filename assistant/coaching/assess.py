"""Assess a deal across the six skills, with evidence, and pick the one or two fixes that matter most.

Every finding carries a note id and a verbatim quote; the ranking is a weighted sum a manager can
read back ("economic buyer never met: weight 1.5, seen in 2 notes, proposal stage x1.2").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..context import Context
from ..knowledge import MEDDPICC, SKILLS, KnowledgeBase
from ..knowledge_index import sync_knowledge
from ..understand.model import DealModel, SignalHit
from ..understand.service import deal_model
from .focus_model import FocusModel, SkillFacts, features, load_focus

Finding = SignalHit  # what coaching calls a signal seen in the notes

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


@dataclass
class SkillAssessment:
    skill: str
    score: float = 0.0  # the weighted sum a manager can read back (weight x confidence, recurrence, stage factor)
    gaps: list[Finding] = field(default_factory=list)
    strengths: list[Finding] = field(default_factory=list)
    facts: SkillFacts | None = None  # what the learned focus ranking reads
    share: float = 0.0  # the focus model's share of this skill: its rank among the six

    @property
    def gap_signals(self) -> list[str]:
        return sorted({f.signal for f in self.gaps})


@dataclass
class DealAssessment:
    model: DealModel
    skills: dict[str, SkillAssessment]
    meddpicc: dict[str, str]  # element -> "confirmed" | "gap" | "unknown"
    focus: list[str]
    weights: dict[tuple[str, str], float] = field(default_factory=dict)

    def ranked_gaps(self, skill: str) -> list[Finding]:
        """The skill's gaps, the heaviest and most confident first."""
        return sorted(
            self.skills[skill].gaps,
            key=lambda f: (-self.weights.get((f.skill, f.signal), 1.0) * f.confidence, f.note_id),
        )

    def evidence(self, skill: str, limit: int = 3) -> list[Finding]:
        """Best evidence first: the heaviest, most confident signals, one quote per note."""
        seen, out = set(), []
        for f in self.ranked_gaps(skill):
            if f.note_id not in seen:
                seen.add(f.note_id)
                out.append(f)
        return out[:limit]


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
        sa.facts = SkillFacts(
            skill=skill,
            raw_score=round(gap, 4),
            staged_score=sa.score,
            heaviest=max((weights.get((skill, f.signal), 1.0) * f.confidence for f in sa.gaps), default=0.0),
            structural=max((f.confidence for f in sa.gaps if f.method != "classifier"), default=0.0),
            distinct_gaps=len(per_signal),
            best_gap=max((f.confidence for f in sa.gaps), default=0.0),
            gap_notes=len({f.note_id for f in sa.gaps}),
            strengths=len({f.signal for f in sa.strengths}),
        )
    return out


def skill_features(skills: dict[str, SkillAssessment], stage: str | None) -> dict[str, np.ndarray]:
    late = (stage or "").lower() not in EARLY_STAGES
    return features([sa.facts for sa in skills.values() if sa.facts is not None], late)


def pick_focus(skills: dict[str, SkillAssessment], stage: str | None, model: FocusModel | None = None) -> list[str]:
    """One or two skills, never more: the learned ranking's first, and a second only if close behind and
    shown by a gap. A deal with no gap at all gets the hand-set order's first."""
    if not any(sa.gaps for sa in skills.values()):
        return [sorted(skills.values(), key=lambda s: (-s.score, SKILLS.index(s.skill)))[0].skill]
    model = model or load_focus()
    ranked = model.rank(skill_features(skills, stage))
    for skill, share in ranked:
        skills[skill].share = round(share, 4)
    focus = [ranked[0][0]]
    second, share = ranked[1]
    if skills[second].gaps and share >= model.second_ratio * ranked[0][1]:
        focus.append(second)
    return focus


def current_findings(kb: KnowledgeBase, model: DealModel) -> list[SignalHit]:
    """The gaps that still stand and the strengths: a gap resolved by later evidence no longer counts.

    A qualification gap on an element the deal model holds as confirmed is resolved; so is any gap whose
    counterpart strength (`resolves` in knowledge/skills) appears in a later note.
    """
    order = {nid: i for i, nid in enumerate(model.note_ids)}
    resolves = {g: s.id for _, pol, s in kb.all_signals() if pol == "strength" for g in s.resolves}
    latest_strength: dict[tuple[str, bool], int] = {}
    for h in model.signals:
        if h.polarity == "strength":
            key = (h.signal, h.method != "classifier")
            latest_strength[key] = max(latest_strength.get(key, -1), order.get(h.note_id, 0))
    out = []
    for h in model.signals:
        if h.polarity == "gap":
            if h.element and model.meddpicc.get(h.element) and model.meddpicc[h.element].state == "confirmed":
                continue
            counter = resolves.get(h.signal)
            # a gap measured from the deal's structure (a transcript's talk share) is resolved only by a later
            # measurement, not by a classifier's reading of a sentence
            kinds = (True,) if h.method != "classifier" else (True, False)
            later = max((latest_strength.get((counter, k), -1) for k in kinds), default=-1) if counter else -1
            if later > order.get(h.note_id, 0):
                continue
        out.append(h)
    return out


def assess(kb: KnowledgeBase, model: DealModel) -> DealAssessment:
    """A pure function of the deal model: skill scores with evidence, and the one or two focus areas."""
    findings = current_findings(kb, model)
    skills = score_skills(kb, findings, model.stage)
    weights = {(s.id, g.id): g.weight for s in kb.skills for g in s.gap_signals}
    meddpicc = {e: model.meddpicc[e].state if e in model.meddpicc else "unknown" for e in MEDDPICC}
    return DealAssessment(model, skills, meddpicc, pick_focus(skills, model.stage), weights)


def assess_deal(ctx: Context, team: str, deal_id: str) -> DealAssessment:
    kb = sync_knowledge(ctx)
    return assess(kb, deal_model(ctx, team, deal_id))


__all__ = ["DealAssessment", "SkillAssessment", "assess", "assess_deal"]
