"""Retention: remove recordings (and optionally attempts) older than a date."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, select, update

from trainer.errors import StorageError
from trainer.storage import recordings
from trainer.storage.base import StoreBase
from trainer.storage.records import PurgeResult, RepairResult
from trainer.storage.schema import attempts, calls, recording_blobs, responses, reviews, utcnow

SETTLE_S = 600.0  # a file younger than this may belong to a write still in progress
STALE_CALL_S = 6 * 3600.0  # a call with no attempt for this long was left by a crash


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
            conn.execute(
                delete(recording_blobs).where(
                    recording_blobs.c.attempt_id.in_(select(attempts.c.id).where(old))
                )
            )
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
        leftovers, leftover_bytes = self._sweep_leftovers(before)
        return PurgeResult(len(paths), removed, freed + leftover_bytes, leftovers)

    def _sweep_leftovers(self, before: datetime) -> tuple[int, int]:
        """Remove files under the recordings folder that no attempt refers to (a temporary
        file, or a recording whose row never committed, left by a crash) and are older than
        ``before`` and than a few minutes; then empty folders. Returns (files, bytes)."""
        root = self.recordings_dir
        if not root.is_dir():
            return 0, 0
        cutoff = min(before.timestamp(), time.time() - SETTLE_S)
        referenced = select(attempts.c.recording_path).where(attempts.c.recording_path.is_not(None))
        known = set(self.db.read(lambda conn: conn.execute(referenced).scalars().all()))
        today = f"{utcnow():%Y/%m/%d}"  # writers are making files there now: leave it
        count = size = 0
        for path in sorted(root.rglob("*"), reverse=True):  # children before their folders
            relative = path.relative_to(root).as_posix()
            if path.is_dir():
                if not today.startswith(relative) and not any(path.iterdir()):
                    path.rmdir()
                continue
            if relative in known or path.suffix not in (".flac", recordings.TMP_SUFFIX):
                continue
            if path.stat().st_mtime < cutoff:
                count += 1
                size += recordings.remove(root, relative)
        return count, size

    def repair(self, *, stale_after: float = STALE_CALL_S) -> RepairResult:
        """Sweep what a crash leaves: calls never ended (no attempt for ``stale_after``
        seconds) are ended at their last attempt, unscored; recordings no attempt refers to
        (and temporary files) older than a few minutes are removed. Audited."""
        now = utcnow()
        cutoff = now - timedelta(seconds=stale_after)
        last = (
            select(func.max(attempts.c.created_at))
            .where(attempts.c.call_id == calls.c.id)
            .scalar_subquery()
        )

        def run(conn: Connection) -> int:
            open_calls = (calls.c.ended_at.is_(None)) & (
                func.coalesce(last, calls.c.started_at) < cutoff
            )
            closed = conn.execute(
                update(calls)
                .where(open_calls)
                .values(ended_at=func.coalesce(last, calls.c.started_at))
            ).rowcount
            self._audit(conn, "system", "db.repair", "", calls_closed=closed)
            return int(closed or 0)

        closed = self.db.write(run)
        leftovers, size = self._sweep_leftovers(now)
        return RepairResult(closed, leftovers, size)

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
