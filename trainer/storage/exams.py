"""Exams as a training manager runs them (saved, edited, duplicated, closed, released, assigned
to trainees or whole cohorts), cohorts, and the supervisor sign-in with its lockout.

Every change needs a ``Supervisor`` from ``sign_in`` (or ``verify_supervisor``) and leaves an
audit entry. Several wrong PINs for one supervisor within ``LOCK_WINDOW`` lock that supervisor
for ``LOCK_FOR``; the rejections and the lock are read from (and written to) the audit log, so
every seat of a shared database sees the same lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, insert, or_, select, update

from trainer.errors import StorageError
from trainer.storage.base import StoreBase, clean_name, new_id
from trainer.storage.records import (
    AccessDenied,
    Exam,
    ExamNameTaken,
    Supervisor,
    SupervisorLocked,
    Trainee,
)
from trainer.storage.schema import (
    audit_log,
    calls,
    exam_cohorts,
    exam_scenarios,
    exam_trainees,
    exams,
    packs,
    trainees,
    utcnow,
)

MAX_WRONG_PINS = 5
LOCK_WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)


class ExamMixin(StoreBase):
    _require_supervisor: Any  # from PeopleMixin
    verify_supervisor: Any
    _trainee: Any

    # -- sign-in ----------------------------------------------------------------------------

    def sign_in(self, name: str, pin: str, *, now: datetime | None = None) -> Supervisor:
        """``verify_supervisor`` with a limit: after ``MAX_WRONG_PINS`` wrong PINs within
        ``LOCK_WINDOW`` the supervisor is locked for ``LOCK_FOR`` (``SupervisorLocked``)."""
        name = " ".join(name.split())
        now = now or utcnow()
        actor = f"supervisor:{name}"
        locked_until = self._locked_until(actor, now)
        if locked_until is not None:
            raise SupervisorLocked(max(1, round((locked_until - now).total_seconds() / 60)))
        try:
            return self.verify_supervisor(name, pin)
        except AccessDenied:
            if self._wrong_pins(actor, now) >= MAX_WRONG_PINS:
                self.db.write(
                    lambda conn: self._audit(
                        conn, actor, "pin.locked", "", minutes=int(LOCK_FOR.total_seconds() // 60)
                    )
                )
                raise SupervisorLocked(int(LOCK_FOR.total_seconds() // 60)) from None
            raise

    def _locked_until(self, actor: str, now: datetime) -> datetime | None:
        query = (
            select(func.max(audit_log.c.at))
            .where(audit_log.c.actor == actor, audit_log.c.action == "pin.locked")
            .where(audit_log.c.at > now - LOCK_FOR)
        )
        at = self.db.read(lambda conn: conn.execute(query).scalar())
        return None if at is None else at + LOCK_FOR

    def _wrong_pins(self, actor: str, now: datetime) -> int:
        """Wrong PINs since the later of the window's start and the last lock."""
        since = now - LOCK_WINDOW
        last_lock = select(func.max(audit_log.c.at)).where(
            audit_log.c.actor == actor, audit_log.c.action == "pin.locked"
        )
        query = select(func.count()).where(
            audit_log.c.actor == actor,
            audit_log.c.action == "pin.rejected",
            audit_log.c.at > since,
            or_(
                last_lock.scalar_subquery().is_(None), audit_log.c.at > last_lock.scalar_subquery()
            ),
        )
        return int(self.db.read(lambda conn: conn.execute(query).scalar_one()))

    # -- cohorts ----------------------------------------------------------------------------

    def set_cohort(self, name: str, cohort: str | None) -> Trainee:
        """Move a trainee to ``cohort`` (None or "": no cohort)."""
        name = clean_name(name, "trainee")
        group = " ".join((cohort or "").split()) or None

        def run(conn: Connection) -> Trainee:
            found = self._trainee(conn, name)
            if found is None:
                raise StorageError(
                    f"no trainee called {name!r}: add one with `trainer trainee add`"
                )
            conn.execute(update(trainees).where(trainees.c.id == found.id).values(cohort=group))
            self._audit(conn, "system", "trainee.cohort", f"trainee:{found.id}", cohort=group)
            return Trainee(found.id, found.name, group)

        return self.db.write(run)

    def cohort_names(self) -> list[str]:
        query = select(trainees.c.cohort).where(trainees.c.cohort.is_not(None)).distinct()
        return sorted(self.db.read(lambda conn: list(conn.execute(query).scalars())))

    # -- exams ------------------------------------------------------------------------------

    def save_exam(
        self,
        name: str,
        *,
        pack: Any,
        scenarios: Sequence[str],
        pass_mark: float,
        supervisor: Supervisor,
        trainee_names: Sequence[str] = (),
        cohorts: Sequence[str] = (),
        due_at: datetime | None = None,
        attempt_limit: int | None = 1,
        exam_id: int | None = None,
    ) -> Exam:
        """Create an exam, or with ``exam_id`` rewrite that one (name, scenarios in order,
        pass mark, who sits it, due date, sittings allowed). A taken name: ``ExamNameTaken``."""
        sup = self._require_supervisor(supervisor)
        name = clean_name(name, "exam")
        if not scenarios:
            raise StorageError("an exam needs at least one scenario")
        if not 0 <= pass_mark <= 100:
            raise StorageError("a pass mark is between 0 and 100")
        if attempt_limit is not None and attempt_limit < 1:
            raise StorageError("an exam allows at least one sitting")

        def run(conn: Connection) -> int:
            taken = conn.execute(select(exams.c.id).where(exams.c.name == name)).scalar()
            if taken is not None and taken != exam_id:
                raise ExamNameTaken(name)
            values = dict(name=name, pass_mark=pass_mark, due_at=due_at,
                          attempt_limit=attempt_limit)  # fmt: skip
            if exam_id is None:
                new = conn.execute(
                    insert(exams).values(
                        pack_row=self._pack_row(conn, pack),
                        created_by=sup.id,
                        created_at=utcnow(),
                        **values,
                    )  # fmt: skip
                )
                row_id, action = new_id(new), "exam.create"
            else:
                done = conn.execute(update(exams).where(exams.c.id == exam_id).values(**values))
                if done.rowcount != 1:
                    raise StorageError(f"there is no exam {exam_id}")
                row_id, action = exam_id, "exam.edit"
                for table in (exam_scenarios, exam_trainees, exam_cohorts):
                    conn.execute(delete(table).where(table.c.exam_id == row_id))
            for position, scenario in enumerate(scenarios):
                conn.execute(
                    insert(exam_scenarios).values(
                        exam_id=row_id, position=position, scenario_id=scenario
                    )
                )
            for trainee_name in dict.fromkeys(trainee_names):
                found = self._trainee(conn, clean_name(trainee_name, "trainee"))
                if found is None:
                    raise StorageError(f"no trainee called {trainee_name!r}")
                conn.execute(insert(exam_trainees).values(exam_id=row_id, trainee_id=found.id))
            for group in dict.fromkeys(" ".join(c.split()) for c in cohorts):
                if group:
                    conn.execute(insert(exam_cohorts).values(exam_id=row_id, cohort=group))
            self._audit(conn, f"supervisor:{sup.name}", action, f"exam:{row_id}", name=name)
            return row_id

        return self.exam_by_id(self.db.write(run))

    def duplicate_exam(self, exam_id: int, new_name: str, supervisor: Supervisor) -> Exam:
        """A copy of the exam (scenarios, pass mark, who sits it, sittings allowed, due date),
        open and unreleased, under ``new_name``."""
        old = self.exam_by_id(exam_id)
        pack = _PackKey(old.pack_id, old.pack_version)
        return self.save_exam(
            new_name, pack=pack, scenarios=old.scenarios, pass_mark=old.pass_mark,
            supervisor=supervisor, trainee_names=old.trainees, cohorts=old.cohorts,
            due_at=old.due_at, attempt_limit=old.attempt_limit,
        )  # fmt: skip

    def close_exam(self, exam_id: int, supervisor: Supervisor, *, closed: bool = True) -> Exam:
        """Close an exam to new sittings (or open it again with ``closed=False``)."""
        return self._stamp(exam_id, supervisor, "exam.close" if closed else "exam.reopen",
                           closed_at=utcnow() if closed else None)  # fmt: skip

    def release_exam(self, exam_id: int, supervisor: Supervisor) -> Exam:
        """Show the exam's results to the trainees who sat it."""
        sup = self._require_supervisor(supervisor)
        return self._stamp(exam_id, sup, "exam.release", released_at=utcnow(), released_by=sup.id)

    def _stamp(self, exam_id: int, supervisor: Supervisor, action: str, **values: Any) -> Exam:
        sup = self._require_supervisor(supervisor)

        def run(conn: Connection) -> None:
            done = conn.execute(update(exams).where(exams.c.id == exam_id).values(**values))
            if done.rowcount != 1:
                raise StorageError(f"there is no exam {exam_id}")
            self._audit(conn, f"supervisor:{sup.name}", action, f"exam:{exam_id}")

        self.db.write(run)
        return self.exam_by_id(exam_id)

    def create_exam(
        self,
        name: str,
        *,
        pack: Any,
        scenarios: Sequence[str],
        pass_mark: float,
        trainee_names: Sequence[str] = (),
        supervisor: Supervisor,
    ) -> Exam:
        sup = self._require_supervisor(supervisor)
        name = clean_name(name, "exam")

        def run(conn: Connection) -> int:
            if conn.execute(select(exams.c.id).where(exams.c.name == name)).first():
                raise StorageError(f"there is already an exam called {name!r}")
            exam_id = new_id(
                conn.execute(
                    insert(exams).values(
                        name=name,
                        pack_row=self._pack_row(conn, pack),
                        pass_mark=pass_mark,
                        created_by=sup.id,
                        created_at=utcnow(),
                    )  # fmt: skip
                )
            )
            for position, scenario in enumerate(scenarios):
                conn.execute(
                    insert(exam_scenarios).values(
                        exam_id=exam_id, position=position, scenario_id=scenario
                    )
                )
            for trainee_name in trainee_names:
                found = self._trainee(conn, clean_name(trainee_name, "trainee"))
                if found is None:
                    raise StorageError(f"no trainee called {trainee_name!r}")
                conn.execute(insert(exam_trainees).values(exam_id=exam_id, trainee_id=found.id))
            self._audit(conn, f"supervisor:{sup.name}", "exam.create", f"exam:{exam_id}")
            return int(exam_id)

        self.db.write(run)
        return self.exam(name)

    def exam(self, name: str) -> Exam:
        exam = self.db.read(lambda conn: self._exam(conn, name))
        if exam is None:
            raise StorageError(f"no exam called {name!r}")
        return exam

    def exam_by_id(self, exam_id: int) -> Exam:
        def run(conn: Connection) -> Exam | None:
            name = conn.execute(select(exams.c.name).where(exams.c.id == exam_id)).scalar()
            return None if name is None else self._exam(conn, name)

        exam = self.db.read(run)
        if exam is None:
            raise StorageError(f"there is no exam {exam_id}")
        return exam

    def list_exams(self) -> list[Exam]:
        def run(conn: Connection) -> list[Exam]:
            names = conn.execute(select(exams.c.name).order_by(exams.c.created_at, exams.c.id))
            return [e for n in names.scalars() if (e := self._exam(conn, n)) is not None]

        return self.db.read(run)

    def exams_for(self, trainee_id: int) -> list[Exam]:
        """Exams assigned to this trainee by name or through the trainee's cohort."""

        def run(conn: Connection) -> list[Exam]:
            cohort = conn.execute(
                select(trainees.c.cohort).where(trainees.c.id == trainee_id)
            ).scalar()
            by_name = select(exam_trainees.c.exam_id).where(
                exam_trainees.c.trainee_id == trainee_id
            )
            by_cohort = select(exam_cohorts.c.exam_id).where(exam_cohorts.c.cohort == cohort)
            assigned: ColumnElement[bool] = exams.c.id.in_(by_name)
            if cohort is not None:
                assigned = or_(assigned, exams.c.id.in_(by_cohort))
            names = conn.execute(
                select(exams.c.name).where(assigned).order_by(exams.c.due_at, exams.c.name)
            ).scalars()
            return [e for n in names if (e := self._exam(conn, n)) is not None]

        return self.db.read(run)

    def sittings(self, exam: Exam, trainee_id: int) -> int:
        """How many times the trainee has started the exam (calls of its first scenario)."""
        query = select(func.count()).where(
            calls.c.exam_id == exam.id,
            calls.c.trainee_id == trainee_id,
            calls.c.scenario_id == exam.scenarios[0],
        )
        return int(self.db.read(lambda conn: conn.execute(query).scalar_one()))

    def _exam(self, conn: Connection, name: str) -> Exam | None:
        row = conn.execute(
            select(exams, packs.c.pack_id, packs.c.version)
            .join(packs, packs.c.id == exams.c.pack_row)
            .where(exams.c.name == name)
        ).first()
        if row is None:
            return None
        scenarios = conn.execute(
            select(exam_scenarios.c.scenario_id)
            .where(exam_scenarios.c.exam_id == row.id)
            .order_by(exam_scenarios.c.position)
        ).scalars()
        names = conn.execute(
            select(trainees.c.name)
            .join(exam_trainees, exam_trainees.c.trainee_id == trainees.c.id)
            .where(exam_trainees.c.exam_id == row.id)
            .order_by(trainees.c.name)
        ).scalars()
        groups = conn.execute(
            select(exam_cohorts.c.cohort)
            .where(exam_cohorts.c.exam_id == row.id)
            .order_by(exam_cohorts.c.cohort)
        ).scalars()
        return Exam(
            row.id, row.name, row.pack_id, row.version, row.pass_mark, tuple(scenarios),
            tuple(names), tuple(groups), row.attempt_limit, row.due_at, row.released_at,
            row.closed_at,
        )  # fmt: skip


class _PackKey:
    """A pack known only by id and version (an existing exam's)."""

    title = ""
    language = ""

    def __init__(self, pack_id: str, version: str) -> None:
        self.id, self.version = pack_id, version
