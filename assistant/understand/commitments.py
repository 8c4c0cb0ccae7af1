"""A commitment read by the parser: who will do it, the action in the rep's own words, and by when.

"I'll meet Ilse Brandt on the 14th", "Dana will send the MAP by Friday", "send MAP to Joe by Fri" and
"CFO meeting booked by 20th" are all commitments; what a follow-up question needs from each is the action as
written ("meet Ilse Brandt on the 14th"), its verb (to say "met" or "meeting"), who the doer is (the speaker,
the person addressed, someone named, or nobody written) and the due date, resolved against the day it was made.
The same reading finds the commitments a rep writes in their own notes ("Next: I'll send the revised SOW to
Marta by 10/02"): a dated action of the rep's, not the customer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..models import Note
from ..text import Sentence, shorten
from .dates import dates_in, resolve
from .model import NextStep
from .nlp import parse

_SPEAKER = {"i", "we", "me", "us", "myself"}
_LABEL = re.compile(r"^\s*(?:next(?: steps?)?|nxt|action|todo|to do|commitment|ns)\s*[:\-]\s*", re.I)
_NAME_LABEL = re.compile(r"^\s*([A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\s*:\s+(?=\S)")
_FUTURE = re.compile(r"\b(will|'ll|shall|going to|gonna|plan(?:s|ning)? to|intend to|to)\b", re.I)
_POSSESSIVES = {"my": "your", "mine": "yours", "myself": "yourself", "me": "you", "i": "you", "i'm": "you're"}


@dataclass(frozen=True)
class Pledge:
    doer: str  # "speaker" (I, we), "addressee" (you), "named" (someone by name), "none" (a bare task)
    doer_name: str | None
    action: str  # from the action's verb on, verbatim ("meet Ilse Brandt on the 14th"); the text when no verb
    verb: str | None  # the action verb's lemma; None for a noun phrase ("CFO meeting booked by 20th")
    due: date | None
    future: bool = False  # the verb is said as still to be done: "will", "going to", "X to do", a "Next:" label


_GOVERNING = {"go", "plan", "intend", "try", "aim", "want", "need", "promise", "commit", "agree", "offer", "have"}
_REPORTING = {"say", "tell", "confirm", "promise", "commit", "agree", "reckon", "think"}


def _action_verb(doc):
    """(the verb of the action, who reported it): the root, the verb a 'going to' / 'plan to' / 'will try to'
    governs, or what a reported commitment says ("Marcus says he'll map the approval chain")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None, None
    verb, reporter = root, None
    for _ in range(3):
        comp = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)
        if comp is None:
            break
        if comp.dep_ == "ccomp" and verb.lemma_ in _REPORTING:
            reporter = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        elif not (comp.dep_ == "xcomp" and verb.lemma_ in _GOVERNING):
            break
        verb = comp
    return (verb if verb.pos_ in ("VERB", "AUX") or verb.tag_ == "VB" else None), reporter


def read_pledge(text: str, made_on: date | None) -> Pledge:
    """The parser's reading of one commitment as written."""
    named_label = _NAME_LABEL.match(text)
    body = _LABEL.sub("", text[named_label.end() :] if named_label else text).strip()
    doc = parse([body])[0] if body else None
    verb, reporter = _action_verb(doc) if doc is not None else (None, None)
    due = _due(body, made_on)
    if doc is None or verb is None or verb.tag_ in ("VBD", "VBN") and not _FUTURE.search(body[: verb.idx]):
        doer_name = named_label.group(1) if named_label else None
        return Pledge("named" if doer_name else "none", doer_name, body.rstrip(" .;"), None, due)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.head is not verb:  # "I'm going to get...": the subject is on the governing verb
        subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    before = [t for t in doc if t.i < verb.i and t.pos_ == "PROPN"] if doc is not None else []
    doer: str
    name: str | None
    if reporter is not None and (subject is None or subject.lower_ in ("he", "she", "they")):
        subject = reporter
    if subject is None and before:  # "Dana to book the demo": the name before the verb is the doer
        doer, name = "named", " ".join(t.text for t in before)
    elif subject is None:
        doer, name = ("named", named_label.group(1)) if named_label else ("none", None)
    elif subject.lower_ in _SPEAKER:
        doer, name = "speaker", None
    elif subject.lower_ == "you":
        doer, name = "addressee", None
    else:
        doer, name = "named", " ".join(t.text for t in subject.subtree)
    action = body[verb.idx :].rstrip(" .;!")
    return Pledge(doer, name, action, verb.lemma_.lower(), due, _future(verb, text))


