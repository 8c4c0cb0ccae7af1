"""The audit trail as it was before schema versions (answers given, feedback on them); created only where missing."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answers",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("key_id", sa.Text, nullable=False),
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("rep", sa.Text),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("request", sa.Text, nullable=False),
        sa.Column("response", sa.Text, nullable=False),
        sa.Column("private", sa.Integer, nullable=False, server_default="0"),
        sa.Column("shared", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created", sa.Text, nullable=False),
        if_not_exists=True,
    )
    op.create_index("answers_team", "answers", ["team", "created"], if_not_exists=True)
    op.create_table(
        "feedback",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("answer_id", sa.Text),
        sa.Column("key_id", sa.Text, nullable=False),
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.Column("created", sa.Text, nullable=False),
        if_not_exists=True,
    )
