"""The catalog as it was before schema versions: notes, chunks, meta, stored deal models.

Created only where missing, so a catalog made by the unversioned code keeps its rows and gets a version.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("team", sa.Text, primary_key=True),
        sa.Column("note_id", sa.Text, primary_key=True),
        sa.Column("deal_id", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("account", sa.Text),
        sa.Column("rep", sa.Text),
        sa.Column("stage", sa.Text),
        sa.Column("amount", sa.Float),
        sa.Column("close_date", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        if_not_exists=True,
    )
    op.create_index("notes_deal", "notes", ["team", "deal_id"], if_not_exists=True)
    op.create_index("notes_rep", "notes", ["team", "rep"], if_not_exists=True)
    op.create_table(
        "chunks",
        sa.Column("team", sa.Text, primary_key=True),
        sa.Column("chunk_id", sa.Text, primary_key=True),
        sa.Column("note_id", sa.Text, nullable=False),
        sa.Column("deal_id", sa.Text, nullable=False),
        sa.Column("rep", sa.Text),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_index("chunks_note", "chunks", ["team", "note_id"], if_not_exists=True)
    op.create_table(
        "meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "deal_models",
        sa.Column("team", sa.Text, primary_key=True),
        sa.Column("deal_id", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("model", sa.Text, nullable=False),
        if_not_exists=True,
    )
