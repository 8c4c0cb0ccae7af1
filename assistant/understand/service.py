"""Deal models of a team, computed once per catalog revision and stored in the catalog.

Caches are keyed by what invalidates them: the team's catalog revision (notes changed) and the knowledge and
classifier digests (coaching knowledge or model changed). A second process reads the stored models instead
of parsing the notes again.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..context import Context
from ..errors import NotFoundError
from ..knowledge import load_knowledge
from ..models import Note
from ..store.vectors import check_team
from ..text import Sentence, sentences
from .access import load_access
from .build import TeamView, build_deal_model
from .classifier import load_model
from .competitors import competitor_names
from .lone_names import load_lone_names
from .meddpicc import load_meddpicc
from .model import DealModel
from .names import FULL_NAME
from .relations import load_relations
from .title_links import load_title_links

_lock = threading.Lock()
_models: dict[tuple[str, str, str, str], DealModel] = {}
_views: dict[tuple[str, str], tuple[int, TeamView, dict[str, list[Note]]]] = {}
_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
_VECTOR_CACHE = 50_000


@lru_cache(maxsize=64)
def store_key(db_path: Path) -> str:
    """The resolved store path that keys the in-process caches (resolving costs file-system calls per request)."""
    return str(db_path.resolve())


def team_notes(ctx: Context, team: str, revision: int | None = None) -> tuple[TeamView, dict[str, list[Note]]]:
    """The team's view (our people, known competitors, 'today') and notes by deal, per catalog revision.

    `revision` is the team's revision when the caller has just read it (one database read per request)."""
    key = (store_key(ctx.settings.db_path), team)
    revision = ctx.catalog.revision(team) if revision is None else revision
    with _lock:
        cached = _views.get(key)
        if cached is not None and cached[0] == revision:
            return cached[1], cached[2]
    notes = ctx.catalog.notes(team)
    internal = {n.rep for n in notes if n.rep} | {n.author for n in notes if n.author}
    internal |= _our_people(notes)
    spans = [s for n in notes for s in sentences(n.note_id, n.text)]
    exclude = {w for name in internal for w in name.split()}
    exclude |= {w for n in notes if n.account for w in n.account.split()}
    dates = [n.date for n in notes if n.date]
    view = TeamView(
        internal_names=frozenset(internal),
        competitors=frozenset(competitor_names(spans, exclude)),
        as_of=ctx.settings.as_of or (max(dates) if dates else None),
        spread=word_spread(notes),
    )
    by_deal: dict[str, list[Note]] = {}
    for note in notes:
        by_deal.setdefault(note.deal_id, []).append(note)
    with _lock:
        _views[key] = (revision, view, by_deal)
    return view, by_deal


_CAPITALISED = re.compile(r"(?<![\w-])[^\W\d_a-z][^\W\d_]+")


def word_spread(notes: list[Note]) -> dict[str, float]:
    """Per capitalised word, the share of the team's deals whose notes write it: a product, a competitor or a town
    recurs across deals, a customer's person seldom does (a feature of the lone name model)."""
    deals: dict[str, set[str]] = {}
    for n in notes:
        for word in _CAPITALISED.findall(n.text):
            deals.setdefault(word, set()).add(n.deal_id)
    total = max(len({n.deal_id for n in notes}), 1)
    return {w: len(d) / total for w, d in deals.items()}


def _our_people(notes: list[Note]) -> set[str]:
    """Full names written in the notes of two or more accounts: a customer belongs to one account, our sales
    engineers, lawyers and managers turn up across the team's deals.

    A customer named once in another account's notes ("referral from Olivia Grant at M&F", the manager's "Linda
    at Harvest Basket knows half the Ohio CFOs") stays a customer: their first name is anchored in one account,
    written there at least four times and three times as often as in any other.
    """
    accounts: dict[str, set[str]] = {}
    for n in notes:
        for m in FULL_NAME.finditer(n.text):
            accounts.setdefault(m.group(1), set()).add(n.account or n.deal_id)
    ours = set()
    for name, seen in accounts.items():
        if len(seen) < 2:
            continue
        first = re.compile(rf"\b{re.escape(name.split()[0])}\b")
        per: dict[str, int] = {}
        for n in notes:
            per[n.account or n.deal_id] = per.get(n.account or n.deal_id, 0) + len(first.findall(n.text))
        top, second = (sorted(per.values(), reverse=True) + [0, 0])[:2]
        if not (top >= 4 and top >= 3 * second):
            ours.add(name)
    return ours


