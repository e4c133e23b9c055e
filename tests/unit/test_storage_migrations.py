"""Migrations against SQLite: from an empty database, and from the first schema with data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.storage_migrations_suite import *  # noqa: F403


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'trainer.sqlite3'}"
