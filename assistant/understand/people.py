"""The customer's people in one deal's notes: names (spaCy NER), titles (appositive, parenthesis, compound,
"the CFO, Ilse Brandt"), title-only mentions ("their FD"), and every sentence that refers to each of them,
by full name, first or last name, title, or a pronoun resolved within the note.

Our own people (reps, authors, the manager) are never stakeholders; nothing is read from another deal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from ..knowledge import KnowledgeBase
from ..models import Note
from ..text import Sentence
from .lone_names import Occurrence, load_lone_names
from .lone_names import features as lone_features
from .names import FULL_NAME, mid_sentence_names, note_names
from .nlp import parse
from .title_links import link_titles, load_title_links
from .titles import HONORIFICS, TitleHit, find_titles, is_ours

_AFTER = re.compile(  # "Linda Park she's the CFO", "Jenna Moore, she's the GM", "Mia (Ops Manager)"
    r"^(?:,?\s+(?:(?:she|he)(?:'s|’s| is)|who(?:'s|’s| is)|is) (?:the |their )?|"
    r",\s*[^\W\d_]+\s\(|"  # "Gert Smit, eigenaar (owner)": a title in the notes' own language, then in English
    r",\s*[^\W\d_]+\s*(?:&|/|\band\b)\s*|"  # "Ann Lee, Finance & Operations Director"
    r"\s*(?:\(|,|-|–|—|/|\|)\s*(?:the |their |our |a |an |who is (?:the |their )?)?)",
    re.I,
)
_HONORIFIC = re.compile(
    r"\s*(?:,\s*|\s\(?|\(|[=:]\s*)(?:(?:Dr|Dra|Prof|Mr|Mrs|Ms|Mx|Sir|Dame|Ing|Mag|Dott|Dott\.ssa|Avv|Herr|Frau|Mme|Sr|Sra)\.?\s+)?"
)
_BEFORE = re.compile(r"(?:\b(?:their|the|a|our)\s+)?$", re.I)
_PRONOUN = re.compile(r"\b(she|her|hers|herself|he|him|his|himself)\b", re.I)
_BAD_NAME = re.compile(r"^(?:[A-Z]{2,}|Rep|Customer|Me|Hi|Dear|Thanks|Regards|Best|Cheers|Re|Fwd|From|To|Subject)$")


def fold(text: str) -> str:
    """Lower case without accents: "Wiśniewska" and "Wisniewska" are one name."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_HONORIFIC_WORDS = set(HONORIFICS)


def same_person(label_name: str | None, label_title: str | None, name: str) -> bool:
    """Whether a found stakeholder is a labelled person: a shared name word, or the title a title-only person has.

    Two full names must share the first name too: "Ron Moore" is not his daughter "Jenna Moore".
    """

    def words(text: str) -> list[str]:
        return [w.strip(".") for w in fold(text).replace("the ", "").split() if len(w.strip(".")) > 1]

    want = [w for w in words(label_name or "") if w not in _HONORIFIC_WORDS]
    got = [w for w in words(name) if w not in _HONORIFIC_WORDS]
    title = fold(label_title or "")
    if len(want) >= 2 and len(got) >= 2:
        return want[0] == got[0] and bool(set(want[1:]) & set(got[1:]))
    return bool(set(want) & set(got)) or (bool(title) and fold(name).replace("the ", "") in title.split(" "))


def title_label(title: str) -> str:
    """How a title-only person is named: "the CFO", "the board" (never "the the board")."""
    return title if re.match(r"(?:the|their|our)\s", title, re.I) else f"the {title}"


@dataclass
class Mention:
    note_id: str
    sentence: int  # index into the deal's sentence list
    how: str  # "name" | "title" | "pronoun"


@dataclass
class PersonFound:
    key: str  # full name, or the canonical title for a title-only person ("CFO")
    name: str | None
    title: str | None  # as written ("FD", "head of fleet")
    canonical_title: str | None  # the lexicon's title ("CFO")
    function: str | None
    power: bool
    mentions: list[Mention] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.name or title_label(self.title or "")

    @property
    def note_ids(self) -> list[str]:
        return list(dict.fromkeys(m.note_id for m in self.mentions))


