"""Build one deal's DealModel from its own notes: header and history, people and access, signals, MEDDPICC,
competitors, risks, next step and call metrics. Nothing from another deal or team is read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np

from ..knowledge import MEDDPICC, KnowledgeBase
from ..models import Note
from ..text import Sentence, safe_field, sentences, shorten
from .access import AccessModel
from .calls import call_metrics
from .classifier import SignalModel
from .commitments import note_commitments
from .competitors import competitor_names, competitors
from .dates import next_step
from .detect import detect
from .meddpicc import MeddpiccModel
from .meddpicc import apply as apply_states
from .model import CallStats, Change, DealModel, ElementState, Quote, RiskFlag, SignalHit
from .nlp import parse
from .people import PersonFound, find_people
from .relations import RelationModel
from .stakeholders import Person, people, stakeholders
from .titles import normalise_stage

if TYPE_CHECKING:
    from spacy.tokens import Doc

LATE = ("evaluation", "proposal", "negotiation")
SILENCE_DAYS = 21
STALL_DAYS = 45
_PRICING = re.compile(
    r"\b(pric\w*|quote\w*|discount\w*|commercials?|cost\w*|budget\w*|rate card|fees?|\d+k|\$|€|£)", re.I
)


@dataclass(frozen=True)
class TeamView:
    """What the deal model needs from the rest of the team: our own people, known competitors, 'today'."""

    internal_names: frozenset[str]
    competitors: frozenset[str]
    as_of: date | None
    spread: Mapping[str, float] = field(default_factory=dict, hash=False, compare=False)  # word -> share of deals


def _most_common(values: list[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _history(notes: list[Note], attr: str) -> list[Change]:
    out: list[Change] = []
    for n in notes:
        value = getattr(n, attr)
        if value is None:
            continue
        text = value.isoformat() if isinstance(value, date) else f"{value:g}"
        if not out or out[-1].value != text:
            out.append(Change(text, n.note_id, n.date))
    return out


def _rules(m: DealModel, spans: list[Sentence], dates: dict[str, date | None]) -> list[SignalHit]:
    """Signals read from the deal's structure: silence, slips, one contact, access to the economic buyer, calls."""
    out: list[SignalHit] = []
    open_deal = not m.is_closed
    by_note = {s.note_id: s for s in reversed(spans)}

    def first(note_id: str) -> str:
        return shorten(by_note[note_id].text) if note_id in by_note else ""

    silent = m.days_silent
    close_stands = m.close_date is None or m.as_of is None or m.close_date >= m.as_of - timedelta(7)
    if open_deal and silent is not None and silent >= SILENCE_DAYS and close_stands:
        nid = m.latest_note_id
        out.append(SignalHit("deal_strategy", "no_next_step", "gap", nid, first(nid), "rule", 0.9, None, dates[nid]))
    pushes = [c for prev, c in zip(m.close_history, m.close_history[1:], strict=False) if c.value > prev.value]
    if len(pushes) >= 2:
        for c in pushes:
            out.append(
                SignalHit(
                    "deal_strategy", "close_date_slipping", "gap", c.note_id, first(c.note_id), "rule", 0.8, None, c.on
                )
            )
    customers = [p for p in m.stakeholders if p.named]
    if open_deal and m.stage in LATE and len(customers) <= 1 and customers:
        q = customers[0].evidence[0]
        out.append(SignalHit("deal_strategy", "single_threaded", "gap", q.note_id, q.quote, "rule", 0.7, None, None))
    eb = m.economic_buyer
    if eb is not None and eb.evidence:
        q = eb.evidence[-1]
        if eb.engagement in ("not_met", "only_through_contact"):
            out.append(
                SignalHit(
                    "qualification", "eb_not_met", "gap", q.note_id, q.quote, "stakeholders", 0.85, "economic_buyer",
                    dates.get(q.note_id),
                )
            )  # fmt: skip
        elif eb.engagement == "met":
            out.append(
                SignalHit(
                    "qualification", "eb_engaged", "strength", q.note_id, q.quote, "stakeholders", 0.8,
                    "economic_buyer", dates.get(q.note_id),
                )
            )  # fmt: skip
    for call in m.calls:
        said = call.monologue or first(call.note_id)  # an ingested call file quotes its timestamped turns
        on = dates.get(call.note_id)
        if call.monologue:
            out += _call_file_hits(call, on)
        if call.rep_share >= 0.65:
            hit = ("call_execution", "rep_dominates_talk", "gap")
        elif call.rep_share <= 0.45:
            hit = ("call_execution", "customer_talked_most", "strength")
        else:
            continue
        out.append(SignalHit(*hit, call.note_id, said, "transcript", 0.9, None, on))
        if call.customer_questions_unanswered:
            asked = call.unanswered[0] if call.monologue and call.unanswered else said
            out.append(
                SignalHit(
                    "call_execution", "questions_unanswered", "gap", call.note_id, asked, "transcript", 0.7, None, on
                )
            )
    return out


