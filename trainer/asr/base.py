"""What the rest of the trainer knows about speech recognition: a streaming ``Transcriber``
fed 16 kHz mono int16 chunks, and the ``Transcript`` it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

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
