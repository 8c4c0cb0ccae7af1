"""Competitors named in a deal's notes and where each stands (evaluating, incumbent, preferred, chosen).

Candidates come after competitive cues ("vs", "also evaluating", "X's demo"); a capitalised word that is an
ordinary English word elsewhere in the notes is no vendor. Known competitors of the team count in every deal.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import Sentence
from .model import Competitor, Quote

_COMPETITOR_CUE = re.compile(
    r"(?:competitors?:?|vs\.?|versus|against|incumbent|also (?:evaluating|looking at|talking to|considering)|"
    r"evaluating|demo(?:ed)? (?:from|of|with|by)|talking to|signed (?:w/|with)|went with|chose|picked|lost to|"
    r"losing to)\s+((?:[A-Z][A-Za-z0-9]+)(?: (?:Pro|Plus|Cloud|One|AI))?)"
    r"|\b([A-Z][a-z]+[A-Z]?[a-z]+)(?:'s)? (?:demo|demoed|pricing|quote|quoted|proposal|rep|is also|are also|also in|"
    r"bid|pitch|pitched|pilot|POC|onsite)\b"
)
_NOT_COMPETITOR = {
    "The",
    "Our",
    "We",
    "Their",
    "They",
    "CFO",
    "CEO",
    "COO",
    "Full",
    "Product",
    "Demo",
    "Call",
    "Next",
    "Sent",
    "Met",
    "This",
    "That",
    "His",
    "Her",
    "Excel",
    "Email",
    "Legal",
    "Security",
    "Internal",
    "Final",
    "Custom",
    "Proposal",
    "Pricing",
    "Tech",
    "Technical",
    "Quick",
    "Short",
    "Long",
    "First",
    "Second",
    "Manual",
    "Status",
    "Quo",
    "Today",
    "Tomorrow",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "SOC",
    "ROI",
    "AP",
    "AR",
    "IT",
    "Spreadsheets",
    "Current",
    "Old",
    "New",
    "Build",
}


_STATUS = (
    ("chosen", re.compile(r"\b(went with|chose|picked|signed (with|w/)|lost to|awarded to|selected)\s+$", re.I)),
    (
        "incumbent",
        re.compile(r"\b(incumbent|currently (use|on|using)|existing (vendor|supplier|system)|today they use)\b", re.I),
    ),
    (
        "preferred",
        re.compile(r"\b(prefer|preferred|leaning (towards|to)|favourite|favorite|front-?runner|ahead)\b", re.I),
    ),
    (
        "evaluating",
        re.compile(
            r"\b(evaluat\w*|also (looking|talking)|shortlist\w*|demo\w*|bid|pitch\w*|quote\w*|pilot|poc|"
            r"vs\.?|versus|against)\b",
            re.I,
        ),
    ),
)
_RANK = {"mentioned": 0, "evaluating": 1, "incumbent": 2, "preferred": 3, "chosen": 4}


def competitors(spans: list[Sentence], names: set[str]) -> list[Competitor]:
    """Each named competitor with its strongest status and up to two quotes."""
    out: list[Competitor] = []
    for name in sorted(names):
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        status, quotes = "mentioned", list[Quote]()
        for span in spans:
            m = pattern.search(span.text)
            if not m:
                continue
            if len(quotes) < 2:
                quotes.append(Quote(span.note_id, span.text))
            for label, cue in _STATUS:
                window = span.text[: m.start()] if label == "chosen" else span.text
                if cue.search(window) and _RANK[label] > _RANK[status]:
                    status = label
        if quotes:
            out.append(Competitor(name, status, quotes))
    return out


def competitor_names(spans: list[Sentence], exclude: set[str]) -> set[str]:
    """Vendor names found after competitive cues ("vs", "also evaluating", "X's demo"...).

    A candidate that also appears in lowercase somewhere in the text is an ordinary word
    ("Inbound", "Presented"), not a company, and is dropped; so are people's names.
    """
    candidates = set()
    for span in spans:
        for m in _COMPETITOR_CUE.finditer(span.text):
            name = (m.group(1) or m.group(2) or "").strip()
            if name and name not in _NOT_COMPETITOR and name.split()[0] not in exclude and len(name) > 2:
                candidates.add(name)
    lowercase_words = {w for span in spans for w in re.findall(r"\b[a-z][a-z]+\b", span.text)}

    def mid_sentence(name: str) -> bool:  # a capitalised word only ever seen first in a sentence is no name
        pattern = re.compile(rf"[a-z,;:(/&] +{re.escape(name)}\b")
        return any(pattern.search(span.text) for span in spans)

    vocabulary = english_words()
    return {
        c
        for c in candidates
        if c.split()[0].lower() not in lowercase_words and (mid_sentence(c) or c.split()[0].lower() not in vocabulary)
    }


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole words of the embedding model's WordPiece vocabulary: a cheap, offline list of common words,
    used to tell an ordinary capitalised word ("Finalist demo went well") from a vendor name."""
    from tokenizers import Tokenizer

    from ..store.embeddings import model_files

    vocab = Tokenizer.from_file(str(model_files()[1])).get_vocab()
    return frozenset(w for w in vocab if w.isalpha() and not w.startswith("##"))
