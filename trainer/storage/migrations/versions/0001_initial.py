"""The first schema: trainees, supervisors, packs, exams, calls, attempts, reviews, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def upgrade() -> None:
    op.create_table(
        "trainees",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("name", name="uq_trainees_name"),
    )
    op.create_table(
        "supervisors",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("secret_hash", sa.String(400), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("name", name="uq_supervisors_name"),
    )
    op.create_table(
        "packs",
        _id(),
        sa.Column("pack_id", sa.String(200), nullable=False),
        sa.Column("version", sa.String(50), nullable=False),
        sa.Column("title", sa.String(400), nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.UniqueConstraint("pack_id", "version", name="uq_packs_pack_id_version"),
    )
    op.create_table(
        "exams",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("pack_row", sa.Integer, nullable=False),
        sa.Column("pass_mark", sa.Float, nullable=False),
        sa.Column("created_by", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("name", name="uq_exams_name"),
        sa.ForeignKeyConstraint(["pack_row"], ["packs.id"], name="fk_exams_pack_row_packs"),
        sa.ForeignKeyConstraint(
            ["created_by"], ["supervisors.id"], name="fk_exams_created_by_supervisors"
        ),
    )
    op.create_table(
        "exam_scenarios",
        sa.Column("exam_id", sa.Integer, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("scenario_id", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name="fk_exam_scenarios_exam_id_exams"),
    )
    op.create_table(
        "exam_trainees",
        sa.Column("exam_id", sa.Integer, primary_key=True),
        sa.Column("trainee_id", sa.Integer, primary_key=True),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name="fk_exam_trainees_exam_id_exams"),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["trainees.id"], name="fk_exam_trainees_trainee_id_trainees"
        ),
    )
    op.create_table(
        "calls",
        _id(),
        sa.Column("trainee_id", sa.Integer, nullable=False),
        sa.Column("pack_row", sa.Integer, nullable=False),
        sa.Column("scenario_id", sa.String(200), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("exam_id", sa.Integer, nullable=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("ended_at", sa.DateTime, nullable=True),
        sa.Column("total_score", sa.Float, nullable=True),
        sa.Column("passed", sa.Boolean, nullable=True),
        sa.Column("pickup_ring", sa.Integer, nullable=True),
        sa.CheckConstraint("mode IN ('practice', 'exam')", name="ck_calls_mode"),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["trainees.id"], name="fk_calls_trainee_id_trainees"
        ),
        sa.ForeignKeyConstraint(["pack_row"], ["packs.id"], name="fk_calls_pack_row_packs"),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name="fk_calls_exam_id_exams"),
    )
    op.create_index("ix_calls_trainee_id", "calls", ["trainee_id"])
    op.create_index("ix_calls_started_at", "calls", ["started_at"])
    op.create_index("ix_calls_exam_id", "calls", ["exam_id"])
    op.create_table(
        "attempts",
        _id(),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("call_id", sa.Integer, nullable=False),
        sa.Column("turn_id", sa.String(200), nullable=False),
        sa.Column("step_index", sa.Integer, nullable=False),
        sa.Column("transcript", sa.Text, nullable=False),
        sa.Column("words", sa.JSON, nullable=True),
        sa.Column("timings", sa.JSON, nullable=True),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("breakdown", sa.JSON, nullable=True),
        sa.Column("scorer_version", sa.String(50), nullable=False),
        sa.Column("expected_text", sa.Text, nullable=False),
        sa.Column("recording_path", sa.String(500), nullable=True),
        sa.Column("recording_bytes", sa.Integer, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("uid", name="uq_attempts_uid"),
        sa.ForeignKeyConstraint(["call_id"], ["calls.id"], name="fk_attempts_call_id_calls"),
    )
    op.create_index("ix_attempts_call_id", "attempts", ["call_id"])
    op.create_table(
        "reviews",
        _id(),
        sa.Column("attempt_id", sa.Integer, nullable=False),
        sa.Column("supervisor_id", sa.Integer, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempts.id"], name="fk_reviews_attempt_id_attempts"
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"], ["supervisors.id"], name="fk_reviews_supervisor_id_supervisors"
        ),
    )
    op.create_index("ix_reviews_attempt_id", "reviews", ["attempt_id"])
    op.create_table(
        "audit_log",
        _id(),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("detail", sa.JSON, nullable=True),
    )


def downgrade() -> None:
    for table in (
        "audit_log",
        "reviews",
        "attempts",
        "calls",
        "exam_trainees",
        "exam_scenarios",
        "exams",
        "packs",
        "supervisors",
        "trainees",
    ):
        op.drop_table(table)
