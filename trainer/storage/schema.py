"""The database schema (SQLAlchemy Core), as the latest migration leaves it.

Times are stored as naive UTC timestamps and come back as aware UTC datetimes
(``UTCDateTime``). A stored score never changes: a supervisor's override is a row in
``reviews``, and every attempt keeps the scorer version and the exact standard text it was
judged against.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime in, stored as naive UTC, an aware UTC datetime out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give times in UTC (tzinfo=UTC)")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

trainees = Table(
    "trainees",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("cohort", String(200), nullable=True),  # revision 0002
    Column("created_at", UTCDateTime, nullable=False),
    Column("removed_at", UTCDateTime, nullable=True),  # revision 0003: off the roster
)

supervisors = Table(
    "supervisors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("secret_hash", String(400), nullable=False),  # argon2 hash of the PIN or password
    Column("created_at", UTCDateTime, nullable=False),
)

packs = Table(
    "packs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pack_id", String(200), nullable=False),
    Column("version", String(50), nullable=False),
    Column("title", String(400), nullable=False, default=""),
    Column("language", String(10), nullable=False, default=""),
    UniqueConstraint("pack_id", "version", name="uq_packs_pack_id_version"),
)

exams = Table(
    "exams",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("pack_row", Integer, ForeignKey("packs.id"), nullable=False),
    Column("pass_mark", Float, nullable=False),
    Column("created_by", Integer, ForeignKey("supervisors.id"), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    # revision 0003: sittings allowed, due date, results released to trainees, closed
    Column("attempt_limit", Integer, nullable=True),  # None: no limit
    Column("due_at", UTCDateTime, nullable=True),
    Column("released_at", UTCDateTime, nullable=True),
    Column("released_by", Integer, ForeignKey("supervisors.id"), nullable=True),
    Column("closed_at", UTCDateTime, nullable=True),
)

# Revision 0003: an exam assigned to a whole cohort (trainees who join it later included).
exam_cohorts = Table(
    "exam_cohorts",
    metadata,
    Column("exam_id", Integer, ForeignKey("exams.id"), primary_key=True),
    Column("cohort", String(200), primary_key=True),
)

exam_scenarios = Table(
    "exam_scenarios",
    metadata,
    Column("exam_id", Integer, ForeignKey("exams.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("scenario_id", String(200), nullable=False),
)

exam_trainees = Table(
    "exam_trainees",
    metadata,
    Column("exam_id", Integer, ForeignKey("exams.id"), primary_key=True),
    Column("trainee_id", Integer, ForeignKey("trainees.id"), primary_key=True),
)

calls = Table(
    "calls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("trainee_id", Integer, ForeignKey("trainees.id"), nullable=False, index=True),
    Column("pack_row", Integer, ForeignKey("packs.id"), nullable=False),
    Column("scenario_id", String(200), nullable=False),
    Column("mode", String(20), nullable=False),
    Column("exam_id", Integer, ForeignKey("exams.id"), nullable=True),
    Column("started_at", UTCDateTime, nullable=False, index=True),
    Column("ended_at", UTCDateTime, nullable=True),
    Column("total_score", Float, nullable=True),
    Column("passed", Boolean, nullable=True),
    Column("pickup_ring", Integer, nullable=True),
    CheckConstraint("mode IN ('practice', 'exam')", name="mode"),
)

attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uid", String(32), nullable=False, unique=True),  # makes a retried write idempotent
    Column("call_id", Integer, ForeignKey("calls.id"), nullable=False, index=True),
    Column("turn_id", String(200), nullable=False),
    Column("step_index", Integer, nullable=False),
    Column("transcript", Text, nullable=False),
    Column("words", JSON, nullable=True),
    Column("timings", JSON, nullable=True),
    Column("score", Float, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("breakdown", JSON, nullable=True),
    Column("scorer_version", String(50), nullable=False),
    Column("expected_text", Text, nullable=False),
    Column("recording_path", String(500), nullable=True),  # relative to the recordings folder
    Column("recording_bytes", Integer, nullable=True),
    Column("created_at", UTCDateTime, nullable=False, index=True),  # index: revision 0002
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("attempt_id", Integer, ForeignKey("attempts.id"), nullable=False, index=True),
    Column("supervisor_id", Integer, ForeignKey("supervisors.id"), nullable=False),
    Column("score", Float, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("comment", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# Revision 0002: a trainee acknowledges a result or disputes it (with a reason).
responses = Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("trainee_id", Integer, ForeignKey("trainees.id"), nullable=False),
    Column("call_id", Integer, ForeignKey("calls.id"), nullable=False, index=True),
    Column("attempt_id", Integer, ForeignKey("attempts.id"), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint("kind IN ('acknowledge', 'dispute')", name="kind"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(200), nullable=False),  # "supervisor:Lee", "trainee:Kim", "system"
    Column("action", String(100), nullable=False),
    Column("subject", String(200), nullable=False, default=""),
    Column("detail", JSON, nullable=True),
)

# Revision 0003: each recording's FLAC bytes, so every seat of a shared database can replay
# it; the file under the recordings folder is that seat's copy.
recording_blobs = Table(
    "recording_blobs",
    metadata,
    Column("attempt_id", Integer, ForeignKey("attempts.id"), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

Index("ix_calls_exam_id", calls.c.exam_id)
