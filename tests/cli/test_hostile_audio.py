"""`trainer transcribe` and `score-audio` over a batch of hostile files, through the real
command (a subprocess, so the C libraries' own stderr is seen too) and the real Korean model:
every bad file gets one error line naming what is wrong with it, the good files are still
scored, nothing hangs, no traceback or library chatter, exit 1. A transcript depends on the
audio alone: the same file anywhere in a batch, with one or two workers, reads the same."""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from tests.conftest import ROOT, SPEECH

CORPUS = SPEECH / "ko-emotiontts"
LIMIT = 600  # seconds: a generous bound on a loaded two-core machine, not a benchmark


def clips(n: int) -> list[tuple[Path, str]]:
    if not (CORPUS / "transcripts.tsv").is_file():
        pytest.skip(f"Korean speech corpus absent: {CORPUS}")
    rows = (CORPUS / "transcripts.tsv").read_text(encoding="utf-8").splitlines()[1 : n + 1]
    return [(CORPUS / r.split("\t")[0], r.split("\t")[1]) for r in rows]


def trainer(
    *args: object, home: Path, fsize: int | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    env = {**os.environ, "TRAINER_HOME": str(home)}
    env.pop("TRAINER_DB", None)

    def limit() -> None:  # a disk that fills: writes past ``fsize`` bytes fail
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-m", "trainer", *map(os.fsencode, map(str, args))],
        cwd=cwd, env=env, capture_output=True, timeout=LIMIT, preexec_fn=limit,
    )  # fmt: skip


def hostile_files(folder: Path, good: Path) -> dict[str, Path]:
    """Bad recordings, each with the words its error line must carry."""
    folder.mkdir(exist_ok=True)
    data, rate = soundfile.read(good, dtype="float32")
    made: dict[str, Path] = {}

    def put(name: str, content: bytes) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path

    wav = folder / "source.wav"
    soundfile.write(wav, data, rate)
    raw = wav.read_bytes()
    wav.unlink()
    one_hz = bytearray(raw)
    one_hz[24:28], one_hz[28:32] = struct.pack("<I", 1), struct.pack("<I", 2)
    made["sample rate of 1 Hz"] = put("one-hz.wav", bytes(one_hz))
    made["promises"] = put("header-only.wav", raw[:44])
    made["truncated"] = put("cut.wav", raw[: len(raw) // 2])
    for fmt, sub in (("ogg", "VORBIS"), ("mp3", "MPEG_LAYER_III")):
        whole = folder / f"whole.{fmt}"
        soundfile.write(whole, data, rate, format=fmt.upper(), subtype=sub)
        body = whole.read_bytes()
        whole.unlink()
        made[f"truncated-{fmt}"] = put(f"cut.{fmt}", body[: len(body) // 2])
    nan = data.copy()
    nan[1000:2000] = np.nan
    soundfile.write(folder / "nan.wav", nan, rate, subtype="FLOAT")
    made["not numbers"] = folder / "nan.wav"
    os.mkfifo(folder / "pipe.wav")
    made["FIFO"] = folder / "pipe.wav"
    made["device"] = Path("/dev/zero")
    made["empty"] = put("empty.flac", b"")
    return made


def test_a_hostile_batch_scores_the_good_files_and_names_every_bad_one(
    tmp_path: Path, trainer_home: Path
) -> None:
    (good, text), (other, other_text) = clips(2)
    bad = hostile_files(tmp_path / "bad", good)
    odd = tmp_path / os.fsdecode(b"caf\xe9-\xff.flac")  # not UTF-8: still a recording
    shutil.copy(good, odd)
    formula = Path('=HYPERLINK("http:x","y").flac')  # relative: the cell starts with "="
    shutil.copy(good, tmp_path / formula)
    table = tmp_path / "scores.csv"
    files = [good, *bad.values(), odd, formula, other]
    started = time.monotonic()
    r = trainer("score-audio", "--lang", "ko", "--expected", text, *files, "--csv", table,
                home=trainer_home, cwd=tmp_path)  # fmt: skip
    assert time.monotonic() - started < LIMIT
    stderr = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 1, stderr
    assert "Traceback" not in stderr and "Warning" not in stderr and "warn" not in stderr
    with table.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(files)
    by_name = {row["audio"]: row for row in rows}
    for words, path in bad.items():
        row = by_name[str(path)]
        assert row["error"] and not row["score"], row
        expected = words.split("-")[0]
        assert expected in row["error"], (words, row["error"])
    for path in (good, other):
        assert not by_name[str(path)]["error"] and by_name[str(path)]["score"]
    assert float(by_name[str(good)]["score"]) > 50
    odd_row = by_name[os.fsencode(odd).decode("utf-8", "backslashreplace")]
    assert odd_row["text"] == by_name[str(good)]["text"] and "\\xe9" in odd_row["audio"]
    assert by_name["'" + str(formula)]["text"] == by_name[str(good)]["text"]  # text, not a formula
    assert f"{len(bad)} file(s) could not be read" in stderr
    assert oct(table.stat().st_mode & 0o777) == "0o600"
    assert not list(tmp_path.glob(".scores.csv.*"))  # no temporary left


def test_the_same_file_reads_the_same_anywhere_in_a_batch(
    tmp_path: Path, trainer_home: Path
) -> None:
    chosen = clips(4)
    same = chosen[0][0]
    files = []
    for i, (other, _) in enumerate(chosen[1:]):
        copy = tmp_path / f"copy{i}.flac"
        shutil.copy(same, copy)
        files += [copy, other]
    texts: dict[int, list[str]] = {}
    for workers in (1, 2):
        r = trainer("transcribe", "--lang", "ko", "--jsonl", "--workers", workers, *files,
                    home=trainer_home)  # fmt: skip
        assert r.returncode == 0, r.stderr
        out = [json.loads(line) for line in r.stdout.decode().splitlines()]
        found = {o["audio"]: o["text"] for o in out}
        texts[workers] = [found[str(f)] for f in files]
        copies = {found[str(tmp_path / f"copy{i}.flac")] for i in range(3)}
        assert len(copies) == 1, copies
    assert texts[1] == texts[2]


def test_a_disk_that_fills_loses_no_score(tmp_path: Path, trainer_home: Path) -> None:
    (good, text), (other, _) = clips(2)
    table = tmp_path / "scores.csv"
    r = trainer("score-audio", "--lang", "ko", "--expected", text, good, other, "--csv", table,
                home=trainer_home, fsize=300)  # fmt: skip
    stderr = r.stderr.decode()
    assert r.returncode == 1
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot write" in errors[0], stderr
    rows = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [row["audio"] for row in rows] == [str(good), str(other)]  # every score, once
    assert all("score" in row for row in rows)
    assert not table.exists() and not list(tmp_path.glob(".scores.csv.*"))
