"""Eight processes writing attempts at once into one SQLite file (starting from an empty
database, so they also race to migrate it): nothing lost, nothing doubled, no
"database is locked" reaching anyone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.storage_support import check_writers, overlapped, run_writers

PROCESSES, COUNT = 8, 25


def test_eight_writers_on_one_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    url = f"sqlite:///{path}"
    runs = run_writers(url, tmp_path, processes=PROCESSES, count=COUNT)
    assert check_writers(url, runs, COUNT) == PROCESSES * COUNT
    assert overlapped(runs)  # they really wrote at the same time
    span = max(r.times[-1] for r in runs) - min(r.times[0] for r in runs)
    print(f"{PROCESSES} writers x {COUNT} attempts: all stored once, written in {span:.1f} s")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM trainees").fetchone()[0] == PROCESSES
    assert conn.execute("SELECT count(*) FROM packs").fetchone()[0] == 1
