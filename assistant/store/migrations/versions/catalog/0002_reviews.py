"""Coaching over time: deal reviews and the rep's commitments (from a review, or saved by the rep)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("team", sa.Text, primary_key=True),
        sa.Column("review_id", sa.Text, primary_key=True),
        sa.Column("deal_id", sa.Text, nullable=False),
        sa.Column("rep", sa.Text),
        sa.Column("held_on", sa.Text, nullable=False),
        sa.Column("focus", sa.Text, nullable=False, server_default=""),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("recorded_by", sa.Text, nullable=False, server_default=""),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_index("reviews_deal", "reviews", ["team", "deal_id"])
    op.create_table(
        "commitments",
        sa.Column("team", sa.Text, primary_key=True),
        sa.Column("commitment_id", sa.Text, primary_key=True),
        sa.Column("deal_id", sa.Text, nullable=False),
        sa.Column("rep", sa.Text),
        sa.Column("review_id", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("due", sa.Text),
        sa.Column("made_on", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("private", sa.Integer, nullable=False, server_default="0"),
        sa.Column("shared", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_index("commitments_deal", "commitments", ["team", "deal_id"])
