"""Fixtures for the supervisor screens: a real SQLite repository in the test's TRAINER_HOME."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.tui.supervision_support import open_repo
from trainer.storage import Repository


@pytest.fixture
def repo() -> Iterator[Repository]:
    repository = open_repo()
    yield repository
    repository.close()
