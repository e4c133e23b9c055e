"""Database start-up and crash leftovers: an emptied database is reported, not recreated over
kept recordings; a read-only database can still be read; `trainer db repair` and `purge` sweep
what a crash leaves. One clear line each, the right exit code."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import update

from tests.cli.test_hostile_trainees import one_call
from tests.storage_support import FakePack
from trainer.cli import cli
from trainer.storage import open_repository
from trainer.storage.database import _is_transient
from trainer.storage.schema import calls, utcnow


@pytest.fixture(autouse=True)
def default_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_DB", "")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_an_emptied_database_beside_recordings_is_reported(trainer_home: Path) -> None:
    recording = one_call("Kim")
    db = trainer_home / "trainer.sqlite3"
    db.write_bytes(b"")  # truncated by a crash or a bad copy
    for name in (db.name + "-wal", db.name + "-shm"):
        (trainer_home / name).unlink(missing_ok=True)
    r = run("trainee", "list")
    assert r.exit_code == 2
    assert len(r.stderr.strip().splitlines()) == 1
    assert "is empty (0 bytes) while recordings are kept" in r.stderr
    assert db.stat().st_size == 0 and recording.exists()  # nothing recreated, nothing lost


def test_an_empty_database_without_recordings_is_a_new_one(trainer_home: Path) -> None:
    (trainer_home / "trainer.sqlite3").write_bytes(b"")
    assert run("trainee", "add", "Kim").exit_code == 0


def test_a_read_only_database_can_still_be_read(trainer_home: Path, monkeypatch) -> None:
    assert run("trainee", "add", "Kim").exit_code == 0
    db = trainer_home / "trainer.sqlite3"
    with sqlite3.connect(db) as conn:  # the journal mode of a file never opened for writing
        conn.execute("PRAGMA journal_mode = DELETE")
    monkeypatch.setenv("TRAINER_DB", f"sqlite:///file:{db}?mode=ro&uri=true")
    r = run("trainee", "list")
    assert r.exit_code == 0, r.output
    assert r.output == "Kim\t\n"


def _leftovers(root: Path, when: float | None = None) -> list[Path]:
    """A recording whose row never committed and a temporary file (an hour old)."""
    folder = root / "2020" / "01" / "01"
    folder.mkdir(parents=True, exist_ok=True)
    made = [folder / "orphan.flac", folder / "half.flac.tmp"]
    when = time.time() - 3600 if when is None else when
    for path in made:
        path.write_bytes(b"fLaC" + b"\0" * 1000)
        os.utime(path, (when, when))
    return made


def test_db_repair_closes_calls_left_open_and_sweeps_orphans(trainer_home: Path) -> None:
    kept = one_call("Kim")
    with open_repository() as repo:
        person = repo.trainee("Kim")
        stale = repo.start_call(person.id, pack=FakePack(), scenario_id="s", mode="practice")
        fresh = repo.start_call(person.id, pack=FakePack(), scenario_id="s", mode="practice")
        day_ago = utcnow() - timedelta(days=1)
        repo.db.write(
            lambda c: c.execute(update(calls).where(calls.c.id == stale).values(started_at=day_ago))
        )
    orphans = _leftovers(trainer_home / "recordings")
    r = run("db", "repair")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("closed 1 call(s) left open by a crash; removed 2 leftover file(s)")
    assert kept.exists() and not any(p.exists() for p in orphans)
    with open_repository() as repo:
        rows = repo.db.read(lambda c: c.execute(calls.select()).all())
        ended = {row.id: row.ended_at for row in rows}
        assert ended[stale] is not None and ended[fresh] is None  # a call in progress stays
        assert repo.audit_entries(1)[0]["action"] == "db.repair"


def test_purge_sweeps_leftovers_even_when_nothing_is_old_enough(trainer_home: Path) -> None:
    kept = one_call("Kim")
    orphans = _leftovers(trainer_home / "recordings", when=946_684_800.0)  # 2000-01-01
    r = run("purge", "--before", "2001-01-01", "--yes")
    assert r.exit_code == 0, r.output
    assert "nothing recorded before 2001-01-01" in r.output and "cleared 2 leftover" in r.output
    assert kept.exists() and not any(p.exists() for p in orphans)


def test_postgresql_starting_up_is_retried() -> None:
    class Orig(Exception):
        sqlstate = "57P03"

    class Wrapped(Exception):
        orig = Orig("FATAL:  the database system is starting up")

    assert _is_transient(Wrapped())  # type: ignore[arg-type]
