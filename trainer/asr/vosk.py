"""``VoskTranscriber``: streaming offline recognition with Vosk (Kaldi).

vosk is imported here and only when a model is loaded, so the app starts without it. A model
is always loaded from an explicit folder: ``vosk.Model(lang=...)`` would reach the network and
``sys.exit(1)`` when that fails. One loaded ``VoskModel`` serves any number of transcribers,
one per thread (Vosk releases the GIL while decoding).

End of a reply (``feed`` returns True once): after words were recognised, ``end_silence``
seconds (default 0.8) of quiet, by the audio's own level (``TrailingSilence``). Vosk's
endpointer alone is not enough: the model's ``conf/model.conf`` rules (0.5 s / 1.0 s / 2.0 s
of trailing silence, depending on how sure the decoder is) left 3 of 8 Korean test clips
without any endpoint after 3 s of silence, because the best partial path kept a word open
through the quiet. A Vosk endpoint followed by ``end_silence`` since the last word also ends
the reply (noisy rooms, where the level never drops). The model folder is used as shipped.
``bench/asr.py`` measures the delay from the last word to the signal.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trainer.asr.base import (
    BYTES_PER_SECOND,
    SAMPLE_RATE,
    Segment,
    TrailingSilence,
    Transcript,
    Word,
)
from trainer.errors import ModelError

# Languages whose Vosk models put a space between every word that a reader would not write.
UNSPACED = frozenset({"zh", "cn", "ja", "yue"})
NOT_SPEECH = frozenset({"[unk]", "<unk>"})
DEFAULT_END_SILENCE = 0.8  # seconds of silence after the last word that end a reply

_vosk_lock = threading.Lock()


def _vosk() -> Any:
    with _vosk_lock:
        import vosk

        vosk.SetLogLevel(-1)
        return vosk


# Kaldi dithers every frame with noise drawn from the C library's rand() (dither=1.0 unless a
# model's mfcc.conf says otherwise), so the same audio decoded twice in one process can give
# two transcripts (measured: 3 of 24 re-decodes of Korean clips differed). Seeding rand() as
# each utterance starts makes a transcript depend on its audio alone (0 of 24).
DITHER_SEED = 1


def _libc_srand() -> Callable[[int], object] | None:
    import ctypes
    import ctypes.util

    for name in (None, ctypes.util.find_library("c"), "msvcrt"):
        try:
            return ctypes.CDLL(name).srand  # type: ignore[no-any-return]
        except (OSError, AttributeError):
            continue
    return None


_SRAND = _libc_srand()


def seed_dither() -> None:
    """Start the recogniser's dither noise from the same point (see DITHER_SEED)."""
    if _SRAND is not None:
        _SRAND(DITHER_SEED)


def join_words(words: list[str], language: str) -> str:
    joiner = "" if language in UNSPACED else " "
    return joiner.join(w for w in words if w and w not in NOT_SPEECH)


class VoskModel:
    """A Vosk model loaded once from a folder; share it between transcribers."""

    def __init__(self, path: Path | str, language: str = ""):
        self.path = Path(path)
        self.language = language
        if not (self.path / "conf" / "model.conf").is_file() and not (self.path / "am").is_dir():
            raise ModelError(
                f"{self.path} is not a Vosk model folder (no conf/model.conf or am/); "
                "see `trainer model list` and `trainer model install --from FILE.zip`"
            )
        vosk = _vosk()
        started = time.perf_counter()
        try:
            self.handle = vosk.Model(str(self.path))
        except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
            raise ModelError(f"could not load the speech model in {self.path}: {exc}") from exc
        self.load_seconds = time.perf_counter() - started

    def transcriber(self, *, end_silence: float | None = DEFAULT_END_SILENCE) -> VoskTranscriber:
        return VoskTranscriber(self, end_silence=end_silence)


class VoskTranscriber:
    """One recogniser on a shared model. Not thread-safe: use one per thread.

    ``end_silence=None`` turns end-of-utterance detection off (batch decoding of files, where
    only the final transcript matters and every saved call counts).
    """

    def __init__(self, model: VoskModel, *, end_silence: float | None = DEFAULT_END_SILENCE):
        vosk = _vosk()
        self.model = model
        self.language = model.language
        self.end_silence = end_silence
        self._rec = vosk.KaldiRecognizer(model.handle, SAMPLE_RATE)
        self._rec.SetWords(True)
        self._total = 0  # bytes fed since the recogniser was made: Vosk's clock survives Reset()
        self._silence = TrailingSilence()
        self._start()

    def _start(self) -> None:
        seed_dither()  # one recogniser decodes at a time per process: see DITHER_SEED
        self._segments: list[Segment] = []
        self._fed = 0  # bytes since the last reset
        self._origin = self._total / BYTES_PER_SECOND
        self._after_endpoint = False
        self._silence.reset()
        self.ended = False

    @property
    def segments_closed(self) -> int:
        """Stretches of speech Vosk's endpointer has closed since the last reset."""
        return len(self._segments)

    @property
    def seconds_fed(self) -> float:
        return self._fed / BYTES_PER_SECOND

    def feed(self, chunk: bytes) -> bool:
        self._fed += len(chunk)
        self._total += len(chunk)
        if self._rec.AcceptWaveform(chunk) and self._take(self._rec.Result()):
            self._after_endpoint = True
        if self.ended or self.end_silence is None:
            return False
        self.ended = self._quiet_after_words(chunk) or self._endpoint_after_words()
        return self.ended

    def _quiet_after_words(self, chunk: bytes) -> bool:
        assert self.end_silence is not None
        quiet = self._silence.feed(chunk)
        if quiet < self.end_silence or not self._silence.voiced:
            return False
        return bool(self._segments or self._pending_text())

    def _endpoint_after_words(self) -> bool:
        assert self.end_silence is not None
        last = self._last_word_end()
        if not self._after_endpoint or last is None or self.seconds_fed - last < self.end_silence:
            return False
        if self._pending_text():
            self._after_endpoint = False  # the speaker went on: wait for the next endpoint
            return False
        return True

    def _pending_text(self) -> str:
        return str(json.loads(self._rec.PartialResult()).get("partial", ""))

    def partial(self) -> str:
        words = [w.text for s in self._segments for w in s.words]
        return join_words(words + self._pending_text().split(), self.language)

    def finish(self) -> Transcript:
        self._take(self._rec.FinalResult())
        words = tuple(w for s in self._segments for w in s.words)
        transcript = Transcript(
            text=join_words([w.text for w in words], self.language),
            words=words,
            duration=self.seconds_fed,
            language=self.language,
        )
        self.reset()
        return transcript

    def reset(self) -> None:
        self._rec.Reset()
        self._start()

    def _take(self, raw: str) -> bool:
        data = json.loads(raw)
        origin = self._origin
        words = [
            Word(
                str(w["word"]),
                round(float(w["start"]) - origin, 3),
                round(float(w["end"]) - origin, 3),
                float(w.get("conf", 1.0)),
            )
            for w in data.get("result", ())
            if w.get("word") not in NOT_SPEECH
        ]
        if not words:
            return False
        self._segments.append(Segment(words, join_words([w.text for w in words], self.language)))
        return True

    def _last_word_end(self) -> float | None:
        for segment in reversed(self._segments):
            if segment.words:
                return segment.words[-1].end
        return None


@functools.lru_cache(maxsize=2)
def shared_model(path: Path, language: str) -> VoskModel:
    """A Vosk model loaded once per process (3-5 s and ~550 MB each): calls share it."""
    return VoskModel(path, language)
