"""The phone's ring, made in code: the classic dual tone (440 Hz + 480 Hz) in the pack's cadence.

One *cycle* is one ring (``ring_seconds`` of tone) then ``gap_seconds`` of silence; the call
flow plays cycles and counts them against ``RingRule.max_rings``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from trainer import locations
from trainer.core.scenario import RingRule

TONES_HZ = (440.0, 480.0)
SAMPLE_RATE = 16000
LEVEL = 0.35  # peak of the summed tones
RAMP_SECONDS = 0.015  # fade in and out: no click at the edges of a ring


def ring_tone(rule: RingRule, rings: int = 1, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """``rings`` cycles of ring + gap, float32 mono."""
    on = int(round(rule.ring_seconds * sample_rate))
    off = int(round(rule.gap_seconds * sample_rate))
    t = np.arange(on) / sample_rate
    tone = np.zeros(on)
    for frequency in TONES_HZ:
        tone += np.sin(2 * np.pi * frequency * t) * (LEVEL / len(TONES_HZ))
    ramp = min(int(RAMP_SECONDS * sample_rate), on // 2)
    if ramp:
        fade = np.sin(np.linspace(0, np.pi / 2, ramp)) ** 2
        tone[:ramp] *= fade
        tone[on - ramp :] *= fade[::-1]
    cycle = np.concatenate([tone, np.zeros(off)]).astype(np.float32)
    return np.tile(cycle, max(rings, 1))


def ring_tone_file(rule: RingRule, rings: int = 1, folder: Path | None = None) -> Path:
    """A WAV of ``rings`` cycles, made once in the cache (``<home>/cache/ring``)."""
    folder = folder or locations.home() / "cache" / "ring"
    name = f"ring-{rule.ring_seconds:g}s-{rule.gap_seconds:g}s-x{max(rings, 1)}.wav"
    path = folder / name
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        sf.write(partial, ring_tone(rule, rings), SAMPLE_RATE, format="WAV", subtype="PCM_16")
        partial.replace(path)
    return path
