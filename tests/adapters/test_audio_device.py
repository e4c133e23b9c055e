"""A real audio device: PulseAudio null sinks stand in for the sound card (see .ci/pulse.sh).
What is played into the `mic` sink is what the microphone hears; what the trainer plays lands
on the `speaker` sink, whose monitor a test records."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soxr

from tests.adapters.conftest import pa_env
from trainer.audio.files import read_audio
from trainer.audio.player import SoundDevicePlayer
from trainer.audio.recorder import MicrophoneLost, SoundDeviceRecorder, level_db, list_devices
from trainer.errors import AudioError

RAW = ["--format=s16le", "--rate=16000", "--channels=1", "--raw", "--latency-msec=500"]


def _best_match(got: np.ndarray, want: np.ndarray) -> float:
    """Correlation of ``want`` with the stretch of ``got`` it lines up with best."""
    got, want = got.astype(np.float64), want.astype(np.float64)
    assert len(got) >= len(want), f"captured {len(got)} samples, expected at least {len(want)}"
    n = 1 << int(np.ceil(np.log2(len(got) + len(want))))
    lags = np.fft.irfft(np.fft.rfft(got, n) * np.conj(np.fft.rfft(want, n)), n)
    k = int(np.argmax(lags[: len(got) - len(want) + 1]))
    return float(np.corrcoef(got[k : k + len(want)], want)[0, 1])


@pytest.fixture(scope="module")
def speech(zh_corpus: Path) -> np.ndarray:
    """Real speech, band-limited to 6 kHz: the speaker sink runs at 44.1 kHz, and the
    anti-alias filters of the 16 -> 44.1 -> 16 kHz round trip would otherwise shave the
    sibilants near 8 kHz off (correlation ~0.99 for that reason alone)."""
    samples = read_audio(zh_corpus / "audio" / "zh.wav").samples
    return soxr.resample(soxr.resample(samples, 16000, 12000), 12000, 16000)


def test_the_recorder_hears_what_is_played_into_the_microphone(
    pulse: str, speech: np.ndarray
) -> None:
    with SoundDeviceRecorder() as mic:
        time.sleep(0.2)
        feed = subprocess.run(
            ["pacat", "--playback", "--device=mic", *RAW],
            input=speech.tobytes(),
            env=pa_env(pulse),
            timeout=30,
        )
        assert feed.returncode == 0
        loud = []
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            mic.read(timeout=0.1)
            loud.append(mic.level)
        got = np.frombuffer(mic.stop(), dtype=np.int16)
    assert _best_match(got, speech) > 0.99
    assert len(got) >= len(speech)


def test_the_input_level_tells_speech_from_silence(pulse: str, speech: np.ndarray) -> None:
    assert level_db(np.zeros(800, np.int16).tobytes()) == -90.0
    assert level_db(speech[16000:16800].tobytes()) > -40.0
    with SoundDeviceRecorder() as mic:
        quiet = [level_db(mic.read()) for _ in range(5)]
    assert max(quiet) < -60.0  # the silence feed on the mic sink


@contextmanager
def _speaker_capture(server: str, tmp_path: Path) -> Iterator[list[np.ndarray]]:
    """Records the speaker's monitor into a file (a pipe would fill up and stall parec)."""
    out = tmp_path / "speaker.raw"
    got: list[np.ndarray] = []
    with (
        out.open("wb") as f,
        subprocess.Popen(
            ["parec", "--device=speaker.monitor", *RAW], stdout=f, env=pa_env(server)
        ) as cap,
    ):
        time.sleep(0.3)
        try:
            yield got
        finally:
            time.sleep(0.3)
            cap.terminate()
    got.append(np.frombuffer(out.read_bytes(), dtype=np.int16))


def test_playback_reaches_the_speaker(pulse: str, speech: np.ndarray, tmp_path: Path) -> None:
    with _speaker_capture(pulse, tmp_path) as captured:
        SoundDevicePlayer().play(speech, wait=True)
    assert _best_match(captured[0], speech) > 0.99


def test_playback_stops_on_demand(pulse: str, speech: np.ndarray, tmp_path: Path) -> None:
    player = SoundDevicePlayer()
    with _speaker_capture(pulse, tmp_path) as captured:
        player.play(speech)
        time.sleep(1.0)
        assert player.playing
        player.stop()
        assert not player.playing
        time.sleep(1.0)
    got = captured[0]
    tail = got[-8000:].astype(np.float64)  # the last half second, well after the stop
    assert np.sqrt(np.mean(tail**2)) < 30
    assert np.abs(got).max() > 1000  # and something was played before it


def test_devices_are_listed(pulse: str) -> None:
    devices = list_devices()
    assert any(d.default_input and d.inputs for d in devices)
    assert any(d.default_output and d.outputs for d in devices)


def test_a_microphone_that_does_not_exist_is_named_in_the_error(pulse: str) -> None:
    with pytest.raises(AudioError, match="no-such-mic.*trainer audio devices"):
        SoundDeviceRecorder("no-such-mic").start()


class _DyingStream:
    """A PortAudio stream whose device goes away after a few blocks."""

    def __init__(self, *, callback: Any, blocksize: int, **_: Any) -> None:
        self.callback, self.blocksize, self.active = callback, blocksize, False

    def start(self) -> None:
        self.active = True

        def run() -> None:
            for i in range(4):
                self.callback(
                    np.full((self.blocksize, 1), i + 1, np.int16), self.blocksize, None, None
                )
            self.active = False  # unplugged: no more callbacks

        threading.Thread(target=run, daemon=True).start()

    def abort(self) -> None: ...

    def close(self) -> None: ...


class _Backend:
    RawInputStream = _DyingStream
    PortAudioError = OSError


def test_a_microphone_that_vanishes_mid_reply_keeps_what_was_recorded() -> None:
    mic = SoundDeviceRecorder(block_seconds=0.05, stall_seconds=0.3, backend=_Backend())
    mic.start()
    chunks = []
    with pytest.raises(MicrophoneLost, match=r"stopped sending sound.*kept the 0\.2 s") as lost:
        while True:
            chunks.append(mic.read())
    assert lost.value.recorded == b"".join(chunks)
    assert len(lost.value.recorded) == 4 * 800 * 2


def test_trainer_audio_devices_marks_the_defaults(pulse: str) -> None:
    from click.testing import CliRunner

    from trainer.cli import cli

    r = CliRunner().invoke(cli, ["audio", "devices"])
    assert r.exit_code == 0, r.output
    marked = [line for line in r.stdout.splitlines() if line.startswith("><")]
    assert len(marked) == 1 and "default" in marked[0]