def _call_file_hits(call: CallStats, on: date | None) -> list[SignalHit]:
    """Strengths only a timed, speaker-marked call file shows: every customer question answered, a next step set."""
    out: list[SignalHit] = []
    if call.customer_questions and not call.customer_questions_unanswered:
        out.append(SignalHit("call_execution", "questions_handled", "strength", call.note_id, call.monologue,
                             "transcript", 0.7, None, on))  # fmt: skip
    if call.next_steps:
        out.append(SignalHit("deal_strategy", "next_step_agreed", "strength", call.note_id, call.next_steps[-1],
                             "transcript", 0.7, None, on))  # fmt: skip
    return out


def _meddpicc(m: DealModel, order: dict[str, int]) -> dict[str, ElementState]:
    """Each element's state from its latest evidence: a later confirmation resolves an earlier gap."""
    out: dict[str, ElementState] = {}
    for element in MEDDPICC:
        hits = [h for h in m.signals if h.element == element]
        if element == "economic_buyer" and any(h.method == "stakeholders" for h in hits):
            hits = [h for h in hits if h.method == "stakeholders"]
        if not hits:
            out[element] = ElementState(element, "unknown", 0.0, [])
            continue
        hits.sort(key=lambda h: (order.get(h.note_id, 0), h.confidence))
        last = hits[-1]
        state = "gap" if last.polarity == "gap" else "confirmed"
        evidence = [Quote(h.note_id, h.quote) for h in hits if h.polarity == last.polarity][-2:]
        out[element] = ElementState(element, state, last.confidence, evidence)
    return out


def _risks(m: DealModel, spans: list[Sentence], notes: list[Note]) -> list[RiskFlag]:
    out: list[RiskFlag] = []
    if m.is_closed:
        return out
    latest = Quote(m.latest_note_id, next((s.text for s in spans if s.note_id == m.latest_note_id), "")[:200])
    silent = m.days_silent
    if silent is not None and silent >= SILENCE_DAYS:
        out.append(RiskFlag("no_activity", f"no note for {silent} days", [latest]))
        if any(h.signal == "no_next_step" and h.method == "classifier" for h in m.signals):
            out.append(RiskFlag("ghosted", "no reply to the rep's follow-ups", [latest]))
    if m.close_date and m.as_of and m.close_date < m.as_of:
        out.append(RiskFlag("close_date_passed", f"close date {m.close_date.isoformat()} is past", [latest]))
    pushes = [c for prev, c in zip(m.close_history, m.close_history[1:], strict=False) if c.value > prev.value]
    if len(pushes) >= 2:
        out.append(
            RiskFlag(
                "close_date_slipped",
                f"close date pushed {len(pushes)} times",
                [Quote(c.note_id, c.value) for c in pushes],
            )
        )
    named = [p for p in m.stakeholders if p.named]
    if m.stage in LATE and len(named) <= 1:
        out.append(RiskFlag("too_few_contacts", f"{len(named)} named contact(s) at the {m.stage} stage", [latest]))
    eb = m.economic_buyer
    if m.stage in LATE and (eb is None or eb.engagement != "met"):
        detail = "no economic buyer identified" if eb is None else f"{eb.name}: {eb.engagement.replace('_', ' ')}"
        out.append(RiskFlag("no_access_to_power", detail, eb.evidence[-1:] if eb else [latest]))
    if m.stage in ("proposal", "negotiation") and not any(_PRICING.search(s.text) for s in spans):
        out.append(RiskFlag("pricing_not_discussed", "no note mentions price, budget or commercials", [latest]))
    current = [n for n in notes if n.stage == m.stage_label]
    if current and m.as_of and current[0].date and (m.as_of - current[0].date).days >= STALL_DAYS:
        days = (m.as_of - current[0].date).days
        out.append(RiskFlag("stalled_in_stage", f"{days} days at {m.stage_label}", [Quote(current[0].note_id, "")]))
    return out


