"""``trainer --db postgresql+psycopg://...``: the data commands in a real process against a real
PostgreSQL server (skips, saying why, when there is none)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.storage_support import fresh_postgres_database
from trainer.storage import open_repository


def trainer(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRAINER_HOME": str(home)}
    env.pop("TRAINER_DB", None)
    return subprocess.run([sys.executable, "-m", "trainer", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip


def test_db_option_reaches_postgresql(tmp_path: Path) -> None:
    url = fresh_postgres_database()
    status = trainer("--db", url, "db", "status", home=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "postgresql+psycopg://" in status.stdout and "(empty)" in status.stdout
    assert (
        "upgraded schema (empty) -> 0003"
        in trainer("--db", url, "db", "upgrade", home=tmp_path).stdout
    )
    added = trainer("--db", url, "trainee", "add", "Kim Minji", "--cohort", "A", home=tmp_path)
    assert added.returncode == 0, added.stderr
    with open_repository(url) as repo:
        assert [(t.name, t.cohort) for t in repo.list_trainees()] == [("Kim Minji", "A")]
    report = trainer("--db", url, "report", "--cohort", "A", "--out", str(tmp_path / "a.csv"),
                     home=tmp_path)  # fmt: skip
    assert report.returncode == 0, report.stderr
    assert not (tmp_path / "trainer.sqlite3").exists()  # the default database was not touched


def test_an_unreachable_server_is_one_line_saying_what_to_do(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://nobody@/trainer?host={tmp_path}"
    result = trainer("--db", url, "trainee", "list", home=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: cannot use the database") and "Check --db / TRAINER_DB" in line