def embed(ctx: Context, spans: list[Sentence]) -> np.ndarray:
    """Sentence embeddings, cached by sentence text."""
    keys = [hashlib.sha1(s.text.encode()).hexdigest() for s in spans]
    with _lock:
        missing = list(dict.fromkeys(k for k in keys if k not in _vectors))
    if missing:
        texts = {k: s.text for k, s in zip(keys, spans, strict=True) if k in set(missing)}
        vectors = ctx.embedder.embed([texts[k] for k in missing])
        with _lock:
            for k, v in zip(missing, vectors, strict=True):
                _vectors[k] = v
            while len(_vectors) > _VECTOR_CACHE:
                _vectors.popitem(last=False)
    with _lock:
        rows = [_vectors[k] for k in keys]
    return np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The understanding code itself: a stored model built by older code is rebuilt."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _key(ctx: Context, revision: int, as_of: date | None) -> str:
    kb = load_knowledge(ctx.settings.knowledge_dir)
    models = (
        f"{load_model().corpus_digest}:{load_relations().digest}:{load_meddpicc().digest}:{load_title_links().digest}"
        f":{load_access().digest}:{load_lone_names().digest}"
    )
    return f"{revision}:{kb.digest}:{models}:{code_digest()}:{as_of}"


def _build(ctx: Context, team: str, deal_id: str, notes: list[Note], view: TeamView) -> DealModel:
    """The deal model from these notes with the shipped knowledge and models (what `_key` names)."""
    kb = load_knowledge(ctx.settings.knowledge_dir)
    models = (load_model(), load_relations(), load_meddpicc())
    return build_deal_model(kb, *models, team, deal_id, notes, view, lambda spans: embed(ctx, spans), load_access())


def deal_model(ctx: Context, team: str, deal_id: str) -> DealModel:
    """The stored deal model of one deal, computed if this revision has none yet."""
    check_team(team)
    revision = ctx.catalog.revision(team)  # read once: the view and the model key agree on it
    view, by_deal = team_notes(ctx, team, revision)
    if not by_deal:
        raise NotFoundError(f"unknown team {team!r}: no notes ingested (run `coach ingest PATH --team {team}`)")
    notes = by_deal.get(deal_id)
    if not notes:
        raise NotFoundError(f"unknown deal {deal_id!r} in team {team!r}")
    key = _key(ctx, revision, view.as_of)
    memo = (store_key(ctx.settings.db_path), team, deal_id, key)
    with _lock:
        cached = _models.get(memo)
    if cached is not None:
        return cached
    stored = ctx.catalog.get_deal_model(team, deal_id, key)
    if stored is not None:
        model = DealModel.from_dict(json.loads(stored))
    else:
        model = _build(ctx, team, deal_id, notes, view)
        ctx.catalog.put_deal_model(team, deal_id, key, json.dumps(model.to_dict(), default=str, sort_keys=True))
    with _lock:
        _models[memo] = model
    return model


def deal_model_as_of(ctx: Context, team: str, deal_id: str, on: date) -> DealModel | None:
    """The deal as its notes dated on or before `on` (a review's day) read it; None when none was written by then.

    What the deal looked like when it was reviewed is computed from the notes, not kept from that day: a review
    recorded after its notes were imported reads the same as one recorded live. Kept in process only (per
    revision); the stored model is today's."""
    revision = ctx.catalog.revision(team)
    view, by_deal = team_notes(ctx, team, revision)
    notes = by_deal.get(deal_id)
    if not notes:
        raise NotFoundError(f"unknown deal {deal_id!r} in team {team!r}")
    upto = [n for n in notes if n.date is not None and n.date <= on]
    if len(upto) == len(notes):
        return deal_model(ctx, team, deal_id)
    if not upto:
        return None
    memo = (store_key(ctx.settings.db_path), team, deal_id, f"{_key(ctx, revision, view.as_of)}:upto:{on}")
    with _lock:
        cached = _models.get(memo)
    if cached is not None:
        return cached
    model = _build(ctx, team, deal_id, upto, replace(view, as_of=on))
    with _lock:
        _models[memo] = model
    return model


def deal_models(ctx: Context, team: str) -> list[DealModel]:
    """Every deal of the team, in deal-id order."""
    _, by_deal = team_notes(ctx, team)
    if not by_deal:
        raise NotFoundError(f"unknown team {team!r}: no notes ingested (run `coach ingest PATH --team {team}`)")
    return [deal_model(ctx, team, d) for d in sorted(by_deal)]
