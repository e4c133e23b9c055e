"""Cohorts, trainees' acknowledgements and disputes, and an index for date-range reports.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("trainees", sa.Column("cohort", sa.String(200), nullable=True))
    op.create_table(
        "responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trainee_id", sa.Integer, nullable=False),
        sa.Column("call_id", sa.Integer, nullable=False),
        sa.Column("attempt_id", sa.Integer, nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("kind IN ('acknowledge', 'dispute')", name="ck_responses_kind"),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["trainees.id"], name="fk_responses_trainee_id_trainees"
        ),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], name="fk_responses_call_id_calls"),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempts.id"], name="fk_responses_attempt_id_attempts"
        ),
    )
    op.create_index("ix_responses_call_id", "responses", ["call_id"])
    op.create_index("ix_attempts_created_at", "attempts", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_attempts_created_at", table_name="attempts")
    op.drop_index("ix_responses_call_id", table_name="responses")
    op.drop_table("responses")
    with op.batch_alter_table("trainees") as batch:
        batch.drop_column("cohort")
