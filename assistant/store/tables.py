"""The one definition of every table, for both backends (SQLite files under COACH_HOME, or PostgreSQL).

Queries are written against these objects (SQLAlchemy Core), so the same code speaks both dialects. The schema
itself is created and changed only by the versioned migrations in `store/migrations/versions/STORE/`, and a test
checks that migrating an empty database gives exactly these tables. Three stores, three metadata objects: with
SQLite each is its own file (coach.db, keys.db, audit.db); with PostgreSQL all live in one database, each store
with its own version table.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Index, Integer, LargeBinary, MetaData, Table, Text

catalog_metadata = MetaData()
keys_metadata = MetaData()
audit_metadata = MetaData()

notes = Table(
    "notes",
    catalog_metadata,
    Column("team", Text, primary_key=True),
    Column("note_id", Text, primary_key=True),
    Column("deal_id", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("account", Text),
    Column("rep", Text),
    Column("stage", Text),
    Column("amount", Float),
    Column("close_date", Text),
    Column("date", Text),
    Column("author", Text),
    Column("source", Text, nullable=False, server_default=""),
)
Index("notes_deal", notes.c.team, notes.c.deal_id)
Index("notes_rep", notes.c.team, notes.c.rep)

chunks = Table(
    "chunks",
    catalog_metadata,
    Column("team", Text, primary_key=True),
    Column("chunk_id", Text, primary_key=True),
    Column("note_id", Text, nullable=False),
    Column("deal_id", Text, nullable=False),
    Column("rep", Text),
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
)
Index("chunks_note", chunks.c.team, chunks.c.note_id)

meta = Table(
    "meta",
    catalog_metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

deal_models = Table(
    "deal_models",
    catalog_metadata,
    Column("team", Text, primary_key=True),
    Column("deal_id", Text, primary_key=True),
    Column("key", Text, nullable=False),
    Column("model", Text, nullable=False),
)

# Deal reviews a manager held with a rep, and the commitments the rep made (in a review, or saved by the rep
# from self-coaching: private to the rep unless shared). Coaching history: followed up in the next prep.
reviews = Table(
    "reviews",
    catalog_metadata,
    Column("team", Text, primary_key=True),
    Column("review_id", Text, primary_key=True),
    Column("deal_id", Text, nullable=False),
    Column("rep", Text),
    Column("held_on", Text, nullable=False),
    Column("focus", Text, nullable=False, server_default=""),  # skill ids, comma-separated
    Column("note", Text, nullable=False, server_default=""),
    Column("recorded_by", Text, nullable=False, server_default=""),  # the key id, or "cli"
    Column("created", Text, nullable=False),
)
Index("reviews_deal", reviews.c.team, reviews.c.deal_id)

commitments = Table(
    "commitments",
    catalog_metadata,
    Column("team", Text, primary_key=True),
    Column("commitment_id", Text, primary_key=True),
    Column("deal_id", Text, nullable=False),
    Column("rep", Text),
    Column("review_id", Text),
    Column("text", Text, nullable=False),
    Column("due", Text),
    Column("made_on", Text, nullable=False),
    Column("source", Text, nullable=False),  # "review" | "self"
    Column("private", Integer, nullable=False, server_default="0"),
    Column("shared", Integer, nullable=False, server_default="0"),
    Column("created", Text, nullable=False),
)
Index("commitments_deal", commitments.c.team, commitments.c.deal_id)

keys = Table(
    "keys",
    keys_metadata,
    Column("id", Text, primary_key=True),
    Column("team", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("rep", Text),
    Column("salt", LargeBinary, nullable=False),
    Column("hash", LargeBinary, nullable=False),
    Column("created", Text, nullable=False),
    Column("revoked", Text),
)
Index("keys_team", keys.c.team)

answers = Table(
    "answers",
    audit_metadata,
    Column("id", Text, primary_key=True),
    Column("key_id", Text, nullable=False),
    Column("team", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("rep", Text),
    Column("kind", Text, nullable=False),
    Column("request", Text, nullable=False),
    Column("response", Text, nullable=False),
    Column("private", Integer, nullable=False, server_default="0"),
    Column("shared", Integer, nullable=False, server_default="0"),
    Column("created", Text, nullable=False),
)
Index("answers_team", answers.c.team, answers.c.created)

feedback = Table(
    "feedback",
    audit_metadata,
    Column("id", Text, primary_key=True),
    Column("answer_id", Text),
    Column("key_id", Text, nullable=False),
    Column("team", Text, nullable=False),
    Column("rating", Integer, nullable=False),
    Column("comment", Text, nullable=False, server_default=""),
    Column("created", Text, nullable=False),
)

METADATA = {"catalog": catalog_metadata, "keys": keys_metadata, "audit": audit_metadata}
