"""Reads recordings (WAV, FLAC, OGG, MP3: whatever libsndfile reads) at any rate and channel
count, and gives 16 kHz mono int16, the format every transcriber takes. 8 kHz telephone
recordings are upsampled (the band above 4 kHz stays empty, which the models tolerate)."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
import soxr

from trainer.errors import AudioError

TARGET_RATE = 16000
MIN_RATE, MAX_RATE = 4000, 384000  # a header outside these does not describe recorded sound
MAX_CHANNELS = 32
MAX_SECONDS = 4 * 3600  # 4 hours: 460 MB at 16 kHz int16
BLOCK_SECONDS = 10


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


def check_file(path: Path | str) -> Path:
    """A path that names a regular file: a folder, a FIFO or a device is refused before
    anything opens it (reading a FIFO would wait for a writer forever)."""
    path = Path(path)
    name = shown(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise AudioError(f"{name}: no such file") from None
    except OSError as exc:
        raise AudioError(f"{name}: cannot be opened ({exc.strerror or exc})") from None
    if stat.S_ISDIR(mode):
        raise AudioError(f"{name}: is a folder, not a recording")
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device or socket"
        raise AudioError(f"{name}: is {kind}, not a recording file")
    if os.stat(path).st_size == 0:
        raise AudioError(f"{name}: is empty (0 bytes)")
    return path


def read_audio(path: Path | str) -> Recording:
    """The file's sound as 16 kHz mono int16; ``AudioError`` saying why when it cannot: not
    a regular file, a header that cannot describe speech (sample rate, channels, length), a
    damaged or truncated body, samples that are not numbers."""
    path = check_file(path)
    name = shown(path)
    opened = False
    try:
        with soundfile.SoundFile(os.fsencode(path)) as sound:  # bytes: any file name
            opened = True
            rate, channels, frames = sound.samplerate, sound.channels, sound.frames
            _check_header(name, rate, channels, frames)
            _check_length(name, sound.extra_info)
            if sound.format == "OGG":
                _check_ogg_end(name, path)
            samples, got = _decode(sound, name, rate, channels)
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
        damaged = opened or "malformed" in str(exc)
        what = "damaged or truncated" if damaged else "not a readable recording"
        raise AudioError(f"{name}: {what} ({_why(exc)})") from None
    except OSError as exc:
        raise AudioError(f"{name}: cannot be opened ({exc.strerror or exc})") from None
    except MemoryError:
        raise AudioError(f"{name}: too long to decode in memory; split it") from None
    if frames > 0 and got < frames * 0.98 - rate * 0.05:
        raise AudioError(
            f"{name}: damaged or truncated: the header promises {frames / rate:.1f} s, "
            f"only {got / rate:.1f} s could be decoded"
        )
    if got == 0:
        raise AudioError(f"{name}: holds no sound (a header without audio, or an empty file)")
    return Recording(path, samples, rate, channels)


def shown(path: Path | str) -> str:
    """A file name as printable text: bytes that are not UTF-8 appear as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# libsndfile's own account of a WAV/AIFF whose data chunk is shorter than its header says
_CUT = re.compile(r"^data\s*:\s*(\d+)\s*\(should be (\d+)\)", re.MULTILINE)


def _check_length(name: str, log: str) -> None:
    found = _CUT.search(log or "")
    if found is None:
        return
    promised, present = int(found.group(1)), int(found.group(2))
    if present < promised < 0xFFFFFF00:  # not a streaming writer's placeholder length
        raise AudioError(
            f"{name}: damaged or truncated: the header promises {promised} bytes of sound, "
            f"the file holds {present}"
        )


def _check_ogg_end(name: str, path: Path) -> None:
    """An Ogg stream ends with a complete page flagged end-of-stream; a file cut short
    (a copy or a download that stopped) does not, though what is left still decodes."""
    with open(path, "rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, size - 65536))
        tail = fh.read()
    start = tail.rfind(b"OggS")
    page = tail[start:] if start >= 0 else b""
    complete = False
    if len(page) >= 27 and page[5] & 0x04:  # header type: end of stream
        segments = page[26]
        table = page[27 : 27 + segments]
        complete = len(table) == segments and len(page) == 27 + segments + sum(table)
    if not complete:
        raise AudioError(f"{name}: damaged or truncated: the Ogg stream stops before its end")


def _check_header(path: str, rate: int, channels: int, frames: int) -> None:
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioError(
            f"{path}: damaged header: a sample rate of {rate} Hz is not recorded sound "
            f"(expected {MIN_RATE}-{MAX_RATE} Hz)"
        )
    if not 1 <= channels <= MAX_CHANNELS:
        raise AudioError(f"{path}: damaged header: {channels} channels (at most {MAX_CHANNELS})")
    if frames > MAX_SECONDS * rate:
        raise AudioError(
            f"{path}: {frames / rate / 3600:.1f} hours long; recordings of up to "
            f"{MAX_SECONDS // 3600} hours are read: split it"
        )


def _decode(
    sound: soundfile.SoundFile, name: str, rate: int, channels: int
) -> tuple[np.ndarray, int]:
    """Block by block: mono, resampled, int16; so memory follows the 16 kHz result, not the
    source (a long 48 kHz stereo file is never held whole as floats)."""
    stream = soxr.ResampleStream(rate, TARGET_RATE, 1, dtype="float32", quality="HQ")
    parts: list[np.ndarray] = []
    got = 0
    block = max(rate * BLOCK_SECONDS, 1)
    while True:
        data = sound.read(block, dtype="float32", always_2d=True)
        got += len(data)
        last = len(data) < block or got > MAX_SECONDS * rate
        mono = data.mean(axis=1) if channels > 1 else data[:, 0]
        if not np.isfinite(mono).all():
            raise AudioError(
                f"{name}: damaged: holds samples that are not numbers (NaN or infinite)"
            )
        if rate != TARGET_RATE:
            mono = stream.resample_chunk(np.ascontiguousarray(mono, dtype=np.float32), last=last)
        parts.append((np.clip(mono, -1.0, 1.0) * 32767.0).round().astype(np.int16))
        if last:
            break
    return (np.concatenate(parts) if parts else np.zeros(0, np.int16)), got


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
