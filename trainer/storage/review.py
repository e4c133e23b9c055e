"""Supervisors' overrides, trainees' acknowledgements and disputes, and the audit log.

A stored score never changes. An override is a new ``reviews`` row written by a verified
supervisor; the latest one is the attempt's effective score.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select

from trainer.errors import StorageError
from trainer.storage.base import StoreBase, new_id
from trainer.storage.records import Review, Supervisor
from trainer.storage.schema import (
    attempts,
    audit_log,
    calls,
    exams,
    responses,
    reviews,
    supervisors,
    utcnow,
)

DEFAULT_PASS_MARK = 80.0


class ReviewMixin(StoreBase):
    _require_supervisor: Any  # from PeopleMixin

    def override(
        self,
        attempt_id: int,
        supervisor: Supervisor,
        *,
        score: float,
        comment: str,
        passed: bool | None = None,
        pass_mark: float | None = None,
    ) -> Review:
        """Set an attempt's effective score. Needs a ``Supervisor`` from ``verify_supervisor``
        and a comment; ``passed`` defaults to score >= the exam's pass mark, outside exams
        ``pass_mark`` (the pack's), else 80."""
        sup = self._require_supervisor(supervisor)
        if not 0 <= score <= 100:
            raise StorageError("an override score must be between 0 and 100")
        comment = comment.strip()
        if not comment:
            raise StorageError("an override needs a comment saying why")

        def run(conn: Connection) -> Review:
            row = conn.execute(
                select(attempts.c.id, attempts.c.score, exams.c.pass_mark)
                .join(calls, calls.c.id == attempts.c.call_id)
                .outerjoin(exams, exams.c.id == calls.c.exam_id)
                .where(attempts.c.id == attempt_id)
            ).first()
            if row is None:
                raise StorageError(f"there is no attempt {attempt_id}")
            mark = row.pass_mark if row.pass_mark is not None else pass_mark
            mark = DEFAULT_PASS_MARK if mark is None else mark
            verdict = score >= mark if passed is None else passed
            now = utcnow()
            review_id = new_id(
                conn.execute(
                    insert(reviews).values(
                        attempt_id=attempt_id,
                        supervisor_id=sup.id,
                        score=score,
                        passed=verdict,
                        comment=comment,
                        created_at=now,
                    )  # fmt: skip
                )
            )
            self._audit(
                conn, f"supervisor:{sup.name}", "score.override", f"attempt:{attempt_id}",
                old=row.score, new=score, comment=comment, pass_mark=mark,
            )  # fmt: skip
            return Review(int(review_id), attempt_id, sup.name, score, verdict, comment, now)

        return self.db.write(run)

    def reviews(self, attempt_id: int) -> list[Review]:
        query = (
            select(reviews, supervisors.c.name)
            .join(supervisors, supervisors.c.id == reviews.c.supervisor_id)
            .where(reviews.c.attempt_id == attempt_id)
            .order_by(reviews.c.created_at, reviews.c.id)
        )
        rows = self.db.read(lambda conn: conn.execute(query).all())
        return [
            Review(r.id, r.attempt_id, r.name, r.score, r.passed, r.comment, r.created_at)
            for r in rows
        ]

    def acknowledge(self, trainee_id: int, call_id: int, attempt_id: int | None = None) -> int:
        return self._respond(trainee_id, call_id, attempt_id, "acknowledge", "")

    def dispute(
        self, trainee_id: int, call_id: int, reason: str, attempt_id: int | None = None
    ) -> int:
        if not reason.strip():
            raise StorageError("a dispute needs a reason")
        return self._respond(trainee_id, call_id, attempt_id, "dispute", reason.strip())

    def _respond(
        self, trainee_id: int, call_id: int, attempt_id: int | None, kind: str, reason: str
    ) -> int:
        def run(conn: Connection) -> int:
            owner = conn.execute(select(calls.c.trainee_id).where(calls.c.id == call_id)).scalar()
            if owner != trainee_id:
                raise StorageError(f"call {call_id} is not this trainee's call")
            response_id = new_id(
                conn.execute(
                    insert(responses).values(
                        trainee_id=trainee_id,
                        call_id=call_id,
                        attempt_id=attempt_id,
                        kind=kind,
                        reason=reason,
                        created_at=utcnow(),
                    )  # fmt: skip
                )
            )
            self._audit(conn, f"trainee:{trainee_id}", f"result.{kind}", f"call:{call_id}")
            return int(response_id)

        return self.db.write(run)

    def responses(self, call_id: int) -> list[dict[str, Any]]:
        query = select(responses).where(responses.c.call_id == call_id).order_by(responses.c.id)
        return [dict(r._mapping) for r in self.db.read(lambda conn: conn.execute(query).all())]

    def audit(self, actor: str, action: str, subject: str = "", **detail: Any) -> None:
        self.db.write(lambda conn: self._audit(conn, actor, action, subject, **detail))

    def audit_entries(self, limit: int = 100) -> list[dict[str, Any]]:
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        return [dict(r._mapping) for r in self.db.read(lambda conn: conn.execute(query).all())]
