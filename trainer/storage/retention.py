"""Retention: remove recordings (and optionally attempts) older than a date."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, func, select, update

from trainer.errors import StorageError
from trainer.storage import recordings
from trainer.storage.base import StoreBase
from trainer.storage.records import PurgeResult
from trainer.storage.schema import attempts, responses, reviews


class RetentionMixin(StoreBase):
    def purge(self, before: datetime, *, with_attempts: bool = False) -> PurgeResult:
        """Forget recordings of attempts made before ``before`` (UTC), and with
        ``with_attempts`` the attempts themselves with their reviews, in one transaction.
        Files are deleted once it has committed, so the database never points at a file
        that is gone."""
        if before.tzinfo is None:
            raise StorageError("give the purge date in UTC (an aware datetime)")
        old = attempts.c.created_at < before

        def run(conn: Connection) -> tuple[list[str], int]:
            paths = list(
                conn.execute(
                    select(attempts.c.recording_path).where(
                        old, attempts.c.recording_path.is_not(None)
                    )
                ).scalars()
            )
            removed = 0
            if with_attempts:
                doomed = select(attempts.c.id).where(old)
                removed = conn.execute(
                    select(func.count()).select_from(attempts).where(old)
                ).scalar_one()
                conn.execute(delete(reviews).where(reviews.c.attempt_id.in_(doomed)))
                conn.execute(
                    update(responses)
                    .where(responses.c.attempt_id.in_(doomed))
                    .values(attempt_id=None)
                )
                conn.execute(delete(attempts).where(old))
            else:
                conn.execute(
                    update(attempts)
                    .where(old, attempts.c.recording_path.is_not(None))
                    .values(recording_path=None, recording_bytes=None)
                )
            self._audit(
                conn, "system", "purge", "", before=before.isoformat(),
                recordings=len(paths), attempts=removed,
            )  # fmt: skip
            return paths, removed

        paths, removed = self.db.write(run)
        freed = sum(recordings.remove(self.recordings_dir, p) for p in paths)
        return PurgeResult(recordings=len(paths), attempts=removed, bytes_freed=freed)

    def purge_preview(self, before: datetime, *, with_attempts: bool = False) -> PurgeResult:
        """What ``purge`` would remove, without removing anything (sizes as recorded)."""
        old = attempts.c.created_at < before

        def run(conn: Connection) -> PurgeResult:
            has_file = attempts.c.recording_path.is_not(None)
            files, size = conn.execute(
                select(func.count(), func.coalesce(func.sum(attempts.c.recording_bytes), 0)).where(
                    old, has_file
                )
            ).one()
            rows = 0
            if with_attempts:
                rows = conn.execute(
                    select(func.count()).select_from(attempts).where(old)
                ).scalar_one()
            return PurgeResult(recordings=files, attempts=rows, bytes_freed=int(size))

        return self.db.read(run)
