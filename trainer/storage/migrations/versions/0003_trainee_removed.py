"""A removed trainee whose attempts are kept: off the roster, still in the history.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("trainees", sa.Column("removed_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("trainees") as batch:
        batch.drop_column("removed_at")
