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
    r"(?i:competitors?:?|vs\.?|versus|against|incumbent|also (?:evaluating|looking at|talking to|considering)|"
    r"evaluating|demo(?:ed)? (?:from|of|with|by)|talking to|signed (?:w/|with)|went with|chose|picked|lost to|"
    r"losing to)\s+((?:[A-Z][A-Za-z0-9]+)(?: (?:Pro|Plus|Cloud|One|AI))?)"
    r"|\b([A-Z][a-z]+[A-Z]?[a-z]+)(?:'s)? (?:demo|demoed|pricing|quote|quoted|proposal|rep|is also|are also|also in|"
    r"bid|pitch|pitched|pilot|POC|onsite)\b"
    # a vendor doing what vendors do: "Augury was also presenting", "Kinetiq Monitoring quoted 20% less"
    r"|\b([A-Z][\w&-]+(?: [A-Z][\w&-]+)?) (?:(?:is|was|are|were|has|have|had) (?:been )?)?(?:also |already |now )?"
    r"(?:presenting|presented|pitching|pitched|demoing|demoed|quoting|quoted|offering|offered|bidding|proposing|"
    r"proposed|undercut\w*|cheaper|pushing|circling|been out|been in|in the running|shortlisted)\b"
    # a vendor named by its place in the deal: "switching from Tallis", "cheaper than Sitemate", "competitor Stockr"
    r"|\b(?i:competitors?|competition|alternative|rivals?|other vendors?|incumbent|switch\w* (?:from|to|away from)|"
    r"replac\w*|currently (?:on|using|use|with)|renew\w* with|contract with|cheaper than|compared (?:to|with)|"
    r"instead of|rather than|moving (?:from|to))(?: is| are| from| called|:|,)? ([A-Z][\w&-]+(?: [A-Z][\w&-]+)?)"
)
# "nobody from Orchard has met", "Orchard - Hannah Okafor (Account Executive)": our own company, not a rival
_OURS_BEFORE = r"(?:\bour|\bwe at|\b(?:nobody|no one|anyone|someone|everyone) (?:from|at))\s+"
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
            name = next((g for g in m.groups() if g), "").strip()
            if name.split() and name.split()[-1] in _NOT_COMPETITOR | exclude:  # "Augury Pilot" -> "Augury"
                name = name.split()[0]
            if (
                name
                and name not in _NOT_COMPETITOR
                and name.split()[0] not in exclude
                and len(name) > 2
                and not re.fullmatch(r"[A-Z0-9]{2,5}", name)  # MQTT, ERP, SAP: a system named, not a bidder
            ):
                candidates.add(name)
    ours = {c for c in candidates if _is_ours(c, spans, exclude)}
    candidates -= ours
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


def _is_ours(name: str, spans: list[Sentence], internal: set[str]) -> bool:
    before = re.compile(rf"{_OURS_BEFORE}{re.escape(name)}\b", re.I)
    beside = re.compile(rf"\b{re.escape(name)}\s*[-–:(]\s*([A-Z][\w'-]+)")
    for span in spans:
        if before.search(span.text):
            return True
        if any(m.group(1) in internal for m in beside.finditer(span.text)):
            return True
    return False


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole words of the embedding model's WordPiece vocabulary: a cheap, offline list of common words,
    used to tell an ordinary capitalised word ("Finalist demo went well") from a vendor name."""
    from tokenizers import Tokenizer

    from ..store.embeddings import model_files

    vocab = Tokenizer.from_file(str(model_files()[1])).get_vocab()
    return frozenset(w for w in vocab if w.isalpha() and not w.startswith("##"))
