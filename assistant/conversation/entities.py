"""The entity linker: which of the team's deals, reps, people, competitors and skills a message names.

Fuzzy (rapidfuzz) so typos and partial names work ("harlw", "the kestrel deal", "marcus"); a token is a deal
id only when it is one of the team's deals, in any case or format ("d201", "D 201", "d-201"), so FY2026,
ISO-27001 or PO-1182 are just words. A mention that fits several things is kept as a "did you mean" choice.
The spans found also mask the message for the intent classifier, so it learns no team's names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from .gazetteer import Gazetteer
from .lexicon import COMMON_WORDS, GENERIC_ACCOUNT_WORDS, SKILL_PATTERNS, TITLE_WORDS, TOPIC_PATTERNS, is_common

ID_TOKEN = re.compile(r"(?<![\w-])([A-Za-z]{1,3})[ _-]?(\d{2,5})(?![\w-])")
# A deal's number alone counts after a word that points at a deal ("prep 209", "deal 212", "#206", "on '208'").
BARE_NUMBER = re.compile(
    r"(?:\b(?:deal|prep|opp|opportunity|review|number|no\.?|for|on|about|re|with)\s+[\"'#]?|#|[\"'])(\d{2,5})(?![\w.,:/%-])",
    re.I,
)
WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z]")
DEAL_CONTEXT = re.compile(r"^\s*(deal|account|opp|opportunity|one)\b", re.I)
Alias = tuple[tuple[str, ...], str, str, bool]  # (words, kind, value, counts only in a name context)
MASKS = {"deal": "DEALREF", "rep": "REPNAME", "person": "PERSONNAME", "competitor": "COMPETITOR"}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # deal | rep | person | competitor
    value: str


@dataclass
class Mentions:
    deals: list[str] = field(default_factory=list)  # named deals, in the order of the message
    deal_choices: list[str] = field(default_factory=list)  # one mention fitting several deals: "did you mean"
    unknown_ids: list[str] = field(default_factory=list)  # shaped like the team's ids, but none of them
    reps: list[str] = field(default_factory=list)
    rep_choices: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # "the CFO": resolved against the deal under discussion
    competitors: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


def _id_key(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), re.sub(r"['’]s$|\.$", "", m.group(0).lower())) for m in WORD.finditer(text)]


def _close(a: str, b: str) -> bool:
    """Same word allowing a typo (one edit or swap from 5 letters, two from 9; short words match exactly)."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < 5 or a[0] != b[0] or is_common(a):  # "quiet" is a word, not a typo of "Quist"
        return False
    return OSA.distance(a, b, score_cutoff=2) <= (2 if shorter >= 9 else 1)


def _phrase_match(words: list[tuple[int, int, str]], i: int, alias: tuple[str, ...]) -> bool:
    if i + len(alias) > len(words):
        return False
    return all(_close(words[i + k][2], alias[k]) for k in range(len(alias)))