def _future(verb: Any, text: str) -> bool:
    """Whether the parse says the action is still to come (not "I answered them myself", not "offered 20%")."""
    if verb.tag_ in ("VBD", "VBN"):
        return False
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"will", "'ll", "shall", "wo", "gonna"}:
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_ in _GOVERNING | {"go"}:
        return True
    if "to" in aux and verb.dep_ == "ROOT":
        return True  # "Dana to book the demo for 11/20"
    return bool(_LABEL.match(text)) and verb.dep_ == "ROOT" and verb.tag_ == "VB"


_WEEKDAY = re.compile(r"\b(?:by |on |before |this |next )?(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?", re.I)
_ORDINAL = re.compile(r"\b(?:the )?(\d{1,2})(?:st|nd|rd|th)\b", re.I)


def _due(body: str, made_on: date | None) -> date | None:
    """The first date in the commitment: spaCy's dates, then what CRM shorthand writes ("by Fri", "the 14th")."""
    if not body:
        return None
    found = dates_in(body, made_on)
    if found:
        return found[0]
    for pattern in (_WEEKDAY, _ORDINAL):
        m = pattern.search(body)
        if m:
            value = resolve(m.group(1) if pattern is _WEEKDAY else m.group(0).replace("the ", ""), made_on)
            if value is not None:
                return value
    if re.search(r"\b(eom|end of (the )?month)\b", body, re.I) and made_on is not None:
        return resolve("end of month", made_on) or None
    return None


_OWN_FUTURE = re.compile(
    r"\b(?:I|we)(?:'ll| will| shall|'m going to| am going to| plan to| intend to| want to|'d like to)\b"
    r"|\bmy (?:next step|plan) is to\b|^\s*(?:next|nxt)\s*[:\-]",
    re.I,
)


_EMPTY_VERBS = {"think", "guess", "will", "do", "be", "see", "try"}


def offered_commitment(message: str) -> str | None:
    """The rep's own closing commitment in a self-coaching message ("...so I'll call Ilse on Monday."), to offer
    saving it; None when the message does not end with what the rep will do."""
    from ..guard import split_sentences

    parts = [p.strip() for p in split_sentences(message) if p.strip()]
    if not parts:
        return None
    last = parts[-1]
    if last.endswith("?") or not _OWN_FUTURE.search(last):
        return None
    clause = re.split(r"\b(?:[Ss]o|[Tt]hen|[Aa]nd so)\b,?\s*(?=(?:I|we)\b)", last, maxsplit=1)[-1]
    pledge = read_pledge(clause, None)
    if pledge.verb is None or pledge.verb in _EMPTY_VERBS or len(pledge.action.split()) < 2:
        return None  # "I think I will." says nothing the rep could be asked about later
    return clause.strip() if pledge.doer in ("speaker", "none") else None


def second_person(action: str) -> str:
    """The rep's own words turned to the rep: 'my deck' -> 'your deck' (a question speaks to the rep)."""
    return re.sub(r"\b(my|mine|myself|me|I'm|I)\b", lambda m: _POSSESSIVES.get(m.group(1).lower(), m.group(1)), action)


def _quoted(sentence: str, action: str) -> bool:
    """The action is inside a quotation: someone else's words ("Sam: 'he's buried, I'll brief him'")."""
    before = sentence[: max(0, sentence.find(action[:24]))]
    return before.count('"') % 2 == 1 or before.count("\u201c") > before.count("\u201d")


def note_commitments(spans: list[Sentence], notes: list[Note], rep: str | None) -> list[NextStep]:
    """Dated actions the rep wrote down as their own: "I'll send the SOW to Marta by 10/02", "Dana to book the
    demo for 11/20" in a note by Dana; a customer's promise ("Marta will send the PO") is not the rep's."""
    by_id = {n.note_id: n for n in notes}
    first = (rep or "").split()[0].lower() if rep else None
    out: list[NextStep] = []
    for s in spans:
        note = by_id.get(s.note_id)
        if note is None or not _FUTURE.search(s.text) or not re.search(r"\d|day|week|month|end of", s.text, re.I):
            continue
        pledge = read_pledge(s.text, note.date)
        if not pledge.future or pledge.due is None or _quoted(s.text, pledge.action):
            continue
        if note.date is not None and not note.date < pledge.due <= note.date + timedelta(days=366):
            continue
        by_rep = (note.author or note.rep or "").lower() == (rep or "").lower()
        mine = pledge.doer == "speaker" and by_rep
        mine |= pledge.doer == "named" and first is not None and (pledge.doer_name or "").lower().split()[0] == first
        mine |= pledge.doer == "none" and by_rep and _LABEL.match(s.text) is not None
        if mine:
            out.append(NextStep(shorten(pledge.action, 160), rep, pledge.due, s.note_id))
    return out
