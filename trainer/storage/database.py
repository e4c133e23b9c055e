"""One database connection pool, and transactions that survive a busy database.

SQLite (the default) runs in WAL mode with ``synchronous=FULL``: a committed transaction is on
disk before ``commit`` returns, and readers never block the writer. Writes open with
``BEGIN IMMEDIATE`` so two writers queue on the busy timeout instead of deadlocking, and a
write that still meets "database is locked" is retried (whole transaction) until a deadline.
PostgreSQL (``postgresql+psycopg://...``) retries serialization failures and deadlocks the
same way. What is left reaches the caller as a ``StorageError`` that says what to do.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from trainer import locations
from trainer.errors import StorageError

T = TypeVar("T")

BUSY_TIMEOUT_S = 30.0  # how long SQLite itself waits for a lock
RETRY_DEADLINE_S = 120.0  # how long a write keeps retrying before giving up
_RETRY_SQLSTATES = {"40001", "40P01", "57P03"}  # serialization failure, deadlock, starting up


def _is_transient(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    if "database is locked" in text or "database table is locked" in text or "busy" in text:
        return True
    if "the database system is starting up" in text:  # PostgreSQL after a restart
        return True
    return getattr(exc.orig, "sqlstate", None) in _RETRY_SQLSTATES


def redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


class Database:
    def __init__(
        self, url: str, *, busy_timeout: float = BUSY_TIMEOUT_S, retry_for: float = RETRY_DEADLINE_S
    ):
        self.url = url
        self.retry_for = retry_for
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StorageError(
                f"{url!r} is not a database URL: use sqlite:///PATH or "
                "postgresql+psycopg://USER:PASSWORD@HOST/DBNAME"
            ) from exc
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {}
        if self.dialect == "sqlite":
            uri = str(parsed.query.get("uri", "")).lower() == "true"  # file:...?mode=ro
            if parsed.database and parsed.database != ":memory:" and not uri:
                _private_file(Path(parsed.database).expanduser())
            kwargs["connect_args"] = {"timeout": busy_timeout}
        elif self.dialect == "postgresql":
            if parsed.get_driver_name() != "psycopg":
                parsed = parsed.set(drivername="postgresql+psycopg")
            kwargs["pool_pre_ping"] = True
        else:
            raise StorageError(
                f"unsupported database {redact(url)}: use sqlite:///PATH or postgresql+psycopg://..."
            )
        try:
            self.engine: Engine = create_engine(parsed, **kwargs)
        except Exception as exc:  # a missing driver, a bad option in the URL
            raise StorageError(f"cannot use database {redact(url)}: {exc}") from exc
        if self.dialect == "sqlite":
            _configure_sqlite(self.engine, busy_timeout)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn = conn.execution_options(trainer_write=write)
            with conn.begin():
                yield conn

    def read(self, work: Callable[[Connection], T]) -> T:
        return self._run(work, write=False)

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction, committed when this returns."""
        return self._run(work, write=True)

    def _run(self, work: Callable[[Connection], T], *, write: bool) -> T:
        deadline = time.monotonic() + self.retry_for
        delay = 0.01
        while True:
            try:
                with self._transaction(write) as conn:
                    return work(conn)
            except DBAPIError as exc:
                if _is_transient(exc) and time.monotonic() < deadline:
                    time.sleep(delay * (1 + random.random()))
                    delay = min(delay * 2, 0.5)
                    continue
                raise self._explain(exc) from exc

    def _explain(self, exc: DBAPIError) -> StorageError:
        where = redact(self.url)
        reason = (str(exc.orig).strip().splitlines() or ["unknown error"])[0].rstrip(".")
        if _is_transient(exc):
            return StorageError(
                f"the database {where} stayed busy for {self.retry_for:.0f} s; another "
                "program is holding it. Close other trainers using it and try again."
            )
        if isinstance(exc, OperationalError):
            return StorageError(
                f"cannot use the database {where} ({reason}). Check --db / "
                "TRAINER_DB, that the server is running, and that the folder is writable."
            )
        return StorageError(f"database error on {where}: {reason}")


def check_not_emptied(url: str, recordings_dir: Path) -> None:
    """A SQLite file of 0 bytes beside recordings is a database that was lost (truncated by a
    crash or a copy), not a new one: say so rather than start an empty one over it."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return
    path = Path(parsed.database).expanduser()
    try:
        if not path.is_file() or path.stat().st_size > 0:
            return
        kept = next(recordings_dir.rglob("*.flac"), None) if recordings_dir.is_dir() else None
    except OSError:
        return
    if kept is not None:
        raise StorageError(
            f"the database {path} is empty (0 bytes) while recordings are kept in "
            f"{recordings_dir}: it was probably cut short by a crash or a copy. Restore it from "
            "a backup; to start a new one instead, move the empty file aside."
        )


def _private_file(path: Path) -> None:
    """The SQLite file, owner-only (its -wal and -shm files take its mode): created so when
    new, tightened when an older install left it readable by others."""
    locations.private_dir(path.parent)
    if path.exists():
        locations.make_private(path, locations.PRIVATE_FILE)
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, locations.PRIVATE_FILE))
    except FileExistsError:
        pass
    except OSError as exc:
        raise StorageError(
            f"cannot create the database {path}: {exc.strerror or exc}. Check that the "
            "folder is writable, or choose another with --db / TRAINER_DB."
        ) from None


def _configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        # a read-only home refuses the switch: reading still works in the file's own mode
        with contextlib.suppress(sqlite3.OperationalError):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("trainer_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
