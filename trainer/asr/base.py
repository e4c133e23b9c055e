"""What the rest of the trainer knows about speech recognition: a streaming ``Transcriber``
fed 16 kHz mono int16 chunks, and the ``Transcript`` it gives back."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

SAMPLE_RATE = 16000  # Hz; every chunk fed to a transcriber is mono signed 16-bit at this rate
BYTES_PER_SECOND = 2 * SAMPLE_RATE


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the start of the audio fed
    end: float
    conf: float  # 0..1, the recogniser's confidence

    def as_dict(self) -> dict[str, object]:
        return {
            "word": self.text,
            "start": self.start,
            "end": self.end,
            "conf": round(self.conf, 3),
        }


@dataclass(frozen=True)
class Transcript:
    """What was heard, from the last reset to the end of the audio fed."""

    text: str
    words: tuple[Word, ...] = ()
    duration: float = 0.0  # seconds of audio fed
    language: str = ""

    @property
    def speech_start(self) -> float | None:
        return self.words[0].start if self.words else None

    @property
    def speech_end(self) -> float | None:
        return self.words[-1].end if self.words else None

    @property
    def longest_pause(self) -> float:
        gaps = [b.start - a.end for a, b in zip(self.words, self.words[1:], strict=False)]
        return max(gaps, default=0.0)

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "words": [w.as_dict() for w in self.words],
            "duration": round(self.duration, 3),
        }


@dataclass
class Segment:
    """One stretch the recogniser finalised at an endpoint."""

    words: list[Word] = field(default_factory=list)
    text: str = ""


class TrailingSilence:
    """How long the audio has been quiet since the last voiced 20 ms frame.

    A frame is voiced when it is louder than -50 dBFS and within ``range_db`` of the loudest
    frame so far: relative to the speaker's own level, so a quiet microphone's noise floor
    does not count as speech and a loud one's does not hide the pause.
    """

    FRAME = SAMPLE_RATE // 50  # 20 ms

    def __init__(self, range_db: float = 35.0, floor_db: float = -50.0):
        self.range_db, self.floor_db = range_db, floor_db
        self.reset()

    def reset(self) -> None:
        self.peak_db = -90.0
        self.quiet = 0.0  # seconds since the last voiced frame
        self.voiced = False  # any voiced frame since the reset

    def feed(self, chunk: bytes) -> float:
        samples = np.frombuffer(chunk, dtype=np.int16).astype(np.float32)
        usable = len(samples) // self.FRAME * self.FRAME
        if usable:
            frames = samples[:usable].reshape(-1, self.FRAME)
            power = np.mean(frames * frames, axis=1) / (32768.0 * 32768.0)
            for p in power:
                db = 10.0 * math.log10(p) if p > 1e-9 else -90.0
                self.peak_db = max(self.peak_db, db)
                if db > self.floor_db and db > self.peak_db - self.range_db:
                    self.voiced, self.quiet = True, 0.0
                else:
                    self.quiet += self.FRAME / SAMPLE_RATE
        return self.quiet


class Transcriber(Protocol):
    """A streaming recogniser for one speaker at a time (one per thread)."""

    language: str

    def feed(self, chunk: bytes) -> bool:
        """Take 16 kHz mono int16 audio; True once the speaker has finished an utterance
        (speech followed by the end-of-utterance silence)."""
        ...

    def partial(self) -> str:
        """Everything heard since the last reset, including the words still being decoded."""
        ...

    def finish(self) -> Transcript:
        """Flush the recogniser, return the whole transcript and start afresh."""
        ...

    def reset(self) -> None:
        """Drop everything heard so far."""
        ...
