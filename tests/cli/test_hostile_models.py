"""`trainer model install` with hostile names and sources: nothing outside the models folder
is ever written or removed, symbolic links are refused, and a zip bomb is refused before it
is unpacked. Each refusal is one line on stderr and exit 2."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest

from tests.cli.test_speech_cli import CN, leftovers, model_folder, model_zip, models_dir, run

__all__ = ["model_folder", "model_zip"]  # fixtures


def refused(result: object, *phrases: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == 2, (result.output, result.exception)  # type: ignore[attr-defined]
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    for phrase in phrases:
        assert phrase in stderr, stderr


@pytest.mark.parametrize(
    "name", ["../recordings", "../../x", "/tmp/abs", ".", "..", ".hidden", "a/b", ""]
)
def test_a_name_that_is_not_a_plain_folder_name_is_refused(
    name: str, model_zip: Path, trainer_home: Path
) -> None:
    recordings = trainer_home / "recordings" / "2026" / "take.flac"
    recordings.parent.mkdir(parents=True)
    recordings.write_bytes(b"fLaC precious")
    r = run("model", "install", "--from", model_zip, "--name", name, "--force")
    refused(r, "not a plain folder name")
    assert recordings.read_bytes() == b"fLaC precious"  # --force removed nothing
    assert leftovers(trainer_home) == []  # no staging folder left
    assert not (trainer_home.parent / "x").exists()


def test_force_never_replaces_a_folder_that_is_not_a_model(
    model_zip: Path, trainer_home: Path
) -> None:
    keep = models_dir(trainer_home) / "notes"
    keep.mkdir(parents=True)
    (keep / "mine.txt").write_text("keep me")
    r = run("model", "install", "--from", model_zip, "--name", "notes", "--lang", "zh", "--force")
    refused(r, "is not a speech model")
    assert (keep / "mine.txt").read_text() == "keep me"
    assert leftovers(trainer_home) == ["notes"]


def test_symbolic_links_in_a_source_folder_are_refused(
    model_folder: Path, tmp_path: Path, trainer_home: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("another user's file")
    (model_folder / "conf" / "extra.conf").symlink_to(secret)
    r = run("model", "install", "--from", model_folder)
    refused(r, "symbolic link")
    assert leftovers(trainer_home) == []


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path, trainer_home: Path) -> None:
    bomb = tmp_path / f"{CN}.zip"
    block = b"\0" * (1 << 20)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open(f"{CN}/am/final.mdl", "w", force_zip64=True) as out:
            for _ in range(300):
                out.write(block)
        zf.writestr(f"{CN}/conf/model.conf", "x")
        zf.writestr(f"{CN}/graph/HCLr.fst", "x")
    assert bomb.stat().st_size < 1_000_000
    started = time.monotonic()
    r = run("model", "install", "--from", bomb)
    refused(r, "unpacks to 315 MB")
    assert time.monotonic() - started < 30
    assert leftovers(trainer_home) == []


def test_too_many_files_are_refused(tmp_path: Path, trainer_home: Path, monkeypatch) -> None:
    from trainer.asr import models

    monkeypatch.setattr(models, "MAX_FILES", 50)
    many = tmp_path / f"{CN}.zip"
    with zipfile.ZipFile(many, "w") as zf:
        for i in range(60):
            zf.writestr(f"{CN}/graph/{i}.fst", "x")
    refused(run("model", "install", "--from", many), "more than 50 files")
    assert leftovers(trainer_home) == []


def test_a_fifo_as_source_is_refused_without_hanging(tmp_path: Path, trainer_home: Path) -> None:
    fifo = tmp_path / "model.zip"
    os.mkfifo(fifo)
    refused(run("model", "install", "--from", fifo), "not a zip file or a folder")
