"""What the trainer writes holds personal data, so it is its owner's only: the database,
recordings and exports 600, their folders 700; an older install's loose modes are tightened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.test_hostile_trainees import one_call
from trainer.cli import cli
from trainer.storage import open_repository


@pytest.fixture(autouse=True)
def default_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_DB", "")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_recordings_and_exports_are_owner_only(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "new" / "home"  # nothing of it exists yet
    monkeypatch.setenv("TRAINER_HOME", str(home))
    old = os.umask(0o022)  # a usual desktop umask: the trainer does not rely on it
    try:
        runner = CliRunner()
        assert runner.invoke(cli, ["trainee", "add", "Kim"]).exit_code == 0
        recording = one_call("Kim")
        out = tmp_path / "exports" / "kim.csv"
        done = runner.invoke(cli, ["report", "--trainee", "Kim", "--out", str(out)])
        assert done.exit_code == 0, done.output
    finally:
        os.umask(old)
    assert mode(home) == 0o700
    for path in home.rglob("*"):
        want = 0o700 if path.is_dir() else 0o600
        assert mode(path) == want, (path, oct(mode(path)))
    assert recording.is_relative_to(home) and mode(recording) == 0o600
    assert mode(out) == 0o600 and mode(out.parent) == 0o700


def test_an_older_install_is_tightened_on_open(tmp_path: Path, trainer_home: Path) -> None:
    with open_repository():
        pass
    db = trainer_home / "trainer.sqlite3"
    os.chmod(db, 0o644)
    with open_repository():
        pass
    assert mode(db) == 0o600
