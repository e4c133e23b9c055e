"""Alembic environment, driven from ``trainer.storage.migrate`` with an open connection."""

from __future__ import annotations

from alembic import context

from trainer.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
