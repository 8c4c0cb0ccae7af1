"""The key store as it was before schema versions (salted hashes of API keys); created only where missing."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "keys",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("team", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("rep", sa.Text),
        sa.Column("salt", sa.LargeBinary, nullable=False),
        sa.Column("hash", sa.LargeBinary, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("revoked", sa.Text),
        if_not_exists=True,
    )
    op.create_index("keys_team", "keys", ["team"], if_not_exists=True)
