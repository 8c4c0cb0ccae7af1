"""Who the rep has actually met: what one sentence says about the rep's access to one person, read from the
parse and the person's place in the sentence.

- A meeting phrase counts as met unless a negation stands right before it or spaCy's `neg` attaches to it
  ("haven't met", "never spoke to"); a question about meeting ("have we met him?") or a deferred request is not met.
- Relay phrases mean reached only through our contact, for the person on the far side: in "she will take it to
  Paweł herself" Paweł is reached through her; in "we reach the FD through Kerry" it is the FD. "via DocuSign"
  is no relay: "through"/"via" must be followed by a person.
- A speaker in a transcript, a name in an attendee list or the subject of "said/asked/confirmed" was spoken with.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span


MEET_LEMMAS = {
    "meet", "speak", "talk", "present", "call", "demo", "join", "attend", "visit", "sit", "walk", "lunch", "chat",
    "host", "interview", "workshop", "pitch", "brief", "engage", "see", "review", "discuss",
}  # fmt: skip
_MEET_WORDS = re.compile(
    r"\b(met|meet(ing)? (w/|with)|call (w/|with)|mtg (w/|with)|spoke (to|with)|spoken (to|with)|talked (to|with)|"
    r"presented to|demo(ed|'d)? (to|for)|lunch (w/|with)|sat down with|got \d+ ?(min|mins|minutes) with|"
    r"session (w/|with)|on the call|joined|attended|workshop (w/|with)|visited|"
    r"(review\w*|went through|walked through|discuss\w*) (\w+ ){0,3}(w/|with))\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(never|not yet|yet to|haven'?t|hasn'?t|have not|has not|didn'?t|did not|no access|no meeting|can'?t get|"
    r"cannot get|couldn'?t get|not been able|unable to|no contact|not engaged|not|no direct|no|nobody|no one)"
    r"[ '’-]+(\w+[ '’-]+){0,3}$",  # within the clause: "Not sure yet, but met the CFO" is met
    re.I,
)
_NOT_MET = re.compile(
    r"\b(not met|never met|no access|no direct (line|contact|access)|haven'?t (met|spoken|talked)|"
    r"(nobody|no one|none of us)( \w+){0,3} (has|have) (met|spoken|talked|seen)|"
    r"(asked|ask|request\w*)( \w+){0,2} (about|for|if|whether|to)( \w+){0,4} (meet\w*|mtg|intro\w*|call|time with)|"
    r"(have|has) (we|i|anyone) (met|spoken|talked)|(wasn.?t|weren.?t|not) (in the room|there|present)|absent|"
    r"no[- ]show|(didn.?t|did not) (show|turn up|join|attend)|"
    r"(proposed|suggested|requested|planning|plan to|hoping|hope to|wants? to|wanted to|trying to|tried to|"
    r"try to|pushed for|pushing for)( \w+){0,3} (a |an )?(meeting|mtg|call|intro)|"
    r"will (try to )?(get|set up|arrange|book|find) (a |an )?(meeting|mtg|call|time)|"
    r"(offer|propose|suggest)\w*\b[^.;?!]{0,40}?\b(meeting|mtg|call|intro))\b",
    re.I,
)
_THROUGH = re.compile(
    r"\b(relays?|on (her|his|our) behalf|takes? (\w+ ){1,3}to|taken (\w+ ){1,3}to|took (it|this|the \w+) to|"
    r"present(s|ed|ing)? (\w+ ){0,3}to|put (it|this|the \w+) in front of|will (handle|take care of|brief|present to)|"
    r"rather not (bring|involve|loop)|(doesn'?t|does not|won'?t|will not) (like|want|let|allow) (vendors|us|suppliers|"
    r"sales)|gatekeep\w*|keep(s|ing)? us (away|out)|only (reach|talk|speak)\w*|prefers? to (handle|present|take))\b",
    re.I,
)
# Said of all time, not of one meeting: "we've never met Johan", "still haven't spoken to the FD", "yet to meet".
_NEVER = re.compile(
    r"\b(never (met|spoken|talked|seen|had)|(still|not) (yet )?(met|spoken|talked)|yet to (meet|speak|talk|see)|"
    r"(haven'?t|have not|hasn'?t|has not) (yet |ever |still )?(met|spoken|talked|seen|had a meeting)|"
    r"(nobody|no one|none of us)( \w+){0,3} (has|have) (ever )?(met|spoken|talked|seen))\b",
    re.I,
)
_SPEAKER = re.compile(r"\s*(?:\[[^\]]{1,30}\]\s*)?([\w.' -]{1,40}):")  # "Rep:", "[27/10 11:40] Annelie Steyn:"
_VIA = re.compile(r"\b(through|via)\s+(\S+)", re.I)
_PRONOUNS = {"her", "him", "them"}
_DETERMINERS = {"our", "their", "his", "the", "my"}
_TIME = re.compile(r"\b(days?|weeks?|months?|years?|hours?|minutes?|time)\b", re.I)
_SUBJECT_PRONOUN = re.compile(r"\b(she|he|they)\b", re.I)
_WE = re.compile(r"(?:^|\W)(I|we|me|us)\W*(?:\w+\W+){0,2}$", re.I)
_SAYS = {
    "say", "tell", "ask", "confirm", "mention", "explain", "agree", "share", "admit", "reply", "promise",
    "describe", "raise", "complain", "insist", "offer", "invite", "push", "suggest", "answer", "respond",
}  # fmt: skip
_ATTENDEES = re.compile(r"^\W*(present|attendees|attendance|participants|on the call|in the room)\b", re.I)


def _where(sentence: str, terms: list[str]) -> tuple[int | None, bool]:
    """Where the person is first referred to in the sentence, and whether by name or title (else a pronoun)."""
    at = [m.start() for t in terms if t for m in [re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", sentence)] if m]
    if at:
        return min(at), True
    m = re.search(r"\b(she|he|her|him)\b", sentence, re.I)
    return (m.start(), False) if m else (None, False)


def _said_of_someone_else(sentence: str, cue: re.Match[str], terms: list[str], known: set[str]) -> bool:
    """A "haven't met" said of another person in the same sentence: of the name right after the cue, or, when
    the cue ends in a pronoun or in nothing ("ron's on the fence, haven't talked to him"), of the person written
    nearest before it. "Jenna will pull the numbers ... ron's on the fence, haven't talked to him": not Jenna."""
    ours = {w.lower() for t in terms for w in t.split()}
    after = [w.strip(".,;:()'\"").lower() for w in sentence[cue.end() :].split()[:2]]
    after = after[1:] if after and after[0] in _DETERMINERS | {"to", "with"} else after
    if after and after[0] in known:
        return after[0] not in ours
    ends_in_verb = cue.group(0).lower().endswith(("met", "spoken", "talked", "seen", "to", "with"))
    if after and after[0] not in _PRONOUNS and not ends_in_verb:
        return False
    words = [(m.start(), m.group(0).lower()) for m in re.finditer(r"[^\W\d_][\w'’-]*", sentence[: cue.start()])]
    before = [(i, w.split("'")[0].split("’")[0]) for i, w in words]
    nearest = next((w for _, w in reversed(before) if w in known), None)
    return nearest is not None and nearest not in ours


def _quoted(sentence: str, at: int) -> bool:
    """Inside quotation marks: what someone else reported, not the rep's own conversation."""
    return sum(sentence[:at].count(q) for q in ('"', "“", "”")) % 2 == 1


