"""Reads recordings (WAV, FLAC, OGG, MP3: whatever libsndfile reads) at any rate and channel
count, and gives 16 kHz mono int16, the format every transcriber takes. 8 kHz telephone
recordings are upsampled (the band above 4 kHz stays empty, which the models tolerate)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
import soxr

from trainer.errors import AudioError

TARGET_RATE = 16000


@dataclass(frozen=True)
class Recording:
    path: Path
    samples: np.ndarray  # int16, mono, TARGET_RATE
    source_rate: int
    source_channels: int

    @property
    def duration(self) -> float:
        return len(self.samples) / TARGET_RATE

    @property
    def pcm(self) -> bytes:
        return self.samples.tobytes()

    def chunks(self, seconds: float = 0.25) -> list[bytes]:
        step = max(1, int(seconds * TARGET_RATE)) * 2
        data = self.pcm
        return [data[i : i + step] for i in range(0, len(data), step)]


def read_audio(path: Path | str) -> Recording:
    """The file's sound as 16 kHz mono int16; ``AudioError`` saying why when it cannot."""
    path = Path(path)
    if not path.exists():
        raise AudioError(f"{path}: no such file")
    if path.is_dir():
        raise AudioError(f"{path}: is a folder, not a recording")
    try:
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        raise AudioError(f"{path}: not a readable recording ({_why(exc)})") from None
    except OSError as exc:
        raise AudioError(f"{path}: cannot be opened ({exc.strerror or exc})") from None
    channels = data.shape[1]
    return Recording(path, to_pcm16(data, rate), rate, channels)


def to_pcm16(data: np.ndarray, rate: int) -> np.ndarray:
    """float samples (frames x channels, or one channel) at ``rate`` -> 16 kHz mono int16."""
    mono = data.mean(axis=1) if data.ndim == 2 else data
    mono = np.asarray(mono, dtype=np.float32)
    if rate != TARGET_RATE and len(mono):
        mono = soxr.resample(mono, rate, TARGET_RATE, quality="HQ")
    return (np.clip(mono, -1.0, 1.0) * 32767.0).round().astype(np.int16)


def write_wav(path: Path | str, samples: np.ndarray, rate: int = TARGET_RATE) -> Path:
    """Save int16 mono samples (kept recordings, test fixtures)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(str(path), samples, rate, subtype="PCM_16")
    return path


def _why(exc: Exception) -> str:
    text = str(exc).split(": ", 1)[-1] if "Error opening" in str(exc) else str(exc)
    return text.strip() or type(exc).__name__
