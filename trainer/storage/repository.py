"""The repository: every read and write the app, the call flow and batch scoring make.

API for the call flow (record a call and its attempts)::

    from trainer.storage import open_repository

    repo = open_repository()            # URL from locations.database_url() (TRAINER_DB / --db);
                                        # runs migrations; recordings under locations.recordings_dir()
    trainee = repo.ensure_trainee("Kim Minji")           # -> Trainee(id, name, cohort)
    call_id = repo.start_call(
        trainee.id, pack=pack,                            # core.scenario.Pack (id + version recorded)
        scenario_id="repair.leak", mode="practice",       # "practice" | "exam"
        pickup_ring=2, exam_id=None,
    )
    saved = repo.record_attempt(
        call_id, turn_id="phone.answer", step_index=0,
        transcript="您好 宇和物业 请讲", verdict=verdict,  # core.scoring.Verdict: score, passed,
                                                          # the whole verdict (core.record), scorer version and
                                                          # the standard text (verdict.matched)
        words=[{"word": "您好", "start": 0.1, "end": 0.5, "conf": 0.9}],   # Vosk result words
        timing=timing,                                    # core.scoring.Timing or None
        audio=samples, sample_rate=16000,                 # int16/float numpy array or None
    )
    # `saved` (SavedAttempt: id, recording path) is returned only after the row is committed:
    # report "saved" to the user then, never before. The FLAC is written first (tmp + rename).
    repo.end_call(call_id, total_score=86.5, passed=True)  # an ended call takes no more attempts
    repo.close()

Each ``record_attempt`` is one short transaction; on SQLite it waits for a busy database
(busy timeout plus retry) instead of failing with "database is locked". Errors reach the caller
as ``trainer.errors.StorageError`` with a message saying what to do.

Other operations: trainees (``add_trainee``, ``ensure_trainee``, ``trainee(name)``,
``list_trainees(cohort)``), supervisors (``add_supervisor(name, pin)``,
``verify_supervisor(name, pin) -> Supervisor``), exams (``create_exam``, ``exam(name)``,
``exams_for(trainee_id)``), reviews (``override(attempt_id, supervisor, score=, comment=)``
needs a ``Supervisor`` returned by ``verify_supervisor`` on the same repository: trainees
cannot change scores; ``reviews(attempt_id)``), trainees' ``acknowledge`` and ``dispute``
(``responses(call_id)``), the audit log (``audit``, ``audit_entries``), retention
(``purge(before, with_attempts=False)``, ``purge_preview``), and rows for reports and
screens (``attempt_rows``, ``call_rows`` filtered by trainee / cohort / exam / dates;
``counts``). Times are aware UTC datetimes, in and out.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, func, insert, select, update

from trainer import locations
from trainer.core.record import verdict_record
from trainer.core.scoring import Timing, Verdict
from trainer.errors import StorageError
from trainer.storage import migrate, recordings
from trainer.storage.base import new_id
from trainer.storage.database import Database, check_not_emptied
from trainer.storage.exams import ExamMixin
from trainer.storage.people import PeopleMixin
from trainer.storage.queries import QueryMixin
from trainer.storage.records import SavedAttempt
from trainer.storage.retention import RetentionMixin
from trainer.storage.review import ReviewMixin
from trainer.storage.schema import attempts, calls, recording_blobs, utcnow

MODES = ("practice", "exam")


class PackLike(Protocol):
    """A ``core.scenario.Pack``, or anything with the same id, version, title and language."""

    id: str
    version: str
    title: str
    language: str


class Repository(ExamMixin, PeopleMixin, ReviewMixin, RetentionMixin, QueryMixin):
    def __init__(self, db: Database, recordings_dir: Path, *, hasher: Any = None):
        super().__init__(db, recordings_dir, hasher=hasher)

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls and attempts ---------------------------------------------------------------

    def start_call(
        self,
        trainee_id: int,
        *,
        pack: PackLike,
        scenario_id: str,
        mode: str = "practice",
        pickup_ring: int | None = None,
        exam_id: int | None = None,
    ) -> int:
        if mode not in MODES:
            raise StorageError(f"call mode {mode!r}: use one of {', '.join(MODES)}")
        if exam_id is not None and mode != "exam":
            raise StorageError("a call that belongs to an exam must have mode 'exam'")

        def run(conn: Connection) -> int:
            pack_row = self._pack_row(conn, pack)
            values = dict(
                trainee_id=trainee_id, pack_row=pack_row, scenario_id=scenario_id, mode=mode,
                exam_id=exam_id, started_at=utcnow(), pickup_ring=pickup_ring,
            )  # fmt: skip
            return new_id(conn.execute(insert(calls).values(**values)))

        return self.db.write(run)

    def record_attempt(
        self,
        call_id: int,
        *,
        turn_id: str,
        step_index: int,
        transcript: str,
        verdict: Verdict,
        words: Sequence[dict[str, Any]] | None = None,
        timing: Timing | None = None,
        audio: Any = None,
        sample_rate: int = 16000,
        expected_text: str | None = None,
    ) -> SavedAttempt:
        """Store one scored reply; returns only once its row is committed."""
        self.db.read(lambda conn: self._open_call(conn, call_id, step_index))
        uid = uuid.uuid4().hex
        now = utcnow()
        relative = size = None
        if audio is not None:
            relative = f"{now:%Y/%m/%d}/call{call_id}-{step_index:02d}-{uid}.flac"
            size = recordings.write_flac(self.recordings_dir, relative, audio, sample_rate)
        values = dict(
            uid=uid, call_id=call_id, turn_id=turn_id, step_index=step_index,
            transcript=transcript, words=list(words) if words is not None else None,
            timings=dataclasses.asdict(timing) if timing is not None else None,
            score=float(verdict.score), passed=bool(verdict.passed),
            breakdown=verdict_record(verdict), scorer_version=verdict.scorer_version,
            expected_text=verdict.matched if expected_text is None else expected_text,
            recording_path=relative, recording_bytes=size, created_at=now,
        )  # fmt: skip

        def run(conn: Connection) -> int:
            # A retried transaction may find its own row already committed: keep that one.
            found = conn.execute(select(attempts.c.id).where(attempts.c.uid == uid)).scalar()
            if found is not None:
                return int(found)
            self._open_call(conn, call_id, step_index)
            attempt_id = new_id(conn.execute(insert(attempts).values(**values)))
            if relative is not None:  # every seat of a shared database can replay it
                data = (self.recordings_dir / relative).read_bytes()
                conn.execute(insert(recording_blobs).values(attempt_id=attempt_id, data=data))
            return attempt_id

        try:
            attempt_id = self.db.write(run)
        except BaseException:
            if relative is not None and not self._maybe_committed(uid):
                recordings.remove(self.recordings_dir, relative)
            raise
        path = self.recordings_dir / relative if relative else None
        return SavedAttempt(id=attempt_id, uid=uid, recording=path)

    def _maybe_committed(self, uid: str) -> bool:
        """After a failed write: could the row be there after all (a connection lost during
        COMMIT)? When the database cannot tell, keep the file; ``purge`` clears leftovers."""
        query = select(attempts.c.id).where(attempts.c.uid == uid)
        try:
            return self.db.read(lambda conn: conn.execute(query).first()) is not None
        except StorageError:
            return True

    def _open_call(self, conn: Connection, call_id: int, step_index: int) -> None:
        row = conn.execute(
            select(calls.c.mode, calls.c.ended_at).where(calls.c.id == call_id)
        ).first()
        if row is None:
            raise StorageError(f"there is no call {call_id}: start_call first")
        if row.ended_at is not None:
            raise StorageError(f"call {call_id} has ended; its results are locked")
        if row.mode == "exam":
            taken = conn.execute(
                select(func.count())
                .select_from(attempts)
                .where(attempts.c.call_id == call_id, attempts.c.step_index == step_index)
            ).scalar_one()
            if taken:
                raise StorageError(
                    f"step {step_index} of exam call {call_id} is already answered; exam "
                    "results are locked"
                )

    def end_call(self, call_id: int, *, total_score: float | None, passed: bool | None) -> None:
        def run(conn: Connection) -> None:
            done = conn.execute(
                update(calls)
                .where(calls.c.id == call_id, calls.c.ended_at.is_(None))
                .values(ended_at=utcnow(), total_score=total_score, passed=passed)
            )
            if done.rowcount != 1:
                raise StorageError(f"call {call_id} does not exist or has already ended")

        self.db.write(run)

    def recording_path(self, relative: str | None) -> Path | None:
        return self.recordings_dir / relative if relative else None

    def fetch_recording(self, attempt_id: int) -> Path | None:
        """The attempt's recording on this seat: the local file, else a copy of the bytes the
        database keeps (made at another seat), written under this seat's recordings folder."""
        row = self.db.read(
            lambda conn: conn.execute(
                select(attempts.c.recording_path).where(attempts.c.id == attempt_id)
            ).first()
        )
        if row is None or row.recording_path is None:
            return None
        path = self.recordings_dir / row.recording_path
        if path.is_file():
            return path
        data = self.db.read(
            lambda conn: conn.execute(
                select(recording_blobs.c.data).where(recording_blobs.c.attempt_id == attempt_id)
            ).scalar()
        )
        if data is None:
            return None
        recordings.write_bytes(self.recordings_dir, row.recording_path, bytes(data))
        return path


def open_repository(
    url: str | None = None,
    *,
    recordings_dir: Path | None = None,
    upgrade: bool = True,
    hasher: Any = None,
) -> Repository:
    """Open the trainer's database (``locations.database_url()`` unless ``url`` is given),
    bringing its schema up to date first unless ``upgrade`` is False."""
    url = url or locations.database_url()
    recordings_dir = recordings_dir or locations.recordings_dir()
    check_not_emptied(url, recordings_dir)
    db = Database(url)
    locations.make_private(recordings_dir, locations.PRIVATE_DIR)
    if upgrade:
        migrate.upgrade(db)
    return Repository(db, recordings_dir, hasher=hasher)
