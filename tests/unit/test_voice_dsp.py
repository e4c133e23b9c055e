"""Signal shaping: pitch moves without changing duration, levels land where asked, no clipping."""

from __future__ import annotations

import numpy as np
import pytest

from trainer.voice import dsp
from trainer.voice.style import style_for

SR = 24000


def vowel(f0: float, seconds: float = 1.0, glide: float = 0.0) -> np.ndarray:
    """A buzzy vowel-like sound: a pulse train at f0 (rising by ``glide`` Hz over its length,
    as a tone does) through two resonances."""
    t = np.arange(int(seconds * SR)) / SR
    phase = np.cumsum(f0 + glide * t / seconds) / SR % 1.0
    pulses = np.exp(-phase * 12.0) - 0.1
    spectrum = np.fft.rfft(pulses)
    freqs = np.fft.rfftfreq(len(pulses), 1 / SR)
    envelope = 1 / (1 + ((freqs - 700) / 150) ** 2) + 0.6 / (1 + ((freqs - 1200) / 200) ** 2)
    return (np.fft.irfft(spectrum * envelope, len(pulses)) * 0.3).astype(np.float32)


@pytest.mark.parametrize("factor", [0.56, 0.8, 1.15])
def test_shift_pitch_moves_f0_and_keeps_duration(factor: float) -> None:
    audio = vowel(240.0)
    assert dsp.median_f0(audio, SR) == pytest.approx(240, rel=0.03)
    shifted = dsp.shift_pitch(audio, SR, factor)
    assert len(shifted) == len(audio)
    assert dsp.median_f0(shifted, SR) == pytest.approx(240 * factor, rel=0.06)
    assert dsp.voiced_rms(shifted, SR) > 0.3 * dsp.voiced_rms(audio, SR)


def periodicity(audio: np.ndarray) -> float:
    """Median normalised autocorrelation peak over 40 ms frames: 1.0 is perfectly periodic;
    a badly cut-and-pasted voice sounds rough and scores low."""
    frame, values = int(0.04 * SR), []
    for start in range(0, len(audio) - frame, frame // 2):
        x = audio[start : start + frame] - audio[start : start + frame].mean()
        c = np.correlate(x, x, "full")[frame - 1 :]
        values.append(c[SR // 500 : SR // 60].max() / c[0])
    return float(np.median(values))


@pytest.mark.parametrize("factor", [0.65, 1.2])
def test_shift_pitch_keeps_a_gliding_voice_smooth(factor: float) -> None:
    audio = vowel(220.0, seconds=1.5, glide=60.0)
    shifted = dsp.shift_pitch(audio, SR, factor)
    assert periodicity(shifted) > 0.9 * periodicity(audio)


def test_tape_scales_pitch_and_length_together() -> None:
    audio = vowel(200.0)
    slowed = dsp.tape(audio, SR, 0.8)
    assert len(slowed) == pytest.approx(len(audio) / 0.8, rel=0.01)
    assert dsp.median_f0(slowed, SR) == pytest.approx(160, rel=0.04)


def test_finish_levels_trims_and_limits() -> None:
    quiet = np.concatenate([np.zeros(SR), vowel(200.0) * 0.05, np.zeros(SR)])
    out = dsp.finish(quiet, SR, -18.0, ceiling=0.85)
    assert 20 * np.log10(dsp.voiced_rms(out, SR)) == pytest.approx(-18.0, abs=1.0)
    assert len(out) / SR == pytest.approx(1.0 + 0.3 + 0.04, abs=0.05)  # 1 s + pads, not 3 s
    assert np.abs(dsp.finish(vowel(200.0), SR, -3.0, ceiling=0.85)).max() <= 0.85
    angry = dsp.finish(vowel(200.0), SR, style_for("man", "angry").loudness_dbfs, ceiling=0.85)
    assert np.mean(np.abs(angry) > 0.8) < 0.01  # the loudest caller is limited, not flattened


def test_impatient_callers_are_faster_and_louder_than_calm_ones() -> None:
    calm, annoyed, angry = (style_for("man", mood) for mood in ("calm", "annoyed", "angry"))
    assert calm.tempo < annoyed.tempo < angry.tempo
    assert calm.loudness_dbfs < annoyed.loudness_dbfs < angry.loudness_dbfs
    assert style_for("man", "calm").pitch < 0.7 * style_for("woman", "calm").pitch
    assert style_for("nobody", "weird") == style_for("caller", "calm")
