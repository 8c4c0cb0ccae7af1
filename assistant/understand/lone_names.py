"""Whether a lone capitalised word, or a capitalised pair the parse did not read as a person, is a person.

"Mr. Abrahams doesn't like suppliers in the boardroom", "Lisa (their InfoSec) joined", "Willem: Ja, send it" are
people; "Kestrel demoed last week", "Drove Witbank", "Close moved to Oct" are not; nor are "Harlow Logistics" or
"Cape Town", while "Marcus Bell (Ops Dir)" and "chair Hennie Pretorius", which the parse tags ORG, are.

Notes name people by a first name, a surname after an honorific, or a speaker's turn as often as by a full name, and
the small NER model tags many of them ORG or GPE (and many places and products PERSON). A rule that kept only lone
words with a title beside them lost about one labelled person in ten. Here each candidate of a deal is described by
all of its occurrences in the deal's notes (the entity label the parse gives it, an honorific before it, a speaker's
colon after it, its grammatical role, whether it is also written in lower case or is a dictionary word) and by the
team around the deal (the share of the team's deals that write it: a product, a competitor or a town recurs across
deals, a customer's person seldom does); a logistic regression fitted on the development teams' stakeholder labels
(`make train`, assistant.understand.train_names) decides.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .nlp import lemma_tables
from .titles import HONORIFICS
from .trained import LogisticModel, load_logistic

if TYPE_CHECKING:
    from spacy.tokens import Doc

LONE_NAMES_JSON = Path(__file__).resolve().parent / "data" / "lone_names.json"
_OTHER_ENTS = ("ORG", "GPE", "LOC", "FAC", "PRODUCT", "NORP", "DATE", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
FEATURES = (
    "log_occurrences", "person_ent_share", "other_ent_share", "no_ent_share", "honorific", "speaker_colon",
    "sentence_start_share", "subject_share", "object_share", "after_with", "possessive", "lower_elsewhere",
    "dictionary_word", "competitor", "in_account", "team_spread", "linked_title", "short", "two_words",
    "all_dictionary",
)  # fmt: skip
_HONORIFIC_BEFORE = re.compile(rf"\b(?:{'|'.join(HONORIFICS)})\.?\s+$", re.I)
_WITH_BEFORE = re.compile(
    r"(?:\bwith|\bw/|\bto|\bfrom|\bcc|\band|\+|&|\basked|\btold|\bcalled|\bemailed|\bper)\s+$", re.I
)


@dataclass(frozen=True)
class Occurrence:
    """One place a deal's notes write the word."""

    doc: Doc
    start: int
    end: int
    linked_title: bool


def load_lone_names(path: Path = LONE_NAMES_JSON) -> LogisticModel:
    return load_logistic(path, "lone name model", FEATURES)


def _dictionary_word(word: str) -> bool:
    """A word English writes in lower case too ("Roof", "Agenda", "Bell"): weak evidence against a name."""
    exc, index = lemma_tables()
    w = word.lower()
    return any(w in index.get(pos, ()) for pos in ("noun", "verb", "adj", "adv")) or w in exc.get("verb", {})


def features(
    word: str,
    occurrences: list[Occurrence],
    deal_text: str,
    in_account: bool,
    competitor: bool,
    team_spread: float,
) -> np.ndarray:
    """The word's features over all of its occurrences in one deal's notes."""
    n = len(occurrences)
    person = other = none = start_share = subject = obj = 0.0
    honorific = speaker = after_with = possessive = linked = False
    for o in occurrences:
        text = o.doc.text
        span = o.doc.char_span(o.start, o.end, alignment_mode="expand")
        label = next((e.label_ for e in o.doc.ents if e.start_char <= o.start < e.end_char), None)
        person += label == "PERSON"
        other += label in _OTHER_ENTS
        none += label is None
        before, after = text[max(0, o.start - 12) : o.start], text[o.end : o.end + 3]
        honorific |= _HONORIFIC_BEFORE.search(before) is not None
        speaker |= after.startswith(":")
        after_with |= _WITH_BEFORE.search(before) is not None
        possessive |= after[:2] in ("'s", "’s")
        linked |= o.linked_title
        if span is not None:
            root = span.root
            start_share += bool(span[0].is_sent_start)
            subject += root.dep_ in ("nsubj", "nsubjpass")
            obj += root.dep_ in ("dobj", "pobj", "dative")
    lower = re.search(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])", deal_text) is not None
    parts = word.split()
    values = [
        math.log1p(n), person / n, other / n, none / n, float(honorific), float(speaker),
        start_share / n, subject / n, obj / n, float(after_with), float(possessive), float(lower),
        float(_dictionary_word(parts[0])), float(competitor), float(in_account), team_spread, float(linked),
        float(len(word) <= 3), float(len(parts) > 1), float(all(_dictionary_word(w) for w in parts)),
    ]  # fmt: skip
    return np.asarray(values, dtype=np.float64)
