"""Eight processes writing attempts at once into one PostgreSQL database (racing to migrate it
first): nothing lost, nothing doubled, no failure reaching anyone."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests.storage_support import check_writers, fresh_postgres_database, overlapped, run_writers
from trainer.storage import Database
from trainer.storage.schema import packs, trainees

PROCESSES, COUNT = 8, 25


def test_eight_writers_on_one_postgresql_database(tmp_path: Path) -> None:
    url = fresh_postgres_database()
    runs = run_writers(url, tmp_path, processes=PROCESSES, count=COUNT)
    assert check_writers(url, runs, COUNT) == PROCESSES * COUNT
    assert overlapped(runs)  # they really wrote at the same time
    span = max(r.times[-1] for r in runs) - min(r.times[0] for r in runs)
    print(f"{PROCESSES} writers x {COUNT} attempts: all stored once, written in {span:.1f} s")
    db = Database(url)
    count = lambda table: db.read(  # noqa: E731
        lambda c: c.execute(select(func.count()).select_from(table)).scalar_one()
    )
    assert (count(trainees), count(packs)) == (PROCESSES, 1)
    db.dispose()
