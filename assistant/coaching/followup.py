"""The opening of the next prep pack: each open commitment of the rep's, its status from the notes written
since, and one question about it in the rep's own words.

A commitment is `done` when a later note shows it carried out (the learned follow-through reading, the note
quoted as evidence), `overdue` when its due date has passed with no such note, and `no_evidence_yet` otherwise.
It stays open until a review held after it was done has followed it up. The question never blames ("Why didn't
you...?" is what a rep defends, not what they learn from): it asks what happened, where things stand, or what
has changed since the plan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..guard import check_question
from ..models import Commitment, Note, Review
from ..schemas import Evidence, FollowUp, Question
from ..text import sentences
from ..understand.commitments import read_pledge, second_person
from ..understand.followthrough import read_followthrough
from ..understand.model import DealModel
from ..understand.nlp import parse

MAX_FOLLOW_UPS = 5
NOTE_COMMITMENTS = 3  # the newest dated actions a rep wrote in their notes since the last review


@dataclass(frozen=True)
class Status:
    status: str
    evidence: Evidence | None


def _inflect(action: str, tag: str) -> str | None:
    """The action with its leading verb (and verbs joined to it) in the form `tag` ('VBD' met, 'VBG' meeting)."""
    from lemminflect import getInflection

    doc = parse([action])[0]
    head = doc[0] if len(doc) else None
    if head is None or head.pos_ not in ("VERB", "AUX") and head.tag_ != "VB":
        return None
    verbs = [head, *(c for c in head.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.tag_ == "VB")]
    out, last = [], 0
    for verb in sorted(verbs, key=lambda t: t.i):
        form = getInflection(verb.lemma_.lower(), tag=tag)
        if not form:
            return None
        out += [action[last : verb.idx], form[0]]
        last = verb.idx + len(verb.text)
    return "".join(out) + action[last:]


def question_text(pledge_action: str, has_verb: bool, status: str) -> str:
    """One open question in the rep's terms: what happened, where it stands, what has changed since the plan."""
    action = second_person(pledge_action.strip().rstrip(".;!"))
    if has_verb:
        base = action[0].lower() + action[1:]
        if status == "done" and (past := _inflect(base, "VBD")):
            return f"What happened when you {past}?"
        if status == "no_evidence_yet" and (ing := _inflect(base, "VBG")):
            return f"Where do things stand with {ing}?"
        return f"What has changed since you planned to {base}, and what is your next move?"
    quoted = f"\u201c{action}\u201d"
    return {
        "done": f"What came of {quoted}?",
        "no_evidence_yet": f"Where do things stand with {quoted}?",
    }.get(status, f"What has changed since you planned {quoted}, and what is your next move?")


def done_readings(
    action: str, later: list[Note], spans: dict[str, list[str]], vectors: Callable[[list[str]], np.ndarray]
) -> list[tuple[float, Evidence]]:
    """The later notes that read as this commitment done, surest first, each with its evidence sentence.
    `spans` holds each note's sentences (split once for all the deal's commitments)."""
    out = []
    for note in later:
        if not spans[note.note_id]:
            continue
        reading = read_followthrough(action, note.text, spans[note.note_id], vectors)
        if reading.label == "done":
            out.append((reading.p_done, Evidence(note_id=note.note_id, quote=reading.sentence)))
    return sorted(out, key=lambda x: (-x[0], x[1].note_id))


def assign_evidence(readings: dict[str, list[tuple[float, Evidence]]]) -> dict[str, Evidence]:
    """One sentence is evidence for one commitment: the surest pairs first ("Sent v1 to Angus" did one thing,
    not everything promised to Angus)."""
    pairs = sorted((p, cid, ev) for cid, found in readings.items() for p, ev in found)
    out: dict[str, Evidence] = {}
    taken: set[tuple[str, str]] = set()
    for _, cid, ev in reversed(pairs):
        if cid not in out and (ev.note_id, ev.quote) not in taken:
            out[cid] = ev
            taken.add((ev.note_id, ev.quote))
    return out


