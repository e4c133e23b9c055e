"""`trainer call --replies DIR`: recordings of the trainee's turns through the real Korean model.

The Vosk Korean small model does not recognise espeak-ng's Korean voice (character error
rate about 0.9-1.1 whatever the speed or pitch: see the report on issue 4), so espeak speech
checks only what does not depend on the words being understood: the timings taken from the
recogniser's word times, and silence. Real Korean speech (../shared/speech/ko-emotiontts)
checks that the right replies pass and the wrong ones fail, in a pack of those sentences.

The model is loaded once per test session (``practice.shared_model``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile
from click.testing import CliRunner

from tests.conftest import SPEECH
from trainer.audio.files import to_pcm16, write_wav
from trainer.cli import cli
from trainer.errors import ModelError

KO_SPEECH = SPEECH / "ko-emotiontts"
LEAD_IN = 0.8  # seconds of silence before the reply: the trainee's response delay


@pytest.fixture(scope="module")
def korean_model() -> Path:
    from trainer.asr.models import find_model

    try:
        return find_model("ko").path
    except ModelError as exc:
        pytest.skip(f"no Korean speech model: {exc}")


@pytest.fixture(scope="module")
def espeak() -> str:
    found = shutil.which("espeak-ng")
    if found is None:
        pytest.skip("espeak-ng is not installed (Debian package espeak-ng)")
    return found


def speak(espeak: str, text: str, folder: Path, name: str) -> float:
    """espeak-ng's Korean voice, resampled to 16 kHz, after LEAD_IN s of silence; returns the
    length of the speech itself."""
    raw = folder / f"{name}.espeak.wav"
    subprocess.run([espeak, "-v", "ko", "-w", str(raw), text], check=True)
    data, rate = soundfile.read(str(raw), dtype="float32")
    raw.unlink()
    speech = to_pcm16(data, rate)
    loud = np.flatnonzero(np.abs(speech) > 300)
    speech = speech[loud[0] : loud[-1] + 1]
    pad = np.zeros(int(LEAD_IN * 16000), dtype=np.int16)
    write_wav(folder / f"{name}.wav", np.concatenate([pad, speech, pad]))
    return len(speech) / 16000


def hush(folder: Path, name: str, seconds: float) -> None:
    """A quiet room: low noise, no speech."""
    noise = np.random.default_rng(7).normal(0, 30, int(seconds * 16000))
    write_wav(folder / f"{name}.wav", noise.astype(np.int16))


def call(pack: str, scenario: str, folder: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli,
        ["call", "--pack", pack, "--scenario", scenario, "--replies", str(folder), "--json", *args],
    )
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def test_timings_come_from_the_recognisers_word_times(
    korean_model: Path, espeak: str, tmp_path: Path
) -> None:
    from trainer.packs import load_pack

    pack = load_pack("callcentre-ko")
    scenario = pack.scenario("balance-inquiry")
    lengths = [
        speak(espeak, pack.turn(step.turn).model_answer, tmp_path, f"{i:02d}")
        for i, step in enumerate(scenario.steps, 1)
    ]
    doc = call("callcentre-ko", "balance-inquiry", tmp_path, "--mode", "exam", "--pickup-ring", "2")
    assert doc["ended"] == "completed" and len(doc["turns"]) == 4
    for turn, length in zip(doc["turns"], lengths, strict=True):
        assert turn["source"] == "asr" and turn["reply"].strip(), turn
        assert turn["audio"].endswith(f"{turn['index'] + 1:02d}.wav")
        timing = turn["timing"]
        assert LEAD_IN - 0.35 <= timing["response_delay"] <= LEAD_IN + 0.6, timing
        assert 0.5 * length <= timing["speaking_time"] <= length + 0.2, (timing, length)
        assert 0 <= timing["longest_pause"] < 1.0
    assert doc["turns"][0]["timing"]["answer_ring"] == 2
    assert doc["turns"][1]["timing"]["answer_ring"] is None


def test_a_silent_recording_brings_the_prompt_then_the_hang_up(
    korean_model: Path, espeak: str, tmp_path: Path
) -> None:
    speak(espeak, "안녕하십니까, 한빛 고객센터입니다. 무엇을 도와드릴까요?", tmp_path, "01")
    hush(tmp_path, "02", 11.0)
    hush(tmp_path, "03", 1.0)
    doc = call("callcentre-ko", "bad-line", tmp_path)
    assert doc["ended"] == "hung_up" and doc["passed"] is False
    prompt, hang_up = [line for line in doc["transcript"] if line["kind"] in ("prompt", "hang_up")]
    assert prompt["text"] == "여보세요? 안 들리세요?" and hang_up["kind"] == "hang_up"
    waited = doc["turns"][1]
    assert (
        waited["reply"] == ""
        and waited["reasons"][0] == "The caller heard nothing for 11 s and hung up."
    )
    assert doc["turns"][2]["reached"] is False


def test_a_short_silence_is_no_reply_and_the_call_goes_on(
    korean_model: Path, espeak: str, tmp_path: Path
) -> None:
    speak(espeak, "안녕하십니까, 한빛 고객센터입니다. 무엇을 도와드릴까요?", tmp_path, "01")
    hush(tmp_path, "02", 2.0)
    speak(espeak, "감사합니다. 좋은 하루 되십시오.", tmp_path, "03")
    doc = call("callcentre-ko", "bad-line", tmp_path)
    assert doc["ended"] == "completed"
    silent = doc["turns"][1]
    assert silent["passed"] is False and silent["reasons"] == ["Nothing was said."]


# -- real speech ------------------------------------------------------------------------

CLINIC_PACK = """\
id: clinic-ko
title: 피부과 상담 (real speech from ko-emotiontts)
language: ko
pass_mark: 80
turns:
  desk.greet: "안녕하세요! 밖에 비가 오네요! 우산 가지고 오셨어요?"
  desk.first: "처음이시죠? 이쪽으로 오세요. 다들 기다리고 계세요."
  desk.booking: "상담 예약 해드릴까요?"
  desk.price: "필러 가격은 칠만 원에서 십만 원까지 있습니다."
