"""Keep a team's vectors equal to its catalog chunks: find orphans, missing and mismatched vectors, and fix them.

The catalog (SQLite) commits atomically, the vector store does not commit with it: a process killed during the
vector write leaves vectors the catalog never got (orphans) or vectors of a newer text than the catalog holds.
Every vector therefore carries a content hash of what it was embedded from (model, text and the metadata the
filters read). Checking compares ids and hashes only, read from the metadata (no vector is read and nothing is
embedded), so it is cheap when nothing is wrong; repairing deletes orphans and re-embeds only what differs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..models import Chunk
from .catalog import Catalog
from .embeddings import MODEL_ID, Embedder
from .vectors import Metadata, VectorStore, team_collection

# Stored per team once its vectors carry hashes; a different value (an older index, another model) means "check".
INDEX_FORMAT = f"content-hash-v1/{MODEL_ID}"


def chunk_hash(chunk: Chunk) -> str:
    """What a vector was made from: a changed text, deal, note, rep or model gives another hash."""
    digest = hashlib.sha256()
    for part in (MODEL_ID, chunk.note_id, chunk.deal_id, (chunk.rep or "").lower(), chunk.text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:32]


def chunk_metadata(chunk: Chunk) -> Metadata:
    """The metadata every team vector carries: the filters' fields and the content hash."""
    return {
        "note_id": chunk.note_id,
        "deal_id": chunk.deal_id,
        "rep_key": (chunk.rep or "").lower(),
        "content_hash": chunk_hash(chunk),
    }


def write_chunks(vectors: VectorStore, embedder: Embedder, team: str, chunks: list[Chunk]) -> None:
    """Embed and upsert chunks with their metadata (the one way team vectors are written)."""
    if chunks:
        vectors.upsert(
            team_collection(team),
            [c.chunk_id for c in chunks],
            embedder.embed([c.text for c in chunks]),
            [c.text for c in chunks],
            [chunk_metadata(c) for c in chunks],
        )


@dataclass
class IndexCheck:
    """A team's catalog against its vectors. `orphans`: vectors without a catalog chunk; `missing`: catalog
    chunks without a vector; `mismatched`: vectors whose hash is not their chunk's (or that carry none)."""

    team: str
    notes: int
    chunks: int
    vectors: int
    orphans: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    interrupted: bool = False  # a write was cut off (its marker is still in the catalog)

    @property
    def ok(self) -> bool:
        return not (self.orphans or self.missing or self.mismatched)

    def counts(self) -> dict[str, object]:
        return {
            "team": self.team,
            "notes": self.notes,
            "chunks": self.chunks,
            "vectors": self.vectors,
            "orphans": len(self.orphans),
            "missing": len(self.missing),
            "mismatched": len(self.mismatched),
            "interrupted_write": self.interrupted,
            "ok": self.ok,
        }


@dataclass
class IndexRepair:
    orphans_removed: int = 0
    re_embedded: int = 0
    hashes_added: int = 0  # vectors from before content hashes whose document and metadata are their chunk's

    @property
    def changed(self) -> bool:
        return bool(self.orphans_removed or self.re_embedded or self.hashes_added)

    def summary(self) -> str:
        added = f", {self.hashes_added} hashes added to older vectors" if self.hashes_added else ""
        return f"{self.orphans_removed} orphan vectors removed, {self.re_embedded} chunks re-embedded{added}"


def check_index(catalog: Catalog, vectors: VectorStore, team: str, chunks: list[Chunk] | None = None) -> IndexCheck:
    """Compare ids and content hashes; reads the catalog's chunks and the vectors' metadata only."""
    chunks = catalog.chunks(team) if chunks is None else chunks
    vectors.observe(team, catalog.revision(team))  # compare with the index as it is now, not as it was opened
    collection = team_collection(team)
    stored = vectors.content_hashes(collection) if collection in vectors.collections() else {}
    expected = {c.chunk_id: chunk_hash(c) for c in chunks}
    return IndexCheck(
        team=team,
        notes=catalog.stats(team)["notes"],
        chunks=len(expected),
        vectors=len(stored),
        orphans=sorted(i for i in stored if i not in expected),
        missing=sorted(i for i in expected if i not in stored),
        mismatched=sorted(i for i, h in stored.items() if i in expected and h != expected[i]),
        interrupted=catalog.index_dirty(team),
    )


def repair_index(
    catalog: Catalog, vectors: VectorStore, embedder: Embedder, team: str, check: IndexCheck | None = None
) -> IndexRepair:
    """Make the team's vectors equal its catalog chunks, then record that they are (clears the write marker).

    Run under the index write lock (see `IndexWriter`), so no other write is between the check and the fix.
    """
    chunks = catalog.chunks(team)
    check = check_index(catalog, vectors, team, chunks) if check is None else check
    collection = team_collection(team)
    if check.orphans:
        vectors.delete(collection, check.orphans)
    adopted = _adopt_unhashed(vectors, collection, [c for c in chunks if c.chunk_id in set(check.mismatched)])
    redo = (set(check.missing) | set(check.mismatched)) - adopted
    write_chunks(vectors, embedder, team, [c for c in chunks if c.chunk_id in redo])
    with catalog.transaction() as con:
        catalog.mark_index_clean(con, team, INDEX_FORMAT)
    return IndexRepair(orphans_removed=len(check.orphans), re_embedded=len(redo), hashes_added=len(adopted))


def _adopt_unhashed(vectors: VectorStore, collection: str, chunks: list[Chunk]) -> set[str]:
    """Vectors written before content hashes: one whose document and metadata are its chunk's gets the hash
    instead of a new embedding (chroma stores a vector and its document in one record, so the vector is of that
    text). Upgrading an index so costs a metadata update, not a re-embedding of every team."""
    stored = vectors.records(collection, [c.chunk_id for c in chunks])
    keep = []
    for chunk in chunks:
        document, meta = stored.get(chunk.chunk_id, ("", {}))
        wanted = chunk_metadata(chunk)
        if (
            "content_hash" not in meta
            and document == chunk.text
            and all(meta.get(k) == wanted[k] for k in ("note_id", "deal_id", "rep_key"))
        ):
            keep.append(chunk)
    vectors.add_metadata(collection, [c.chunk_id for c in keep], [chunk_metadata(c) for c in keep])
    return {c.chunk_id for c in keep}


def index_teams(catalog: Catalog, vectors: VectorStore) -> list[str]:
    """Teams with notes in the catalog or a team collection (a cut-off first ingest leaves only the latter)."""
    prefix = team_collection("x")[:-1]
    from_vectors = {name[len(prefix) :] for name in vectors.collections() if name.startswith(prefix)}
    return sorted(set(catalog.teams()) | from_vectors)