def status_of(due: date | None, evidence: Evidence | None, today: date) -> Status:
    if evidence is not None:
        return Status("done", evidence)
    return Status("overdue" if due is not None and due < today else "no_evidence_yet", None)


def open_commitments(
    model: DealModel, notes: list[Note], stored: list[Commitment], reviews: list[Review]
) -> list[Commitment]:
    """The manager-visible commitments of the deal, with the dated actions the rep wrote in notes since the last
    review (the newest few), oldest first."""
    last = max((r.held_on for r in reviews), default=None)
    dates = {n.note_id: n.date for n in notes}
    from_notes = [
        Commitment(
            commitment_id=f"note:{s.note_id}:{i}",
            team=model.team,
            deal_id=model.deal_id,
            rep=model.rep,
            text=s.what,
            made_on=dates.get(s.note_id) or s.due or date.min,
            due=s.due,
            source="note",
            note_id=s.note_id,
        )
        for i, s in enumerate(model.commitments)
        if last is None or (dates.get(s.note_id) or date.min) >= last
    ][-NOTE_COMMITMENTS:]
    visible = [c for c in stored if c.visible_to_manager]
    return sorted(visible + from_notes, key=lambda c: (c.made_on, c.commitment_id))


def follow_ups(
    model: DealModel,
    notes: list[Note],
    commitments: list[Commitment],
    reviews: list[Review],
    skill: str,
    today: date,
    vectors: Callable[[list[str]], np.ndarray],
) -> list[FollowUp]:
    """Each open commitment with its status and one question (typed `commitment`, about `skill` unless the
    review that recorded it focused on another), cited: the note that shows it done, the note or review it
    came from."""
    focus_of = {r.review_id: r.focus[0] for r in reviews if r.focus}
    held = sorted(r.held_on for r in reviews)
    out: list[FollowUp] = []
    opened = open_commitments(model, notes, commitments, reviews)
    pledges = {c.commitment_id: read_pledge(c.text, c.made_on) for c in opened}
    spans = {n.note_id: [s.text for s in sentences(n.note_id, n.text)] for n in notes} if opened else {}
    readings = {
        c.commitment_id: done_readings(
            pledges[c.commitment_id].action,
            [n for n in notes if n.date is not None and c.made_on < n.date <= today and n.note_id != c.note_id],
            spans,
            vectors,
        )
        for c in opened
    }
    evidence = assign_evidence(readings)
    for c in opened:
        pledge = pledges[c.commitment_id]
        st = status_of(c.due or pledge.due, evidence.get(c.commitment_id), today)
        if st.status == "done" and st.evidence is not None:
            done_on = next((n.date for n in notes if n.note_id == st.evidence.note_id), None)
            if done_on is not None and any(h >= done_on for h in held):
                continue  # done, and a review since has followed it up
        text = question_text(pledge.action, pledge.verb is not None, st.status)
        if check_question(text):
            text = f"What happened with \u201c{c.text.strip()}\u201d since you planned it?"
        source = c.note_id or c.review_id or c.commitment_id
        cites = list(dict.fromkeys([*([st.evidence.note_id] if st.evidence else []), source]))
        due = c.due or pledge.due
        out.append(
            FollowUp(
                commitment_id=c.commitment_id,
                text=c.text,
                source=c.source,  # type: ignore[arg-type]
                made_on=c.made_on.isoformat(),
                due=due.isoformat() if due else None,
                status=st.status,  # type: ignore[arg-type]
                evidence=[st.evidence] if st.evidence else [],
                question=Question(
                    text=text,
                    type="commitment",
                    skill=focus_of.get(c.review_id or "", skill),
                    purpose="Follow up the rep's own commitment: what they learned from doing it, or what changed",
                    listen_for="What the rep learned or what got in the way, in their words, and their next step",
                    citations=cites,
                ),
            )
        )
    return out[-MAX_FOLLOW_UPS:]