def _clean(name: str) -> str:
    name = re.sub(r"(?:'s|’s)$", "", name.strip())
    return name.strip(" ,.;:()[]\"'")


def _attached_title(text: str, start: int, end: int, titles: list[TitleHit]) -> TitleHit | None:
    after = _AFTER.match(text[end:])
    if after:
        at = end + after.end()
        hit = next((t for t in titles if t.start == at), None)
        if hit is not None:
            return hit
    for t in titles:
        gap = text[t.end : start]
        adjacent = t.end <= start and (gap == "" or _HONORIFIC.fullmatch(gap) is not None) and len(gap) <= 8
        if adjacent and not is_ours(text, t.start):
            return t
    return None


class _People:
    """The people found so far in one deal's notes, keyed by full name (or canonical title), and the checks that
    keep our own people, the account and bare titles out."""

    def __init__(self, kb: KnowledgeBase, notes: list[Note], internal: set[str]) -> None:
        self.kb, self.internal = kb, internal
        self.internal_words = {w.lower() for name in internal for w in name.split()}
        self.accounts = " | ".join(fold(n.account) for n in notes if n.account)
        self.by_key: dict[str, PersonFound] = {}

    def rejected(self, name: str) -> bool:
        words = name.split()
        if not words or _BAD_NAME.match(words[0]) or name.lower() in self.internal_words:
            return True
        if len(words) > 1 and fold(name) in self.accounts:  # "Zuivelhuis Smit" is the account, not a person
            return True
        if name in self.internal or all(w.lower() in self.internal_words for w in words):
            return True
        return bool(find_titles(self.kb, name)) and len(words) == 1

    def add(self, name: str, hit: TitleHit | None) -> PersonFound | None:
        name = _clean(name)
        if self.rejected(name):
            return None
        people, words = self.by_key, name.split()
        found = people.get(name)
        if found is None:  # a first name already known as part of a full name is that person
            found = next((p for p in people.values() if p.name and name in p.name.split()), None)
        if found is None and len(words) > 1:
            short = next((p for p in people.values() if p.name and p.name in words), None)
            if short is not None:  # "Ilse" seen first, then "Ilse Brandt"
                people.pop(short.key)
                short.key, short.name = name, name
                people[name] = short
                found = short
        if found is None:
            found = people[name] = PersonFound(name, name, None, None, None, False)
        if hit is not None and found.title is None:
            found.title, found.canonical_title = hit.text, hit.title.title
            found.function, found.power = hit.title.function, hit.title.power
        return found


def _read_names(
    kb: KnowledgeBase, notes: list[Note], internal: set[str]
) -> tuple[_People, dict[str, list[Occurrence]]]:
    """Full names, names with their title beside them and title-only people; lone words and capitalised pairs the
    parse did not tag as a person are left for the lone name model, with every place the notes write them."""
    docs = parse([n.text for n in notes])
    names_mid_sentence = mid_sentence_names(docs)
    people = _People(kb, notes, internal)
    lone: dict[str, list[Occurrence]] = {}
    for note, doc in zip(notes, docs, strict=True):
        text = note.text
        titles = find_titles(kb, text)
        names = note_names(kb, text, doc, titles, names_mid_sentence)
        links = link_titles(load_title_links(), doc, text, names, titles, partial(_attached_title, text))
        attached: set[int] = set()
        full = {p.name for p in people.by_key.values() if p.name and " " in p.name}
        for k, (start, end, name) in enumerate(names):
            hit = links.get(k)
            single = " " not in name.strip()
            known_first = any(name.strip() in f.split() for f in full) or any(
                name.strip() in n.split() for _, _, n in names if " " in n
            )
            if single and not known_first and (hit is None or hit is not _attached_title(text, start, end, titles)):
                word = _clean(name)  # a lone capitalised word: a person only if the lone name model says so
                if word and not people.rejected(word):
                    lone.setdefault(word, []).append(Occurrence(doc, start, end, hit is not None))
                continue
            found = people.add(name, hit)
            if found is None:
                continue
            if hit is not None:
                attached.add(hit.start)
        for m in FULL_NAME.finditer(text):  # a capitalised pair the parse read as something else
            start, end = m.span(1)
            taken = any(a < end and start < b for a, b, _ in names)
            taken |= any(t.start < end and start < t.end for t in titles)
            if not taken and not people.rejected(m.group(1)):
                near = _attached_title(text, start, end, titles) is not None
                lone.setdefault(m.group(1), []).append(Occurrence(doc, start, end, near))
        for t in titles:  # a title with budget power and no name: "their FD", "the CFO"
            if t.start in attached or not t.title.power or is_ours(text, t.start):
                continue
            named = next((p for p in people.by_key.values() if p.canonical_title == t.title.title and p.name), None)
            if named is None and t.title.title not in people.by_key:
                people.by_key[t.title.title] = PersonFound(
                    t.title.title, None, t.text, t.title.title, t.title.function, t.title.power
                )
    return people, lone


