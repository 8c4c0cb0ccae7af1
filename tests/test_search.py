"""Related principles: the ranking is kept in the catalog per knowledge digest and query, so a later process
needs neither the embedding model nor the vector store; an index wiped behind the catalog's back is rebuilt."""

from __future__ import annotations

import sqlite3

from assistant import knowledge_index, search
from assistant.context import Context
from assistant.search import related_principles
from assistant.store.vectors import KNOWLEDGE_COLLECTION, ChromaStore

QUERY = "the economic buyer was never met; all contact goes through the champion"


def test_the_ranking_is_read_back_without_the_vector_store(summit_copy: Context) -> None:
    first = [p.id for p in related_principles(summit_copy, QUERY, k=4)]
    assert len(first) == 4
    empty = ChromaStore.ephemeral()  # a real, empty index: a ranking found now came from the catalog
    empty.drop(KNOWLEDGE_COLLECTION)  # in-memory clients share one store per process
    later = Context(summit_copy.settings, vectors=empty)
    assert [p.id for p in related_principles(later, QUERY, k=4)] == first
    assert empty.count(KNOWLEDGE_COLLECTION) == 0
    assert [p.id for p in related_principles(later, QUERY, k=2)] == first[:2]  # k is part of the key


def test_a_wiped_index_is_rebuilt_on_a_ranking_miss(summit_copy: Context) -> None:
    first = [p.id for p in related_principles(summit_copy, QUERY, k=3)]
    with sqlite3.connect(summit_copy.settings.db_path) as con:
        con.execute("DELETE FROM meta WHERE key LIKE 'principles:%'")
    search._rankings.clear()  # what a new process starts with: no ranking in memory, no principle vectors either
    knowledge_index._principle_vectors.clear()
    empty = ChromaStore.ephemeral()
    empty.drop(KNOWLEDGE_COLLECTION)
    later = Context(summit_copy.settings, vectors=empty)
    assert [p.id for p in related_principles(later, QUERY, k=3)] == first
    assert empty.count(KNOWLEDGE_COLLECTION) > 0


def test_a_search_ranks_principles_from_its_vector_and_stores_no_ranking(summit_copy: Context) -> None:
    """search_notes ranks the principles from the query vector it already has: the same principles as the stored
    path gives, and no catalog row per distinct free-text query."""
    query = "procurement wants three references before the pilot"
    stored = [p.id for p in related_principles(summit_copy, query)]
    with sqlite3.connect(summit_copy.settings.db_path) as con:
        con.execute("DELETE FROM meta WHERE key LIKE 'principles:%'")
    search._rankings.clear()
    result = search.search_notes(summit_copy, "summit", query)
    assert [p["id"] for p in result["principles"]] == stored
    with sqlite3.connect(summit_copy.settings.db_path) as con:
        assert con.execute("SELECT count(*) FROM meta WHERE key LIKE 'principles:%'").fetchone()[0] == 0