class Linker:
    """Built once per gazetteer: the aliases of every deal, rep, person and competitor."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.id_keys = {_id_key(d): d for d in gaz.deals}
        # "D-999" written exactly as the team writes its ids, but not one of them ("D365" is a product, not a typo)
        self.id_shapes = {re.sub(r"\d", "9", d.upper()) for d in gaz.deals}
        self.aliases: list[Alias] = []
        self._deal_aliases()
        self._name_aliases("rep", set(gaz.reps), strict=False)
        self._name_aliases("person", {p.name for d in gaz.deals.values() for p in d.people} - set(gaz.reps))
        for c in gaz.competitors:
            self.aliases.append((tuple(c.lower().split()), "competitor", c, False))
        self.aliases.sort(key=lambda a: -len(a[0]))  # longest first: "granite peak" before "peak"

    def _deal_aliases(self) -> None:
        by_word: dict[str, set[str]] = {}
        for d in self.gaz.deals.values():
            words = tuple(w.lower() for w in WORD.findall(d.account or ""))
            for n in range(len(words), 1, -1):  # every run of 2+ words: "quarry lane", "lane outfitters"
                for s in range(len(words) - n + 1):
                    self.aliases.append((words[s : s + n], "deal", d.deal_id, False))
            for w in words:
                if w not in GENERIC_ACCOUNT_WORDS and len(w) >= 3:
                    by_word.setdefault(w, set()).add(d.deal_id)
        for w, deal_ids in by_word.items():
            for deal_id in sorted(deal_ids):  # a word of two accounts fits both: a "did you mean" choice
                self.aliases.append(((w,), "deal", deal_id, is_common(w) or len(deal_ids) > 1))

    def _name_aliases(self, kind: str, names: set[str], strict: bool = True) -> None:
        """Full names, and first or last names alone; a part that is also an English word ("grace", "ward") or
        that two people share counts only when capitalised (`strict` for customers: reps are few and known)."""
        firsts: dict[str, set[str]] = {}
        for name in sorted(names):
            parts = name.lower().split()
            self.aliases.append((tuple(parts), kind, name, False))
            for p in (parts[0], parts[-1]) if len(parts) > 1 else ():
                firsts.setdefault(p, set()).add(name)
        for part, owners in firsts.items():
            if part in COMMON_WORDS or len(part) < 3:
                continue
            for name in sorted(owners):
                self.aliases.append(((part,), kind, name, len(owners) > 1 or strict and is_common(part)))

    def link(self, text: str, scope: frozenset[str] = frozenset()) -> Mentions:
        """The mentions in `text`; names of the people on the `scope` deals (the rep's own, the one under
        discussion) count even in lower case ("email graham")."""
        out = Mentions()
        taken: list[tuple[int, int]] = []
        for m in ID_TOKEN.finditer(text):
            key = _id_key(m.group(0))
            if key in self.id_keys:
                out.deals.append(self.id_keys[key])
                out.spans.append(Span(m.start(), m.end(), "deal", self.id_keys[key]))
                taken.append((m.start(), m.end()))
            elif re.sub(r"\d", "9", m.group(0).upper()) in self.id_shapes:
                out.unknown_ids.append(f"{m.group(1).upper()}-{m.group(2)}")
        by_number = {re.sub(r"\D", "", d): d for d in self.gaz.deals}
        if len(by_number) == len(self.gaz.deals):
            for m in BARE_NUMBER.finditer(text):
                if m.group(1) in by_number and not any(s <= m.start(1) < e for s, e in taken):
                    out.deals.append(by_number[m.group(1)])
                    out.spans.append(Span(m.start(1), m.end(1), "deal", by_number[m.group(1)]))
                    taken.append((m.start(1), m.end(1)))
        words = [w for w in _words(text) if not any(s <= w[0] < e for s, e in taken)]
        i = 0
        while i < len(words):
            width = self._match_at(text, words, i, out, scope)
            i += max(width, 1)
        self._keywords(text, out)
        out.spans.sort(key=lambda sp: sp.start)
        out.deals = [sp.value for sp in out.spans if sp.kind == "deal" and sp.value in out.deals]
        return out

    def person_deals(self, name: str) -> list[str]:
        """The deals a customer-side person belongs to (usually one)."""
        return [d.deal_id for d in self.gaz.deals.values() if any(p.name == name for p in d.people)]

    def _match_at(
        self, text: str, words: list[tuple[int, int, str]], i: int, out: Mentions, scope: frozenset[str]
    ) -> int:
        hits = [a for a in self.aliases if _phrase_match(words, i, a[0])]
        if not hits:
            return 0
        width = len(hits[0][0])
        best = [a for a in hits if len(a[0]) == width]
        start, end = words[i][0], words[i + width - 1][1]
        if all(a[3] for a in best) and not self._in_deal_context(text, start, end, best):
            in_scope = [a for a in best if a[1] == "person" and scope & set(self.person_deals(a[2]))]
            if len(in_scope) != 1:
                return 0 if width == 1 else width
            best = in_scope
        kind = best[0][1]
        values = list(dict.fromkeys(a[2] for a in best if a[1] == kind))
        if kind == "deal":
            (out.deals if len(values) == 1 else out.deal_choices).extend(values)
        elif kind == "rep":
            (out.reps if len(values) == 1 else out.rep_choices).extend(values)
        elif kind == "person" and len(values) == 1:
            out.people.append(values[0])
        elif kind == "competitor":
            out.competitors.extend(values)
        out.spans.append(Span(start, end, kind, values[0]))
        return width

    def _in_deal_context(self, text: str, start: int, end: int, best: list[Alias]) -> bool:
        """A common word ("granite", "peak") or a shared first name counts only when the message points at it as a
        name: "the granite deal", "Granite" written with a capital, or a name shared by people of several deals."""
        if any(a[1] != "deal" for a in best):
            return any(a[1] in ("rep", "person") for a in best) and text[start].isupper()
        return bool(DEAL_CONTEXT.match(text[end:])) or text[start].isupper() and start > 0

    def _keywords(self, text: str, out: Mentions) -> None:
        out.skills = [s for s, p in SKILL_PATTERNS.items() if p.search(text)]
        out.topics = [t for t, p in TOPIC_PATTERNS.items() if p.search(text)]
        out.titles = [t for t, p in TITLE_WORDS.items() if p.search(text)]


def mask(text: str, mentions: Mentions) -> str:
    """The message with every linked name replaced by its kind (`prep DEALREF with REPNAME`)."""
    out, last = [], 0
    for span in sorted(mentions.spans, key=lambda s: s.start):
        if span.start < last:
            continue
        out += [text[last : span.start], MASKS[span.kind]]
        last = span.end
    out.append(text[last:])
    return "".join(out)
