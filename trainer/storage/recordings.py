"""Recordings: one FLAC per attempt, written to a temporary name, synced, then renamed.

A reader (or a crash) never sees a half-written file under the final name. The database row
refers to the file by its path relative to the recordings folder.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from trainer import locations
from trainer.errors import StorageError

TMP_SUFFIX = ".tmp"


def write_flac(root: Path, relative: str, audio: Any, sample_rate: int) -> int:
    """Write ``audio`` (mono or (frames, channels); int16 or float) to ``root/relative``;
    returns its size in bytes."""
    dest = root / relative
    tmp = dest.with_name(dest.name + TMP_SUFFIX)
    samples = np.asarray(audio)
    if samples.dtype.kind == "f":
        samples = np.clip(samples, -1.0, 1.0)
    try:
        locations.private_dir(dest.parent)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, locations.PRIVATE_FILE)
        with open(fd, "wb") as fh:
            sf.write(fh, samples, sample_rate, format="FLAC", subtype="PCM_16")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
        return dest.stat().st_size
    except (OSError, sf.LibsndfileError, ValueError, TypeError) as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            f"cannot write the recording {dest}: {exc}. Check the disk has space and the "
            "folder is writable (trainer locate shows where recordings go)."
        ) from exc


def write_bytes(root: Path, relative: str, data: bytes) -> None:
    """Put a recording's bytes (kept in the database) at ``root/relative``, atomically."""
    dest = root / relative
    tmp = dest.with_name(dest.name + TMP_SUFFIX)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"cannot copy the recording to {dest}: {exc}") from exc


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove(root: Path, relative: str) -> int:
    """Delete a recording; returns the bytes freed (0 if it was already gone)."""
    path = root / relative
    try:
        size = path.stat().st_size
        path.unlink()
    except FileNotFoundError:
        return 0
    return size
