"""Which names in a deal's notes are competing vendors: a learned reader over the parse. An experiment, not
used by the deal model (which keeps the cue rule, competitors.competitor_names): on the held-out fixture teams it
found fewer labelled competitors than the rule; `python -m assistant.evals.vendors` measures both.

The cue rule finds a vendor only right after words it knows ("vs", "also evaluating", "X's demo"); it misses
"comp: Clarity Labware", "on old Masternaut", "Savanna came in at", and takes people and standards ("Femke",
"GxP") that follow a cue. Here every name the parse sees (spaCy's entities and proper-noun runs) is a candidate,
described by all of its occurrences in the deal (entity labels, cue words before and after, vendor words in the
sentence, whether it is a dictionary word, a person's or the account's word, how many of the team's deals write
it); a logistic model fitted on labelled teams says which are vendors. The rule's reading is one of the features.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .competitors import _COMPETITOR_CUE, _NOT_COMPETITOR, _OURS_BEFORE, english_words
from .trained import LogisticModel

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..models import Note
    from .build import DealReading, TeamView

FEATURES = (
    "log_occurrences", "cue_here", "team_cue", "org_share", "product_share", "person_share", "place_share",
    "propn_only_share", "vendor_context", "ours_before", "team_spread", "dictionary", "all_dictionary",
    "lower_elsewhere", "person_word", "lone_person", "account_word", "acronym", "two_words", "has_digit",
    "sentence_start_share", "possessive", "strong_cue_before", "cue_before", "cue_after", "camel_case",
)  # fmt: skip

_ENTITY_LABELS = {"ORG", "PRODUCT", "PERSON", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART"}
_PLACES = {"GPE", "LOC", "FAC", "NORP"}
_SPLIT = re.compile(r"\s*(?:[,;:()\[\]/|+=\"“”!?]|\s-\s|\s–\s|\bvs\b\.?|\bvia\b|\bversus\b)\s*")
_GENERIC = {w.lower() for w in _NOT_COMPETITOR} | {
    "competitor", "competitors", "competition", "vendor", "vendors", "demo", "call", "meeting", "notes", "rep",
    "customer", "client", "team", "deal", "update", "follow", "followup", "email", "mail", "re", "fw", "fwd",
    "poc", "pilot", "rfp", "rfi", "tender", "cfo", "ceo", "cto", "cio", "coo", "fd", "md", "gm", "vp",
}  # fmt: skip
_VENDOR_WORDS = re.compile(
    r"(?i)\b(vendors?|competit\w*|suppliers?|providers?|incumbent|tools?|platforms?|software|systems?|solutions?|"
    r"products?|licen[cs]e\w*|contracts?|renewal|quot\w*|pric\w*|demo\w*|proposals?|bids?|tender\w*|shortlist\w*|"
    r"rfp|cheaper|undercut\w*|switch\w*|replac\w*|migrat\w*|alternatives?)\b"
)
_BEFORE_NAME = r"\W*(?:(?:the|their|an?|old|legacy|existing|current|incumbent)\s+)?$"  # "on old Masternaut"
_STRONG_BEFORE = re.compile(
    r"(?i)\b(vs\.?|versus|against|competitors?|comp|competition|incumbent|rivals?|switch\w*(?: from| to)?|"
    r"replac\w*|than|instead of|rather than|chose|picked|lost to|went with|signed with|evaluating|shortlisted)"
    + _BEFORE_NAME
)
_CUE_BEFORE = re.compile(r"(?i)\b(from|with|on|using|talking to|looking at|considering|like|or)" + _BEFORE_NAME)
_CUE_AFTER = re.compile(
    r"(?i)^\W*('s\s+)?(demo\w*|quot\w*|pric\w*|proposals?|pitch\w*|bid\w*|came in|offer\w*|cheaper|undercut\w*|"
    r"presented|present\w*|reps?|rfp|response|licen[cs]e\w*|contract|renewal|is also|are also|also|were|was)\b"
)
_CAMEL = re.compile(r"[a-z][A-Z]")


@dataclass(frozen=True)
class Candidate:
    """A name seen in the deal's notes, with its feature vector."""

    name: str
    x: np.ndarray


def _clean(text: str) -> list[str]:
    """The vendor-like names inside one entity or proper-noun run: split at punctuation and 'vs', no leading
    article, no shorthand (FYI, TBD), no abbreviations with a full stop, no generic words."""
    out = []
    for part in _SPLIT.split(text):
        words = [w.strip(".'’") if not w.endswith("'s") else w[:-2] for w in part.split()]
        while words and words[0].lower() in ("the", "a", "an", "our", "their", "old", "new"):
            words = words[1:]
        while words and words[-1].lower() in _GENERIC:
            words = words[:-1]
        words = [w for w in words if w]
        if not words or any(w.lower() in _GENERIC for w in words[:1]):
            continue
        name = " ".join(words)
        if len(name) < 3 or not name[0].isupper() or re.fullmatch(r"[A-Z]{2,3}", name):
            continue
        if any(w.endswith(".") for w in part.split()[:-1]):
            continue
        out.append(name)
    return out