def _meeting_negated(sentence: str, meet: re.Match[str], span: Span | None) -> bool:
    if _NEGATION.search(sentence[: meet.start()]):
        return True
    if span is None:
        return False
    for token in span:
        inside = meet.start() <= token.idx - span.start_char < meet.end()
        if inside and token.lemma_.lower() in MEET_LEMMAS and any(c.dep_ == "neg" for c in token.children):
            return True
    return False


def _speaks(span: Span, at: int) -> bool:
    """The person is the subject of a speech verb that is not negated: "Marek asked", "Rui said"."""
    token = next((t for t in span if t.idx - span.start_char <= at < t.idx - span.start_char + len(t.text)), None)
    while token is not None and token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    if token is None or token.dep_ != "nsubj":
        return False
    verb = token.head
    if verb.lemma_.lower() not in _SAYS or any(c.dep_ == "neg" for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) > 1 and token is not subjects[-1]:  # "Johan not there - Sipho says": a misparse; Sipho says
        return False
    # "Deb told Nathan ...": she spoke to one of her own people, not to us
    return not any(c.dep_ in ("dobj", "dative", "iobj") and c.pos_ == "PROPN" for c in verb.children)


def _is_subject(span: Span | None, cue: int, at: int) -> bool:
    """Whether the person at `at` is the subject of the verb the relay phrase at `cue` belongs to."""
    if span is None:
        return False
    token = next((t for t in span if t.idx - span.start_char >= cue), None)
    for _ in range(4):
        if token is None or token.pos_ in ("VERB", "AUX"):
            break
        token = token.head
    if token is None:
        return False
    for verb in (token, token.head):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                lo = min(t.idx for t in child.subtree) - span.start_char
                hi = max(t.idx + len(t.text) for t in child.subtree) - span.start_char
                return lo <= at < hi
    return False


