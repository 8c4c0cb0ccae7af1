"""Which title belongs to which name: a learned link between a person's name and a job title in the same sentence.

Notes attach titles in more ways than patterns can list ("Mere Tautahi (Group Manager Regulatory Services)",
"Greg Holloway's the director of operations", "the owner and CEO (Prezes), Janusz Kowalczyk, signs", "her boss,
Alberto Serrano (QC Manager), says"). Each candidate pair is described by the parse (the dependency path between
the two, appositive or copula on it, what lies between them: punctuation only, an open parenthesis, a verb, another
name or title) and the old adjacency rule as one feature among them; a logistic regression fitted on the
stakeholder labels of the development teams (`make train`, assistant.understand.train_titles) decides. Each name
keeps at most one title per sentence and each title goes to at most one name, highest score first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .titles import HONORIFICS, TitleHit, is_ours
from .trained import LogisticModel, load_logistic

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

TITLE_LINKS_JSON = Path(__file__).resolve().parent / "data" / "title_links.json"
_DEPS = ("appos", "compound", "attr", "nsubj", "conj", "npadvmod", "poss", "dobj", "pobj")
FEATURES = (
    "rule", "after", "token_gap", "adjacent", "title_first_bare", "light_gap", "open_paren", "copula", "verb_between",
    "name_between", "title_between", "closest_title", "closest_name", "ours", "path_len", "direct",
    *(f"dep_{d}" for d in _DEPS),
)  # fmt: skip
_FIRST_BARE = FEATURES.index("title_first_bare")
_SENTENCE_BREAK = re.compile(r"\n|[!?;](?:\s|$)")
_FULL_STOP = re.compile(r"(\w*)\.(?:\s|$)")
_LIGHT = {",", "-", "–", "—", "(", "/", "|", ":", "=", "the", "their", "our", "a", "an", "is", "'s", "’s", "was",
          "who", "she", "he", "as", "&", "and"}  # fmt: skip

NameSpan = tuple[int, int, str]  # start, end (characters in the note), the name as written


TitleLinkModel = LogisticModel


def load_title_links(path: Path = TITLE_LINKS_JSON) -> TitleLinkModel:
    return load_logistic(path, "title link model", FEATURES)


def _tokens(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _path(a: Token, b: Token) -> tuple[int, list[str]]:
    """Arcs between two tokens through their lowest common ancestor, and the labels on the way."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in index_b:
            m = index_b[t.i]
            return n + m, [x.dep_ for x in up_a[:n]] + [x.dep_ for x in up_b[:m]]
    return 99, []


def _bare(gap: str) -> bool:
    """Nothing but spaces and honorifics between a title and a name: "CFO Dott. Ingrid Maas", "Head of IT Ana"."""
    return all(w.lower() in HONORIFICS for w in re.findall(r"\w+", gap)) and not re.search(r"[^\w\s.]", gap)


def _breaks(gap: str) -> bool:
    """Whether a sentence ends between the two: a full stop after an honorific or an initial does not."""
    if _SENTENCE_BREAK.search(gap):
        return True
    return any(len(m.group(1)) != 1 and m.group(1).lower() not in HONORIFICS for m in _FULL_STOP.finditer(gap))


def candidates(text: str, names: Sequence[NameSpan], titles: Sequence[TitleHit]) -> list[tuple[int, int]]:
    """(name index, title index) pairs in one sentence, not overlapping, not far apart; a board is no one's title."""
    out = []
    for i, (start, end, _) in enumerate(names):
        for j, t in enumerate(titles):
            if t.title.collective or t.start < end and start < t.end:
                continue
            a, b = (end, t.start) if t.start >= end else (t.end, start)
            if b - a > 120 or _breaks(text[a:b]):
                continue
            out.append((i, j))
    return out


def pair_features(
    doc: Doc,
    text: str,
    names: Sequence[NameSpan],
    titles: Sequence[TitleHit],
    i: int,
    j: int,
    rule: Callable[[int, int, Sequence[TitleHit]], TitleHit | None],
) -> np.ndarray:
    start, end, _ = names[i]
    t = titles[j]
    after = t.start >= end
    a, b = (end, t.start) if after else (t.end, start)
    gap = text[a:b]
    span_name, span_title, span_gap = _tokens(doc, start, end), _tokens(doc, t.start, t.end), _tokens(doc, a, b)
    gap_tokens = [x for x in span_gap if x.idx >= a and x.idx + len(x.text) <= b] if span_gap is not None else []
    words = [x.text.lower() for x in gap_tokens]
    near_titles = sorted(abs(u.start if u.start >= end else start - u.end) for u in titles if u is not t)
    distance = abs(b - a)
    near_names = [abs(n[0] - t.end if n[0] >= t.end else t.start - n[1]) for k, n in enumerate(names) if k != i]
    path_len, labels = 99, list[str]()
    if span_name is not None and span_title is not None:
        path_len, labels = _path(span_name.root, span_title.root)
    picked = rule(start, end, titles)
    values = [
        float(picked is t), float(after), min(len(gap_tokens), 10) / 10,
        float(_bare(gap)), float(_bare(gap) and not after),
        float(all(w in _LIGHT for w in words)), float("(" in gap and ")" not in gap),
        float(any(x.lemma_ == "be" for x in gap_tokens)),
        float(any(x.pos_ == "VERB" for x in gap_tokens)),
        float(any(a <= n[0] < b for k, n in enumerate(names) if k != i)),
        float(any(a <= u.start < b for u in titles if u is not t)),
        float(not near_titles or distance <= near_titles[0]), float(not near_names or distance <= min(near_names)),
        float(is_ours(text, t.start)),
        min(path_len, 6) / 6, float(path_len == 1),
        *(float(d in labels) for d in _DEPS),
    ]  # fmt: skip
    return np.asarray(values, dtype=np.float64)


def link_titles(
    model: TitleLinkModel,
    doc: Doc,
    text: str,
    names: Sequence[NameSpan],
    titles: Sequence[TitleHit],
    rule: Callable[[int, int, Sequence[TitleHit]], TitleHit | None],
) -> dict[int, TitleHit]:
    """Name index -> its title: pairs scored by the model, taken best first, one title per name and name per title."""
    scored = []
    for i, j in candidates(text, names, titles):
        x = pair_features(doc, text, names, titles, i, j, rule)
        p = model.score(x)
        if p >= model.threshold:  # a title written as the name's premodifier ("CFO Dott. Ingrid Maas") goes first
            scored.append((p + float(x[_FIRST_BARE]), i, j))
    links: dict[int, TitleHit] = {}
    used: set[int] = set()
    for _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in links and j not in used:
            links[i] = titles[j]
            used.add(j)
    return links
