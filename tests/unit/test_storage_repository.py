"""The repository suite (tests/storage_suite.py) against SQLite, plus SQLite's own promises:
WAL mode, and a busy database that waits instead of failing."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.storage_suite import *  # noqa: F403 (the shared suite runs here against SQLite)
from tests.storage_suite import _attempt, _call
from trainer.errors import StorageError
from trainer.storage import Database, Repository, open_repository


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'trainer.sqlite3'}"


def test_the_default_database_is_sqlite_in_wal_mode_under_trainer_home(trainer_home: Path) -> None:
    with open_repository() as repo:
        repo.ensure_trainee("Kim Minji")
        assert repo.db.is_sqlite
        assert repo.recordings_dir == trainer_home / "recordings"
    conn = sqlite3.connect(trainer_home / "trainer.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("SELECT name FROM trainees").fetchall() == [("Kim Minji",)]


def _hold_write_lock(path: Path, seconds: float, locked: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    locked.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def test_a_busy_database_is_waited_for(repo: Repository, tmp_path: Path) -> None:
    call_id = _call(repo)
    locked = threading.Event()
    holder = threading.Thread(
        target=_hold_write_lock, args=(tmp_path / "trainer.sqlite3", 1.0, locked)
    )
    holder.start()
    locked.wait()
    started = time.monotonic()
    saved = _attempt(repo, call_id)
    holder.join()
    assert time.monotonic() - started >= 0.9  # it waited for the lock, then wrote
    assert [r["attempt_id"] for r in repo.attempt_rows()] == [saved.id]


def test_a_database_locked_for_too_long_says_what_to_do(db_url: str, tmp_path: Path) -> None:
    repo = Repository(Database(db_url, busy_timeout=0.05, retry_for=0.3), tmp_path / "rec")
    from trainer.storage import migrate

    migrate.upgrade(repo.db)
    call_id = _call(repo)
    locked = threading.Event()
    holder = threading.Thread(
        target=_hold_write_lock, args=(tmp_path / "trainer.sqlite3", 1.5, locked)
    )
    holder.start()
    locked.wait()
    with pytest.raises(StorageError, match="stayed busy .* Close other trainers"):
        _attempt(repo, call_id)
    holder.join()
    assert not list((tmp_path / "rec").rglob("*.flac"))  # the refused attempt left no file