@dataclass
class DealReading:
    """The deal's sentences, classifier hits and people: what the deal model (and relation training) start from."""

    spans: list[Sentence]
    hits: list[SignalHit]
    persons: list[Person]
    probs: np.ndarray  # sentence x signal classifier probabilities
    col: dict[str, int]  # signal id -> column of probs
    docs: list[Doc]  # the notes parsed, in date order (the vendor reader's candidates come from them)
    found: list[PersonFound]


def read_deal(
    kb: KnowledgeBase,
    model: SignalModel,
    notes: list[Note],
    view: TeamView,
    vectors_for: Callable[[list[Sentence]], np.ndarray],
) -> DealReading:
    notes = sorted(notes, key=lambda n: (n.date or date.min, n.note_id))
    spans = [s for n in notes for s in sentences(n.note_id, n.text)]
    dates = {n.note_id: n.date for n in notes}
    hits, probs = detect(kb, model, spans, vectors_for(spans), dates)
    col = {s: j for j, s in enumerate(model.signals)}
    docs = dict(zip([n.note_id for n in notes], parse([n.text for n in notes]), strict=True))
    found = find_people(kb, notes, spans, set(view.internal_names), view.spread, view.competitors)
    persons = people(found, spans, docs, probs, col)
    return DealReading(spans, hits, persons, probs, col, list(docs.values()), found)


def build_deal_model(
    kb: KnowledgeBase,
    model: SignalModel,
    relations: RelationModel,
    states: MeddpiccModel | None,
    team: str,
    deal_id: str,
    notes: list[Note],
    view: TeamView,
    vectors_for: Callable[[list[Sentence]], np.ndarray],
    access: AccessModel | None = None,
) -> DealModel:
    """The deal model of one deal; `vectors_for(spans)` gives the sentences' embeddings (cached by the caller).
    Without `states` MEDDPICC is the latest-evidence reading (what the learned states are trained from); without
    `access` each person's access is the rule's reading."""
    notes = sorted(notes, key=lambda n: (n.date or date.min, n.note_id))
    dates = {n.note_id: n.date for n in notes}
    order = {n.note_id: i for i, n in enumerate(notes)}
    internal = set(view.internal_names)
    written = [n for n in notes if n.text] or notes  # CRM snapshots (no text) feed history, not contact dates
    latest = written[-1]
    stage_label = next((n.stage for n in reversed(notes) if n.stage), None)
    known_dates = [n.date for n in written if n.date]
    m = DealModel(
        team=team,
        deal_id=deal_id,
        account=_most_common([safe_field(n.account) for n in notes]),  # a planted instruction is never echoed
        rep=_most_common([safe_field(n.rep) for n in notes]),
        stage=normalise_stage(kb, stage_label),
        stage_label=stage_label,
        amount=next((n.amount for n in reversed(notes) if n.amount is not None), None),
        close_date=next((n.close_date for n in reversed(notes) if n.close_date is not None), None),
        as_of=view.as_of,
        first_date=min(known_dates) if known_dates else None,
        last_contact=max(known_dates) if known_dates else None,
        latest_note_id=latest.note_id,
        note_ids=[n.note_id for n in notes],
        close_history=_history(notes, "close_date"),
        amount_history=_history(notes, "amount"),
    )
    read = read_deal(kb, model, notes, view, vectors_for)
    spans, hits, persons = read.spans, read.hits, read.persons
    m.stakeholders = stakeholders(persons, spans, relations, access)
    for n in notes:
        stats = call_metrics(n.note_id, n.text, internal | ({m.rep} if m.rep else set()))
        if stats is not None:
            m.calls.append(CallStats(**{k: v for k, v in vars(stats).items() if k != "quote"}))
    exclude = {w for p in m.stakeholders if p.named for w in p.name.split()}
    exclude |= {w for name in internal for w in name.split()} | set((m.account or "").split())
    names = (competitor_names(spans, exclude) | set(view.competitors)) - exclude
    m.competitors = competitors(spans, names)
    m.signals = hits + _rules(m, spans, dates)
    m.meddpicc = _meddpicc(m, order)
    if states is not None:
        apply_states(states, kb, m, read.probs, read.col)
    m.risks = _risks(m, spans, notes)
    m.next_step = next_step(spans, notes, {p.name for p in m.stakeholders if p.named})
    m.commitments = note_commitments(spans, notes, m.rep)
    return m
