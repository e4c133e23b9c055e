"""Exams with sittings, a due date, release and closing; exams assigned to cohorts; recordings
kept in the database so every seat of a shared training room can replay them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exams") as batch:
        batch.add_column(sa.Column("attempt_limit", sa.Integer, nullable=True))
        batch.add_column(sa.Column("due_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("released_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("released_by", sa.Integer, nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime, nullable=True))
        batch.create_foreign_key(
            "fk_exams_released_by_supervisors", "supervisors", ["released_by"], ["id"]
        )
    op.create_table(
        "exam_cohorts",
        sa.Column("exam_id", sa.Integer, nullable=False),
        sa.Column("cohort", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("exam_id", "cohort", name="pk_exam_cohorts"),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name="fk_exam_cohorts_exam_id_exams"),
    )
    op.create_table(
        "recording_blobs",
        sa.Column("attempt_id", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("attempt_id", name="pk_recording_blobs"),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempts.id"], name="fk_recording_blobs_attempt_id_attempts"
        ),
    )


def downgrade() -> None:
    op.drop_table("recording_blobs")
    op.drop_table("exam_cohorts")
    with op.batch_alter_table("exams") as batch:
        batch.drop_constraint("fk_exams_released_by_supervisors", type_="foreignkey")
        for name in ("closed_at", "released_by", "released_at", "due_at", "attempt_limit"):
            batch.drop_column(name)
