"""Alembic's entry point for the stores' migrations: always run from `store.schema.upgrade` on its connection.

The connection comes in an open transaction (and, on PostgreSQL, holding the migration lock), so every step of an
upgrade commits together or not at all, on SQLite too (its DDL is transactional).
"""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise SystemExit("the coach stores migrate themselves when opened (assistant.store.schema): no alembic CLI run")

context.configure(
    connection=connection,
    version_table=config.attributes["version_table"],
    transactional_ddl=True,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