def _is_person_label(label: str, known: set[str]) -> bool:
    return any(w.lower() in known for w in label.split())


def _names(label: str, terms: list[str]) -> bool:
    words = {w.lower() for w in label.split()}
    return any(t.lower() in words for t in terms)


def _relayed(sentence: str, span: Span | None, at: int | None, known: Collection[str]) -> bool | None:
    """True: the person is reached through someone; False: they are the one relaying; None: no relay here."""
    for m in _VIA.finditer(sentence):
        words = [w.strip(".,;:()'\"").lower() for w in sentence[m.start(2) :].split()[:2]]
        nxt = words[0] if words else ""
        after = words[1] if len(words) > 1 and nxt in _DETERMINERS else None
        if nxt in _PRONOUNS or nxt in known or (after is not None and after in known):  # "via DocuSign": no relay
            return None if at is None else at < m.start()
    relay = _THROUGH.search(sentence)
    if relay is None or _WE.search(sentence[: relay.start()]) or _TIME.search(relay.group(0)):
        return None
    before = sentence[: relay.start()]
    named_subject = _SUBJECT_PRONOUN.search(before) or any(
        re.search(rf"\b{re.escape(k)}\b", before, re.I) for k in known if len(k) > 2
    )
    if not named_subject:  # "Presented to the CFO on Tuesday", "Took the CFO to lunch": the rep did it
        return None
    return at is None or not _is_subject(span, relay.start(), at)


def denies_any_meeting(sentence: str) -> bool:
    """A later "we've never met X" outweighs an earlier reading of a meeting: it is said of all the time so far."""
    return bool(_NEVER.search(sentence))


def turn_speaker(note: str, start: int) -> str | None:
    """The speaker whose transcript turn a sentence continues ("Sipho: Morning. Johan says ..."), if any.

    A sentence that begins with its own label is not a continuation: that label is read from the sentence itself.
    """
    line_start = note.rfind("\n", 0, start) + 1
    label = _SPEAKER.match(note, line_start)
    if label is None or label.end() > start or len(label.group(1).split()) > 3:
        return None
    return label.group(1).strip()


def engagement_of(
    sentence: str,
    span: Span | None,
    terms: list[str] | None = None,
    known: Collection[str] = (),
    speaker: str | None = None,
) -> str | None:
    """What one sentence says about the rep's access to the person named by `terms` (None: nothing).

    `known` holds the lower-cased words of every person in the deal, to tell "through Kerry" from "via DocuSign".
    `speaker` is the transcript turn the sentence belongs to (see `turn_speaker`): what a customer reports in their
    own turn ("Johan says send the pricing") is relayed speech, not the rep's conversation with that person.
    """
    at, by_name = _where(sentence, terms) if terms else (None, False)
    relayed = _relayed(sentence, span, at, {k.lower() for k in known})
    if relayed:
        return "only_through_contact"
    if relayed is False:  # "the CFO, still not met; all contact goes through Dana": Dana is the one we reach
        return None
    not_met = _NOT_MET.search(sentence)
    if not_met and terms and _said_of_someone_else(sentence, not_met, terms, {k.lower() for k in known}):
        not_met = None
    if not_met or (sentence.rstrip().endswith("?") and _MEET_WORDS.search(sentence)):
        return "not_met"
    meet = _MEET_WORDS.search(sentence)
    subject_pronoun = not by_name and at is not None and sentence[at : at + 3].lower().startswith(("she", "he "))
    if meet and not subject_pronoun:  # "She mentioned Clarion also visited": someone else's meeting
        if not _meeting_negated(sentence, meet, span):
            return "met"
        if not (terms and _said_of_someone_else(sentence, meet, terms, {k.lower() for k in known})):
            return "not_met"
        meet = None
    if at is not None:
        label = _SPEAKER.match(sentence)
        speaks_here = label is not None and label.start(1) == at and len(label.group(1).split()) <= 3
        if by_name and (speaks_here or _ATTENDEES.match(sentence)):
            return "met"
        # "Kylie: Craig asked ...": Kylie, a known person, reports it
        lowered = {k.lower() for k in known}
        relayed_by_other = label is not None and at > label.end() and _is_person_label(label.group(1), lowered)
        if speaker is not None and _is_person_label(speaker, lowered) and not _names(speaker, terms or []):
            relayed_by_other = True
        if span is not None and by_name and not relayed_by_other and not _quoted(sentence, at) and _speaks(span, at):
            return "met"
    return None