def lone_candidates(
    kb: KnowledgeBase,
    notes: list[Note],
    internal: set[str],
    spread: Mapping[str, float],
    competitors: frozenset[str],
) -> tuple[_People, list[tuple[str, np.ndarray]]]:
    """The people read so far, and each lone word of the deal (not already a known person) with its features."""
    people, lone = _read_names(kb, notes, internal)
    text = "\n".join(n.text for n in notes)
    out = []
    for word, occurrences in lone.items():
        if any(p.name and (word in p.name.split() or p.name in word.split()) for p in people.by_key.values()):
            continue  # the first name of a person named in full in a later note, or that person in full
        in_account = re.search(rf"(?<!\w){re.escape(fold(word))}(?!\w)", people.accounts) is not None
        x = lone_features(word, occurrences, text, in_account, word in competitors,
                          spread.get(word, 0.0))  # fmt: skip
        out.append((word, x))
    return people, out


def find_people(
    kb: KnowledgeBase,
    notes: list[Note],
    spans: list[Sentence],
    internal: set[str],
    spread: Mapping[str, float] | None = None,
    competitors: frozenset[str] = frozenset(),
) -> list[PersonFound]:
    """Stakeholders of one deal with every sentence that refers to them. `spread` is the share of the team's deals
    that write each capitalised word, `competitors` the team's known competitors (both read by the lone name
    model)."""
    people, lone = lone_candidates(kb, notes, internal, spread or {}, competitors)
    model = load_lone_names()
    for word, x in lone:
        if model.accepts(x):
            people.add(word, None)
    by_note_spans: dict[str, list[int]] = {}
    for i, s in enumerate(spans):
        by_note_spans.setdefault(s.note_id, []).append(i)
    _merge_title_only(people.by_key)
    _mentions(kb, people.by_key, spans, by_note_spans)
    return sorted((p for p in people.by_key.values() if p.mentions), key=lambda p: (-len(p.mentions), p.key))


def _merge_title_only(people: dict[str, PersonFound]) -> None:
    """ "The CFO" in one note and "Ilse Brandt (CFO)" in another are one person, when only one has that title."""
    for key in [k for k, p in people.items() if p.name is None]:
        holders = [p for p in people.values() if p.name and p.canonical_title == people[key].canonical_title]
        if len(holders) == 1:
            people.pop(key)


def _mentions(
    kb: KnowledgeBase, people: dict[str, PersonFound], spans: list[Sentence], by_note: dict[str, list[int]]
) -> None:
    firsts: dict[str, list[PersonFound]] = {}
    for p in people.values():
        if p.name:
            for w in p.name.split():
                firsts.setdefault(w, []).append(p)
    title_holder: dict[str, PersonFound] = {}
    for p in people.values():
        if p.canonical_title and p.power:
            title_holder.setdefault(p.canonical_title, p)
    for note_id, indices in by_note.items():
        last: PersonFound | None = None
        for i in indices:
            text = spans[i].text
            here: list[PersonFound] = []
            for word, owners in firsts.items():
                named = len(owners) == 1 and re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
                if named and owners[0] not in here:
                    here.append(owners[0])
            for hit in find_titles(kb, text):
                holder = title_holder.get(hit.title.title)
                if holder is not None and holder not in here and not is_ours(text, hit.start):
                    here.append(holder)
            for p in here:
                p.mentions.append(Mention(note_id, i, "name" if p.name and p.name.split()[0] in text else "title"))
            if not here and last is not None and _PRONOUN.search(text):
                last.mentions.append(Mention(note_id, i, "pronoun"))
            if len(here) >= 1:
                last = here[-1]
