"""Reading recordings: any format libsndfile reads, any rate and channel count, to 16 kHz mono."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from tests.conftest import SPEECH
from trainer.audio.files import TARGET_RATE, read_audio
from trainer.errors import AudioError


def _tone(freq: float, rate: int, seconds: float = 1.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _peak_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return float(np.argmax(spectrum) * TARGET_RATE / len(samples))


@pytest.mark.parametrize(
    ("rate", "fmt", "subtype"),
    [
        (8000, "WAV", "PCM_16"),  # telephone recordings
        (48000, "WAV", "PCM_24"),
        (44100, "FLAC", "PCM_16"),
        (22050, "OGG", "VORBIS"),
        (44100, "MP3", "MPEG_LAYER_III"),
    ],
)
def test_any_rate_and_format_becomes_16k_mono(
    tmp_path: Path, rate: int, fmt: str, subtype: str
) -> None:
    path = tmp_path / f"tone.{fmt.lower()}"
    soundfile.write(str(path), _tone(440.0, rate, 2.0), rate, format=fmt, subtype=subtype)
    rec = read_audio(path)
    assert rec.samples.dtype == np.int16 and rec.samples.ndim == 1
    assert rec.source_rate == rate
    assert rec.duration == pytest.approx(2.0, abs=0.06)  # MP3 pads a frame or two
    assert _peak_hz(rec.samples) == pytest.approx(440.0, abs=2.0)
    rms = np.sqrt(np.mean(rec.samples.astype(np.float64) ** 2)) / 32767
    assert rms == pytest.approx(0.5 / np.sqrt(2), rel=0.05)


def test_stereo_is_mixed_down_to_mono(tmp_path: Path) -> None:
    left, right = _tone(300.0, 16000), _tone(1200.0, 16000)
    path = tmp_path / "stereo.wav"
    soundfile.write(str(path), np.stack([left, right], axis=1), 16000)
    rec = read_audio(path)
    assert rec.source_channels == 2
    expected = ((left + right) / 2 * 32767).round()
    assert np.abs(rec.samples.astype(np.float64) - expected).max() <= 2


def test_a_48k_recording_of_real_speech(tmp_path: Path) -> None:
    path = SPEECH / "zh-misc" / "audio" / "nst2-ID001-48k.wav"
    if not path.is_file():
        pytest.skip(f"speech clips absent: {path}")
    rec = read_audio(path)
    info = soundfile.info(str(path))
    assert (rec.source_rate, info.samplerate) == (48000, 48000)
    assert rec.duration == pytest.approx(info.duration, abs=0.001)
    original, _ = soundfile.read(str(path), dtype="float32")
    before = np.sqrt(np.mean(original.astype(np.float64) ** 2))
    after = np.sqrt(np.mean((rec.samples / 32767.0) ** 2))
    assert after == pytest.approx(before, rel=0.05)  # speech sits well below 8 kHz


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"this is not audio at all", "not a readable recording"),
        (b"", "is empty"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "not a readable recording"),  # cut-off header
    ],
)
def test_an_unreadable_file_says_why(tmp_path: Path, content: bytes, why: str) -> None:
    path = tmp_path / "reply.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=why) as err:
        read_audio(path)
    assert str(path) in str(err.value)


def test_a_missing_file_and_a_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="no such file"):
        read_audio(tmp_path / "gone.wav")
    with pytest.raises(AudioError, match="is a folder"):
        read_audio(tmp_path)


def test_chunks_cover_the_recording_exactly(tmp_path: Path) -> None:
    path = tmp_path / "t.wav"
    soundfile.write(str(path), _tone(500.0, 16000, 1.03), 16000)
    rec = read_audio(path)
    chunks = rec.chunks(0.25)
    assert b"".join(chunks) == rec.pcm
    assert [len(c) for c in chunks[:-1]] == [8000] * (len(chunks) - 1)