def _mentions(doc: Doc) -> Iterable[tuple[str, str]]:
    """(cleaned name, entity label or PROPN) for every entity and proper-noun run of a parsed note."""
    spans: list[tuple[Span, str]] = [(e, e.label_) for e in doc.ents if e.label_ in _ENTITY_LABELS]
    run: list[int] = []
    for tok in [*doc, None]:
        if tok is not None and tok.pos_ == "PROPN":
            run.append(tok.i)
            continue
        if run:
            spans.append((doc[run[0] : run[-1] + 1], "PROPN"))
            run = []
    for span, label in spans:
        for name in _clean(span.text):
            yield name, label


def candidates(
    docs: list[Doc],
    sentences: list[str],
    team_competitors: Iterable[str],
    spread: Mapping[str, float],
    person_words: set[str],
    lone_persons: set[str],
    account_words: set[str],
) -> list[Candidate]:
    """Every name the parse finds in the deal's notes, with its features over all its occurrences in `sentences`
    (the canonical split, planted instructions dropped)."""
    labels: dict[str, list[str]] = {}
    for doc in docs:
        for name, label in _mentions(doc):
            labels.setdefault(name, []).append(label)
    cue_names = {next((g for g in m.groups() if g), "") for s in sentences for m in _COMPETITOR_CUE.finditer(s)}
    team = set(team_competitors)
    lower = {w for s in sentences for w in re.findall(r"\b[a-z][a-z]+\b", s)}
    vocabulary = english_words()
    out = []
    for name, found in sorted(labels.items()):
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        hits = [(s, m) for s in sentences for m in pattern.finditer(s)]
        if not hits:
            continue
        n = len(hits)
        words = name.split()
        share = {k: sum(lab == k for lab in found) / len(found) for k in ("ORG", "PRODUCT", "PERSON", "PROPN")}
        values = [
            math.log1p(n),
            float(any(name == c or name in c.split() or c in name for c in cue_names if c)),
            float(name in team or words[0] in team),
            share["ORG"], share["PRODUCT"], share["PERSON"], sum(lab in _PLACES for lab in found) / len(found),
            share["PROPN"],
            sum(bool(_VENDOR_WORDS.search(s)) for s, _ in hits) / n,
            float(any(re.search(rf"{_OURS_BEFORE}{re.escape(name)}\b", s, re.I) for s, _ in hits)),
            max(spread.get(w, 0.0) for w in words),
            float(words[0].lower() in vocabulary),
            float(all(w.lower() in vocabulary for w in words)),
            float(words[0].lower() in lower),
            float(any(w in person_words for w in words)),
            float(any(w in lone_persons for w in words)),
            float(any(w in account_words for w in words)),
            float(bool(re.fullmatch(r"[A-Z0-9&-]{2,6}", name))),
            float(len(words) > 1),
            float(any(c.isdigit() for c in name)),
            sum(not s[: m.start()].strip() for s, m in hits) / n,
            float(any(s[m.end() :].startswith(("'s", "’s")) for s, m in hits)),
            float(any(_STRONG_BEFORE.search(s[: m.start()]) for s, m in hits)),
            float(any(_CUE_BEFORE.search(s[: m.start()]) for s, m in hits)),
            float(any(_CUE_AFTER.search(s[m.end() :]) for s, m in hits)),
            float(any(_CAMEL.search(w) for w in words)),
        ]  # fmt: skip
        out.append(Candidate(name, np.asarray(values, dtype=np.float64)))
    return out


def vendor_names(found: list[Candidate], model: LogisticModel) -> set[str]:
    """The candidates the model accepts, without a name that is part of another accepted one."""
    accepted = {c.name for c in found if model.accepts(c.x)}
    return {a for a in accepted if not any(a != b and set(a.split()) < set(b.split()) for b in accepted)}


def names_label(name: str, labelled: list[str]) -> bool:
    """Whether a found name is one of the labelled competitors: the same words, or one's words inside the other's
    ("Clarion" or "Clarion LIMS" for Clarion LIMS). Training and the deals eval match names this one way."""
    words = set(name.lower().split())
    return bool(words) and any(words <= (other := set(label.lower().split())) or other <= words for label in labelled)


def competitor_hits(names: Iterable[str], labelled: list[str]) -> tuple[int, int]:
    """(labelled competitors found, found names that are none of them): a label found under two names counts
    once. The deals eval and the vendor reader's comparison score competitor lists by this one count."""
    names = list(names)
    found = sum(any(names_label(n, [label]) for n in names) for label in labelled)
    return found, sum(not names_label(n, labelled) for n in names)


def competitor_context(notes: list[Note], view: TeamView, person_names: set[str]) -> dict[str, set[str]]:
    """The words no vendor is likely to be: full names' words (the customer's people and ours), lone names' (a
    lone capitalised word read as a person may be a vendor: "Clarion said"), the account's, and all of them."""
    full = {w for name in person_names | set(view.internal_names) if len(name.split()) > 1 for w in name.split()}
    lone = {name for name in person_names if len(name.split()) == 1}
    account = {w for n in notes if n.account for w in n.account.split()}
    return {"person": full, "lone": lone, "account": account, "all": full | lone | account}


def vendor_candidates(read: DealReading, notes: list[Note], view: TeamView) -> list[Candidate]:
    """Every name the parse finds in the deal's notes, described for the vendor model."""
    words = competitor_context(notes, view, {p.key for p in read.found})
    sentences = [s.text for s in read.spans]
    return candidates(
        read.docs, sentences, view.competitors, view.spread, words["person"], words["lone"], words["account"]
    )