scenarios:
  - id: visit
    title: 상담 방문
    kind: desk
    steps:
      - turn: desk.greet
      - caller: 네, 조금 와요. 상담 받으러 왔어요.
        turn: desk.first
      - caller: 필러 상담을 받고 싶어요.
        turn: desk.booking
      - caller: 네. 그런데 가격이 어떻게 되나요?
        turn: desk.price
    closing: 네, 알겠습니다.
"""
CLIPS = ["pfa-pfa00023", "pfc-pfc00020", "pfm-pfm00008", "pfi-pfi00016"]  # in turn order


@pytest.fixture
def clinic(trainer_home: Path) -> list[Path]:
    clips = [KO_SPEECH / "audio" / f"{name}.flac" for name in CLIPS]
    missing = [c.name for c in clips if not c.is_file()]
    if missing:
        pytest.skip(f"real Korean speech not found in {KO_SPEECH}: {', '.join(missing)}")
    folder = trainer_home / "packs" / "clinic-ko"
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(CLINIC_PACK, encoding="utf-8")
    return clips


def lay_out(clips: list[Path], folder: Path) -> Path:
    folder.mkdir()
    for i, clip in enumerate(clips, 1):
        shutil.copy(clip, folder / f"{i:02d}.flac")
    return folder


def test_real_speech_of_the_right_replies_passes(
    korean_model: Path, clinic: list[Path], tmp_path: Path
) -> None:
    doc = call("clinic-ko", "visit", lay_out(clinic, tmp_path / "right"), "--mode", "exam")
    assert [t["passed"] for t in doc["turns"]] == [True] * 4, [t["reasons"] for t in doc["turns"]]
    assert doc["passed"] is True and doc["score"] >= 80
    assert all(0.1 < t["timing"]["response_delay"] < 1.0 for t in doc["turns"])


def test_real_speech_in_the_wrong_places_fails_with_reasons(
    korean_model: Path, clinic: list[Path], tmp_path: Path
) -> None:
    shifted = clinic[1:] + clinic[:1]  # every reply one turn early
    doc = call("clinic-ko", "visit", lay_out(shifted, tmp_path / "wrong"), "--mode", "exam")
    assert [t["passed"] for t in doc["turns"]] == [False] * 4
    for turn in doc["turns"]:
        assert turn["reasons"] and turn["score"] < 80, turn
    assert doc["passed"] is False and len(doc["practise_next"]) == 3
