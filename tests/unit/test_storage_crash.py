"""Crash safety: a writer killed with SIGKILL at random points loses nothing it reported saved.

Each run starts ``tests/storage_writer.py`` on the same SQLite file and kills it either after a
random number of "saved" lines plus a random few milliseconds (mid-write: FLAC half written,
transaction open, commit in flight), or at a random moment from start-up (imports,
migration of the fresh database). Afterwards every attempt any run reported saved must be
in the database with its recording, and ``PRAGMA integrity_check`` must say ok.

The seed is printed on failure; ``TRAINER_CRASH_SEED=N`` replays a run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import soundfile as sf

from tests.storage_support import parse_saved, start_writer
from trainer.storage import open_repository

RUNS = 24


def _kill_at_random(proc, rng: random.Random) -> str:
    """Kill ``proc`` at a random point; returns everything it printed."""
    lines: list[str] = []
    if rng.random() < 0.25:
        time.sleep(rng.uniform(0.0, 3.0))  # anywhere in start-up or the first writes
    else:
        wanted = rng.randint(1, 12)
        assert proc.stdout is not None
        while sum(line.startswith("saved ") for line in lines) < wanted:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
        time.sleep(rng.uniform(0.0, 0.03))
    os.kill(proc.pid, signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    return "".join(lines) + out


def test_sigkill_at_random_points_loses_nothing_reported_saved(tmp_path: Path) -> None:
    seed = int(os.environ.get("TRAINER_CRASH_SEED", random.randrange(1_000_000)))
    rng = random.Random(seed)
    path = tmp_path / "crash.sqlite3"
    url = f"sqlite:///{path}"
    recordings = tmp_path / "recordings"
    reported: dict[str, tuple[int, str]] = {}
    killed = 0
    for run in range(RUNS):
        proc = start_writer(url, recordings, trainee=f"run{run % 4}", count=0, home=tmp_path)
        out = _kill_at_random(proc, rng)
        killed += proc.returncode == -signal.SIGKILL
        for attempt_id, uid, recording in parse_saved(out):
            reported[uid] = (attempt_id, recording)
    assert killed == RUNS, f"seed {seed}: only {killed} of {RUNS} writers were killed"
    assert len(reported) > RUNS, f"seed {seed}: too few attempts were written to prove anything"

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"seed {seed}"
    stored = {
        uid: (attempt_id, rel)
        for attempt_id, uid, rel in conn.execute("SELECT id, uid, recording_path FROM attempts")
    }
    conn.close()
    for uid, (attempt_id, recording) in reported.items():
        assert uid in stored, f"seed {seed}: attempt {attempt_id} was reported saved but is gone"
        assert stored[uid][0] == attempt_id and stored[uid][1] is not None
        assert recordings / stored[uid][1] == Path(recording)
        samples, rate = sf.read(recording, dtype="int16")  # the file is whole and readable
        assert rate == 16000 and len(samples) > 0, f"seed {seed}: {recording}"

    with open_repository(url, recordings_dir=recordings) as repo:  # still opens, still writes
        assert repo.counts()["attempts"] == len(stored)
        repo.ensure_trainee("after the crashes")
    print(f"writer: seed {seed}, {killed} runs killed, {len(reported)} reported attempts stored")
