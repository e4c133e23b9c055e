"""Migrations against a real PostgreSQL server (skips, saying why, when there is none)."""

from __future__ import annotations

import pytest

from tests.storage_migrations_suite import *  # noqa: F403
from tests.storage_support import fresh_postgres_database


@pytest.fixture
def db_url() -> str:
    return fresh_postgres_database()
