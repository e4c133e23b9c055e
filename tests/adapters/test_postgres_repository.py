"""The repository suite (tests/storage_suite.py) against a real PostgreSQL server.

Skips, saying why, when there is no server (TRAINER_TEST_PG_URL unset and no local binaries)."""

from __future__ import annotations

import pytest

from tests.storage_suite import *  # noqa: F403 (the shared suite runs here against PostgreSQL)
from tests.storage_support import fresh_postgres_database


@pytest.fixture
def db_url() -> str:
    return fresh_postgres_database()


def test_the_database_is_really_postgresql(repo) -> None:  # noqa: F405
    assert repo.db.dialect == "postgresql"
    assert repo.db.read(lambda c: c.exec_driver_sql("SELECT version()").scalar()).startswith(
        "PostgreSQL"
    )
