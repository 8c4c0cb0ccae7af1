"""Who the rep has actually met: engagement of each stakeholder, read from the parse, time-ordered.

A meeting verb counts as met only outside a negation's scope (spaCy's `neg` dependency and "never", "yet to");
"through", "via", "takes it to her himself" and "rather not bring her in" mean reached only through our contact.
The latest evidence wins: "finally met the CFO" after weeks of "not met" is met.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

MEET_LEMMAS = {
    "meet", "speak", "talk", "present", "call", "demo", "join", "attend", "visit", "sit", "walk", "lunch", "chat",
    "host", "interview", "workshop", "pitch", "brief", "engage", "see", "get",
}  # fmt: skip
_MEET_WORDS = re.compile(
    r"\b(met|meeting (w/|with)|call (w/|with)|mtg (w/|with)|spoke (to|with)|presented to|demo(ed|'d)? (to|for)|"
    r"lunch (w/|with)|sat down with|got \d+ ?(min|mins|minutes) with|session (w/|with)|on the call|joined|attended|"
    r"workshop (w/|with)|visited)\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(never|not yet|yet to|haven'?t|hasn'?t|have not|has not|didn'?t|did not|no access|no meeting|can'?t get|"
    r"cannot get|couldn'?t get|not been able|unable to|no contact|not engaged|not met|no direct)\b",
    re.I,
)
_THROUGH = re.compile(
    r"\b(through|via|relays?|on (her|his|our) behalf|takes? (it|this|the \w+) to|taken (it|this|the \w+) to|"
    r"present(s|ing)? (it|this|the \w+) to|will (handle|take care of|brief|present to)|rather not (bring|involve|loop)|"
    r"(doesn'?t|does not|won'?t|will not) (like|want|let|allow) (vendors|us|suppliers|sales)|gatekeep\w*|"
    r"keep(s|ing)? us (away|out)|only (reach|talk|speak)\w*|prefers? to (handle|present|take) (it|this))\b",
    re.I,
)


def _negated(span: Span) -> bool:
    for token in span:
        meeting = token.lemma_.lower() in MEET_LEMMAS and token.pos_ in ("VERB", "NOUN", "AUX")
        if meeting and any(c.dep_ == "neg" for c in (*token.children, *token.head.children)):
            return True
    return bool(_NEGATION.search(span.text))


def engagement_of(sentence: str, span: Span | None) -> str | None:
    """What one sentence that refers to a person says about the rep's access to them, or None."""
    if _THROUGH.search(sentence):
        return "only_through_contact"
    negated = _negated(span) if span is not None else bool(_NEGATION.search(sentence))
    if _MEET_WORDS.search(sentence):
        return "not_met" if negated else "met"
    if negated and re.search(r"\b(met|meet|spoken|spoke|talked|access|contact|seen|engaged)\b", sentence, re.I):
        return "not_met"
    return None
