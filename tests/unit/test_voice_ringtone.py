"""The ring tone is made in code: two tones at 440 and 480 Hz, in the pack's cadence."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from trainer.core.scenario import RingRule
from trainer.voice.ringtone import SAMPLE_RATE, ring_tone, ring_tone_file


def _peaks(audio: np.ndarray, sr: int, count: int) -> list[float]:
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(len(audio))))
    freqs = np.fft.rfftfreq(len(audio), 1 / sr)
    found: list[float] = []
    for i in np.argsort(spectrum)[::-1]:
        if all(abs(freqs[i] - f) > 10 for f in found):
            found.append(float(freqs[i]))
        if len(found) == count:
            break
    return sorted(found)


def _on_off(audio: np.ndarray, sr: int) -> list[tuple[bool, float]]:
    """Runs of sound/silence, in 10 ms frames: [(sounding, seconds), ...]."""
    frame = sr // 100
    rms = np.sqrt(np.mean(audio[: len(audio) // frame * frame].reshape(-1, frame) ** 2, axis=1))
    loud = rms > 0.05 * rms.max()
    runs: list[tuple[bool, float]] = []
    for state in loud:
        if runs and runs[-1][0] == state:
            runs[-1] = (state, runs[-1][1] + 0.01)
        else:
            runs.append((bool(state), 0.01))
    return runs


def test_the_two_strongest_frequencies_are_440_and_480_hz() -> None:
    audio = ring_tone(RingRule(ring_seconds=1.0, gap_seconds=2.0))
    ring = audio[:SAMPLE_RATE]  # the sounding part
    low, high = _peaks(ring, SAMPLE_RATE, 2)
    assert low == pytest.approx(440, abs=3)
    assert high == pytest.approx(480, abs=3)


@pytest.mark.parametrize(("ring", "gap", "rings"), [(1.0, 2.0, 3), (0.4, 0.2, 2), (2.0, 4.0, 1)])
def test_cadence_follows_the_pack_rule(ring: float, gap: float, rings: int) -> None:
    audio = ring_tone(RingRule(ring_seconds=ring, gap_seconds=gap), rings=rings)
    assert len(audio) / SAMPLE_RATE == pytest.approx(rings * (ring + gap), abs=0.001)
    runs = _on_off(audio, SAMPLE_RATE)
    assert [on for on, _ in runs] == [True, False] * rings
    for on, seconds in runs:
        assert seconds == pytest.approx(ring if on else gap, abs=0.04)


def test_rings_start_and_end_softly_and_never_clip() -> None:
    audio = ring_tone(RingRule(), rings=2)
    assert abs(audio[0]) < 0.01 and abs(audio[SAMPLE_RATE - 1]) < 0.01  # ramped: no click
    assert 0.2 < np.abs(audio).max() < 0.9


def test_ring_file_is_made_once_in_the_cache(trainer_home) -> None:
    rule = RingRule(ring_seconds=0.8, gap_seconds=1.6)
    path = ring_tone_file(rule, rings=2)
    assert path.is_relative_to(trainer_home)
    audio, sr = sf.read(path)
    assert sr == SAMPLE_RATE and audio.ndim == 1
    assert len(audio) / sr == pytest.approx(2 * 2.4, abs=0.001)
    stamp = path.stat().st_mtime_ns
    assert ring_tone_file(rule, rings=2) == path and path.stat().st_mtime_ns == stamp
    assert ring_tone_file(RingRule(), rings=2) != path
