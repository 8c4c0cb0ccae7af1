"""Facts of one deal taken from its notes: account, stage, dates, people and their roles, competitors.

Everything here is extracted from the deal's own notes (never from another deal), so a question
that names a person, a competitor or a date can cite the note it came from.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TypeVar

from ..models import Note
from .text import Sentence, sentences

_WORD = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
NAME = rf"{_WORD}(?: [A-Z]\.)? {_WORD}"
_ROLE_WORDS = (
    r"CFO|CEO|COO|CIO|CTO|CRO|CISO|VP|SVP|EVP|Vice President|Director|Dir\.?|Head|Manager|Mgr|Controller|"
    r"Supervisor|Lead|Owner|Founder|President|Counsel|Legal|Procurement|Purchasing|Buyer|Analyst|Specialist|"
    r"Coordinator|Administrator|Officer|Partner|Treasurer|Accountant|Clerk|Chief|Principal|Engineer|Architect|"
    r"Comptroller|Secretary|Chair|Board"
)
_ROLE = re.compile(rf"\b({_ROLE_WORDS})\b")
_PERSON_PAREN = re.compile(rf"\b({NAME}) \(([^)]{{2,80}})\)")
_PERSON_COMMA = re.compile(rf"\b({NAME}), ((?:the )?(?:[A-Za-z&/.]+ ){{0,4}}(?:{_ROLE_WORDS})\b[^,.;]{{0,40}})")
_ROLE_PERSON = re.compile(rf"\b((?:{_ROLE_WORDS})(?: of [A-Z][A-Za-z&]+| [A-Z]{{2,4}})?) ({NAME})\b")
_EB_ROLE = re.compile(r"\b(CFO|CEO|COO|President|Owner|Founder|VP Finance|Chief Financial|Chief Executive|Board)\b")
_EB_CONTEXT = re.compile(
    r"\b(signs?|sign-?off|signature|approves?|approval|budget|final (say|call|decision)|decides?|economic buyer)\b",
    re.I,
)
_CHAMPION_CONTEXT = re.compile(r"\b(champion|sponsor|advocate|selling (it |this |us )?internally|coach)\b", re.I)
_INTERNAL = re.compile(r"\b(our|my|summit|ours)\b|\bSE\b|sales engineer|manager of mine", re.I)
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


@dataclass
class Person:
    name: str
    role: str
    note_ids: list[str] = field(default_factory=list)
    mentions: int = 0
    economic_buyer: bool = False
    champion: bool = False

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


@dataclass
class DealFacts:
    team: str
    deal_id: str
    notes: list[Note]
    sentences: list[Sentence]
    account: str | None
    rep: str | None
    stage: str | None
    amount: float | None
    close_date: date | None
    first_date: date | None
    last_contact: date | None
    close_date_history: list[tuple[date, str]]  # (close date, note id where it first appeared)
    people: list[Person]
    competitors: dict[str, list[str]]  # name -> note ids mentioning it
    as_of: date | None

    @property
    def economic_buyer(self) -> Person | None:
        return next((p for p in self.people if p.economic_buyer), None)

    @property
    def champion(self) -> Person | None:
        return next((p for p in self.people if p.champion), None)

    @property
    def days_silent(self) -> int | None:
        if self.as_of is None or self.last_contact is None:
            return None
        return (self.as_of - self.last_contact).days

    def note(self, note_id: str) -> Note:
        return next(n for n in self.notes if n.note_id == note_id)


T = TypeVar("T")


def _latest(values: list[T | None]) -> T | None:
    present = [v for v in values if v is not None]
    return present[-1] if present else None


def _most_common(values: list[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _people(spans: list[Sentence], internal_names: set[str]) -> list[Person]:
    found: dict[str, Person] = {}

    def add(name: str, role: str, span: Sentence) -> None:
        if name in internal_names or _INTERNAL.search(role):
            return
        person = found.setdefault(name, Person(name=name, role=role.strip()))
        if not person.role and role:
            person.role = role.strip()
        if span.note_id not in person.note_ids:
            person.note_ids.append(span.note_id)

    for span in spans:
        for m in _PERSON_PAREN.finditer(span.text):
            if _ROLE.search(m.group(2)):
                add(m.group(1), m.group(2).split(",")[0], span)
        for m in _PERSON_COMMA.finditer(span.text):
            add(m.group(1), m.group(2), span)
        for m in _ROLE_PERSON.finditer(span.text):
            add(m.group(2), m.group(1), span)
    # count mentions (full name or first name) and look at what the sentences say about each person
    eb_scores: Counter[str] = Counter()
    for person in found.values():
        pattern = re.compile(rf"\b({re.escape(person.name)}|{re.escape(person.first_name)})\b")
        for span in spans:
            if pattern.search(span.text):
                person.mentions += 1
                if span.note_id not in person.note_ids:
                    person.note_ids.append(span.note_id)
                if _EB_CONTEXT.search(span.text) and _EB_ROLE.search(person.role + " " + span.text):
                    eb_scores[person.name] += 2
                if _CHAMPION_CONTEXT.search(span.text):
                    person.champion = True
        if _EB_ROLE.search(person.role):
            eb_scores[person.name] += 3
    if eb_scores:
        top = max(found.values(), key=lambda p: (eb_scores[p.name], p.mentions))
        if eb_scores[top.name] >= 3:
            top.economic_buyer = True
            top.champion = False
    if not any(p.champion for p in found.values()):
        contacts = [p for p in found.values() if not p.economic_buyer]
        if contacts:
            max(contacts, key=lambda p: p.mentions).champion = True
    return sorted(found.values(), key=lambda p: (-p.mentions, p.name))


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


def extract_facts(
    team: str,
    deal_id: str,
    notes: list[Note],
    internal_names: set[str],
    known_competitors: set[str],
    as_of: date | None,
) -> DealFacts:
    """Facts of one deal. `internal_names` are our own people (reps, authors) never taken for stakeholders."""
    spans = [s for n in notes for s in sentences(n.note_id, n.text)]
    account = _most_common([n.account for n in notes])
    people = _people(spans, internal_names)
    exclude = {p.first_name for p in people} | {w for p in people for w in p.name.split()}
    exclude |= {w for name in internal_names for w in name.split()}
    if account:
        exclude |= set(account.split())
    comp_names = (competitor_names(spans, exclude) | known_competitors) - exclude
    competitors: dict[str, list[str]] = {}
    for name in sorted(comp_names):
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        ids = [n.note_id for n in notes if any(pattern.search(s.text) for s in spans if s.note_id == n.note_id)]
        if ids:
            competitors[name] = ids
    history: list[tuple[date, str]] = []
    for n in notes:
        if n.close_date is not None and (not history or history[-1][0] != n.close_date):
            history.append((n.close_date, n.note_id))
    dates = [n.date for n in notes if n.date]
    return DealFacts(
        team=team,
        deal_id=deal_id,
        notes=notes,
        sentences=spans,
        account=account,
        rep=_most_common([n.rep for n in notes]),
        stage=_latest([n.stage for n in notes]),
        amount=_latest([n.amount for n in notes]),
        close_date=_latest([n.close_date for n in notes]),
        first_date=min(dates) if dates else None,
        last_contact=max(dates) if dates else None,
        close_date_history=history,
        people=people,
        competitors=competitors,
        as_of=as_of,
    )
