"""Signal shaping for rendered speech: pitch and formant shifts, level, silence (numpy only).

Pitch is moved with TD-PSOLA (grains two periods long, cut at the waveform's peaks and laid
out at the new period), which keeps duration and vocal tract; formants are moved by
resampling ("tape speed"), which the engine's own duration control compensates.
"""

from __future__ import annotations

import numpy as np
import soxr

FloatArray = np.ndarray

_F0_MIN, _F0_MAX = 60.0, 500.0


def tape(audio: FloatArray, sr: int, factor: float) -> FloatArray:
    """Play ``audio`` ``factor`` times faster: pitch and formants x factor, length / factor."""
    if abs(factor - 1.0) < 1e-3:
        return audio
    return np.asarray(soxr.resample(audio, sr * factor, sr), dtype=np.float32)


def pitch_track(audio: FloatArray, sr: int, hop: int) -> FloatArray:
    """F0 in Hz every ``hop`` samples (0 where unvoiced), by normalised autocorrelation."""
    frame = int(0.04 * sr)
    lo, hi = int(sr / _F0_MAX), int(sr / _F0_MIN)
    floor = 0.1 * float(np.sqrt(np.mean(audio**2)) or 1e-9)
    out = np.zeros(len(audio) // hop + 1, dtype=np.float32)
    for k in range(len(out)):
        start = k * hop - frame // 2
        x = audio[max(start, 0) : start + frame]
        if len(x) < hi + 1 or np.sqrt(np.mean(x**2)) < floor:
            continue
        x = x - x.mean()
        c = np.correlate(x, x, "full")[len(x) - 1 :]
        lag = lo + int(np.argmax(c[lo:hi]))
        if c[lag] > 0.45 * c[0]:
            out[k] = sr / lag
    return out


def median_f0(audio: FloatArray, sr: int) -> float:
    """Median F0 of the voiced frames (0.0 when none): what a listener hears as the pitch."""
    track = pitch_track(audio, sr, int(0.01 * sr))
    voiced = track[track > 0]
    return float(np.median(voiced)) if len(voiced) else 0.0


def _pitch_marks(audio: FloatArray, sr: int, hop: int) -> list[tuple[int, int, bool]]:
    """(centre, period, voiced) every period: a voiced run starts at its first peak, and each
    next mark sits where the waveform best matches the previous period (same phase)."""
    track = pitch_track(audio, sr, hop)
    n = len(audio)
    marks: list[tuple[int, int, bool]] = []
    t, previous = 0, -1
    while t < n:
        f0 = track[min(t // hop, len(track) - 1)]
        if f0 <= 0:
            marks.append((t, 2 * hop, False))
            t, previous = t + 2 * hop, -1
            continue
        period = int(sr / f0)
        half, quarter = period // 2, period // 4
        if previous < 0 or previous < half:
            t += int(np.argmax(audio[t : min(t + period, n)]))
        else:
            ref = audio[previous - half : previous + half]
            lo, hi = max(t - quarter, half), min(t + quarter + 1, n - half)
            if hi > lo:
                scores = [float(np.dot(audio[c - half : c + half], ref)) for c in range(lo, hi)]
                t = lo + int(np.argmax(scores))
        marks.append((t, period, True))
        t, previous = t + max(period, 1), t
    return marks


def shift_pitch(audio: FloatArray, sr: int, factor: float) -> FloatArray:
    """TD-PSOLA: F0 x ``factor``; duration and spectral envelope kept."""
    if abs(factor - 1.0) < 1e-3 or not len(audio):
        return audio
    n = len(audio)
    marks = _pitch_marks(audio, sr, int(0.005 * sr))
    centres = np.array([m[0] for m in marks])
    out = np.zeros(n + 4 * sr // 50, dtype=np.float64)
    weight = np.zeros_like(out)
    ts = float(marks[0][0])
    while ts < n:
        i = int(np.argmin(np.abs(centres - ts)))
        centre, period, voiced = marks[i]
        a0, a1 = max(centre - period, 0), min(centre + period, n)
        window = np.hanning(2 * period + 1)[a0 - centre + period : a1 - centre + period]
        s0 = int(ts) - (centre - a0)
        if s0 >= 0:
            out[s0 : s0 + len(window)] += audio[a0:a1] * window
            weight[s0 : s0 + len(window)] += window
        ts += period / factor if voiced else period
    # Unvoiced stretches overlap exactly; only correct where windows pile up (raised pitch).
    out = np.where(weight > 1.0, out / np.maximum(weight, 1e-9), out)
    return out[:n].astype(np.float32)


def tremolo(audio: FloatArray, sr: int, depth: float, rate_hz: float = 5.5) -> FloatArray:
    if depth <= 0:
        return audio
    t = np.arange(len(audio)) / sr
    return (audio * (1.0 + depth * np.sin(2 * np.pi * rate_hz * t))).astype(np.float32)


def trim(audio: FloatArray, sr: int, threshold_db: float = -45.0) -> FloatArray:
    """Cut leading and trailing silence (below ``threshold_db`` of the peak)."""
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    if peak == 0.0:
        return audio
    loud = np.flatnonzero(np.abs(audio) > peak * 10 ** (threshold_db / 20))
    pad = int(0.02 * sr)
    return audio[max(loud[0] - pad, 0) : loud[-1] + pad]


def voiced_rms(audio: FloatArray, sr: int) -> float:
    """RMS over the 20 ms frames that are not near-silent (so pauses do not lower it)."""
    frame = int(0.02 * sr)
    frames = audio[: len(audio) // frame * frame].reshape(-1, frame)
    if not len(frames):
        return 0.0
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))
    active = rms[rms > 0.1 * rms.max()]
    return float(np.sqrt(np.mean(active**2))) if len(active) else 0.0


def finish(audio: FloatArray, sr: int, loudness_dbfs: float, ceiling: float = 0.95) -> FloatArray:
    """Trim, bring to ``loudness_dbfs`` RMS, soft-limit peaks under ``ceiling``, pad 0.15 s."""
    audio = trim(np.asarray(audio, dtype=np.float32), sr)
    rms = voiced_rms(audio, sr)
    if rms > 0:
        audio = audio * (10 ** (loudness_dbfs / 20) / rms)
    knee = 0.7 * ceiling
    mag = np.abs(audio)
    over = mag > knee
    mag[over] = knee + (ceiling - knee) * np.tanh((mag[over] - knee) / (ceiling - knee))
    audio = np.sign(audio) * mag
    gap = np.zeros(int(0.15 * sr), dtype=np.float32)
    return np.concatenate([gap, audio.astype(np.float32), gap])
