"""Read-only queries for reports and ``trainer db status``: plain rows, effective scores."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, func, select

from trainer.storage.base import StoreBase
from trainer.storage.schema import attempts, calls, exams, packs, reviews, trainees

ALL = "*"  # cohort filter meaning every trainee


def _latest_review(column: Any) -> Any:
    return (
        select(column)
        .where(reviews.c.attempt_id == attempts.c.id)
        .order_by(reviews.c.created_at.desc(), reviews.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _filtered(
    query: Select[Any],
    trainee: str | None,
    cohort: str | None,
    exam: str | None,
    since: datetime | None,
    until: datetime | None,
) -> Select[Any]:
    if trainee is not None:
        query = query.where(trainees.c.name == trainee)
    if cohort is not None and cohort != ALL:
        query = query.where(trainees.c.cohort == cohort)
    if exam is not None:
        query = query.where(exams.c.name == exam)
    if since is not None:
        query = query.where(calls.c.started_at >= since)
    if until is not None:
        query = query.where(calls.c.started_at < until)
    return query


class QueryMixin(StoreBase):
    def attempt_rows(
        self,
        *,
        trainee: str | None = None,
        cohort: str | None = None,
        exam: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """One row per attempt, oldest first. ``score``/``passed`` are effective (the latest
        supervisor override if any); ``scored``/``scored_passed`` are what the scorer said."""
        review_score = _latest_review(reviews.c.score)
        review_passed = _latest_review(reviews.c.passed)
        query = (
            select(
                attempts.c.id.label("attempt_id"),
                calls.c.id.label("call_id"),
                trainees.c.name.label("trainee"),
                trainees.c.cohort,
                calls.c.started_at,
                attempts.c.created_at,
                packs.c.pack_id.label("pack"),
                packs.c.version.label("pack_version"),
                calls.c.scenario_id.label("scenario"),
                calls.c.mode,
                exams.c.name.label("exam"),
                calls.c.exam_id,
                exams.c.released_at.label("released_at"),
                packs.c.language,
                attempts.c.timings,
                attempts.c.step_index.label("step"),
                attempts.c.turn_id.label("turn"),
                func.coalesce(review_score, attempts.c.score).label("score"),
                func.coalesce(review_passed, attempts.c.passed).label("passed"),
                attempts.c.score.label("scored"),
                attempts.c.passed.label("scored_passed"),
                (review_score.is_not(None)).label("overridden"),
                attempts.c.scorer_version,
                attempts.c.expected_text.label("expected"),
                attempts.c.transcript,
                attempts.c.recording_path.label("recording"),
            )
            .join(calls, calls.c.id == attempts.c.call_id)
            .join(trainees, trainees.c.id == calls.c.trainee_id)
            .join(packs, packs.c.id == calls.c.pack_row)
            .outerjoin(exams, exams.c.id == calls.c.exam_id)
            .order_by(attempts.c.created_at, attempts.c.id)
        )
        query = _filtered(query, trainee, cohort, exam, since, until)
        rows = self.db.read(lambda conn: conn.execute(query).all())
        return [_clean(dict(r._mapping)) for r in rows]

    def call_rows(
        self,
        *,
        trainee: str | None = None,
        cohort: str | None = None,
        exam: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """One row per call, oldest first."""
        n_attempts = (
            select(func.count())
            .where(attempts.c.call_id == calls.c.id)
            .correlate(calls)
            .scalar_subquery()
        )
        query = (
            select(
                calls.c.id.label("call_id"),
                trainees.c.name.label("trainee"),
                trainees.c.cohort,
                calls.c.started_at,
                calls.c.ended_at,
                packs.c.pack_id.label("pack"),
                calls.c.scenario_id.label("scenario"),
                calls.c.mode,
                exams.c.name.label("exam"),
                calls.c.exam_id,
                exams.c.released_at.label("released_at"),
                calls.c.total_score,
                calls.c.passed,
                calls.c.pickup_ring,
                n_attempts.label("attempts"),
            )
            .join(trainees, trainees.c.id == calls.c.trainee_id)
            .join(packs, packs.c.id == calls.c.pack_row)
            .outerjoin(exams, exams.c.id == calls.c.exam_id)
            .order_by(calls.c.started_at, calls.c.id)
        )
        query = _filtered(query, trainee, cohort, exam, since, until)
        rows = self.db.read(lambda conn: conn.execute(query).all())
        return [_clean(dict(r._mapping)) for r in rows]

    def counts(self) -> dict[str, int]:
        def run(conn: Connection) -> dict[str, int]:
            out = {}
            for table in (trainees, calls, attempts, reviews):
                out[table.name] = conn.execute(select(func.count()).select_from(table)).scalar_one()
            out["recordings"] = conn.execute(
                select(func.count()).where(attempts.c.recording_path.is_not(None))
            ).scalar_one()
            out["recording_bytes"] = int(
                conn.execute(
                    select(func.coalesce(func.sum(attempts.c.recording_bytes), 0))
                ).scalar_one()
            )
            return out

        return self.db.read(run)


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("passed", "scored_passed", "overridden"):
        if key in row and row[key] is not None:
            row[key] = bool(row[key])
    return row
