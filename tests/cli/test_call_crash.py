"""Crash safety of ``trainer call --replies DIR --trainee NAME``: killed with SIGKILL at random
points (at least 20 runs, one SQLite file), every attempt the command reported (its
PASS/FAIL line is printed only after the attempt's row is committed) is in the database with
its recording, and ``PRAGMA integrity_check`` says ok.

Needs the Korean Vosk model and real Korean speech (../shared/speech/ko-emotiontts); skips,
saying why, without them. ``TRAINER_CRASH_SEED=N`` replays a run.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import soundfile as sf

from tests.conftest import ROOT, SPEECH
from trainer.errors import ModelError

RUNS = 20
CLIPS = ["pfa-pfa00023", "pfc-pfc00020", "pfm-pfm00008", "pfi-pfi00016"]  # any 4 sentences
ATTEMPT_LINE = re.compile(r"^\s+(PASS|FAIL)\s+\d+\.\d\s+(\S+)")


@pytest.fixture
def replies(tmp_path: Path) -> Path:
    from trainer.asr.models import find_model

    try:
        find_model("ko")
    except ModelError as exc:
        pytest.skip(f"no Korean speech model: {exc}")
    clips = [SPEECH / "ko-emotiontts" / "audio" / f"{name}.flac" for name in CLIPS]
    if not all(c.is_file() for c in clips):
        pytest.skip(f"real Korean speech not found in {SPEECH / 'ko-emotiontts'}")
    folder = tmp_path / "replies"
    folder.mkdir()
    for i, clip in enumerate(clips, 1):
        shutil.copy(clip, folder / f"{i:02d}.flac")
    return folder


def _call(folder: Path, db: Path, home: Path, trainee: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TRAINER_HOME": str(home), "PYTHONUNBUFFERED": "1",
           "TRAINER_DB": f"sqlite:///{db}"}  # fmt: skip
    cmd = [sys.executable, "-m", "trainer", "call", "--pack", "callcentre-ko",
           "--scenario", "balance-inquiry", "--replies", str(folder), "--trainee", trainee]  # fmt: skip
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip


def _reported(lines: list[str]) -> list[str]:
    """Turn ids of the attempts the command reported, in order (whole lines only)."""
    return [m.group(2) for line in lines if line.endswith("\n") and (m := ATTEMPT_LINE.match(line))]


def _kill_at_random(proc: subprocess.Popen[str], rng: random.Random) -> list[str]:
    """Kill during start-up (model load, migration) one time in four; otherwise somewhere in
    the reply after the k-th reported attempt (decoding ~1 s, scoring, FLAC, commit)."""
    assert proc.stdout is not None
    lines: list[str] = []
    wanted = 0 if rng.random() < 0.25 else rng.randint(1, 3)
    while len(_reported(lines)) < wanted and (line := proc.stdout.readline()):
        lines.append(line)
    time.sleep(rng.uniform(0.0, 4.0) if wanted == 0 else rng.uniform(0.0, 1.2))
    os.kill(proc.pid, signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    return lines + out.splitlines(keepends=True)


def test_trainer_call_killed_at_random_points_loses_no_reported_attempt(
    replies: Path, tmp_path: Path
) -> None:
    seed = int(os.environ.get("TRAINER_CRASH_SEED", random.randrange(1_000_000)))
    rng = random.Random(seed)
    db, home = tmp_path / "crash.sqlite3", tmp_path / "home"
    reported: dict[str, list[str]] = {}
    killed = finished = 0
    while killed < RUNS and finished < RUNS:  # a call may end before its kill: not counted
        trainee = f"run{killed + finished}"
        proc = _call(replies, db, home, trainee)
        reported[trainee] = _reported(_kill_at_random(proc, rng))
        killed += proc.returncode == -signal.SIGKILL
        finished += proc.returncode != -signal.SIGKILL
    total = sum(map(len, reported.values()))
    assert killed == RUNS, f"seed {seed}: only {killed} calls were killed"
    assert total >= RUNS // 2, f"seed {seed}: too few attempts reported to prove anything"

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"seed {seed}"
    for trainee, turns in reported.items():
        stored = conn.execute(
            "SELECT a.turn_id, a.recording_path FROM attempts a JOIN calls c ON c.id = a.call_id"
            " JOIN trainees t ON t.id = c.trainee_id WHERE t.name = ? ORDER BY a.id",
            (trainee,),
        ).fetchall()
        assert [turn for turn, _ in stored[: len(turns)]] == turns, f"seed {seed}, {trainee}"
        for _, recording in stored[: len(turns)]:
            assert recording is not None, f"seed {seed}, {trainee}: no recording"
            samples, rate = sf.read(home / "recordings" / recording, dtype="int16")
            assert rate == 16000 and len(samples) > 16000, f"seed {seed}: {recording}"
    conn.close()
    print(f"trainer call: seed {seed}, {killed} calls killed ({finished} ended first), "
          f"{total} reported attempts all stored")  # fmt: skip
