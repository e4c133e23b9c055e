"""The microphone's one owner and listening driven by the audio, on a stand-in PortAudio
backend (no device): a cancelled capture never closes the stream under the next one, speech
is told from the room's noise floor, and a reply that starts late is heard whole."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pytest

from trainer.asr.base import Transcript, Word
from trainer.audio.capture import FRAME, CaptureEnded, Microphone, VoiceActivity
from trainer.audio.recorder import SoundDeviceRecorder
from trainer.live import listen_reply, shown_words
from trainer.practice import Cancelled

RATE = 16000
BLOCK = 800  # 50 ms


def noise(seconds: float, db: float, seed: int = 1) -> np.ndarray:
    """White noise at ``db`` dBFS (RMS)."""
    rms = 32768.0 * 10 ** (db / 20)
    return np.random.default_rng(seed).normal(0, rms, int(seconds * RATE)).clip(-32767, 32767)


def pcm(*parts: np.ndarray) -> bytes:
    return np.concatenate(parts).astype(np.int16).tobytes()


class _Stream:
    """A PortAudio input stream that plays ``source`` (then silence) in real time / ``speed``."""

    opened: list[_Stream] = []
    source = b""
    speed = 20.0

    def __init__(self, *, callback: Any, blocksize: int, **_: Any) -> None:
        self.callback, self.blocksize = callback, blocksize
        self.active = self.closed = False
        _Stream.opened.append(self)

    def start(self) -> None:
        self.active = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        data, step = _Stream.source, self.blocksize * 2
        i = 0
        while self.active:
            block = data[i : i + step].ljust(step, b"\0")
            i += step
            self.callback(np.frombuffer(block, np.int16).reshape(-1, 1), self.blocksize, None, None)
            time.sleep(self.blocksize / RATE / _Stream.speed)

    def abort(self) -> None:
        self.active = False

    def close(self) -> None:
        self.active, self.closed = False, True


class _Backend:
    RawInputStream = _Stream
    PortAudioError = OSError


@pytest.fixture
def stream() -> type[_Stream]:
    _Stream.opened, _Stream.source, _Stream.speed = [], b"", 20.0
    return _Stream


class LaggingTranscriber:
    """Like Vosk: the words of loud audio show up ``lag`` s after it starts; the utterance ends
    after ``end_silence`` s of quiet following words."""

    language = "ko"

    def __init__(self, text: str = "안녕하세요 고객센터입니다", lag: float = 1.0):
        self.text, self.lag, self.end_silence = text, lag, 0.8
        self.reset()

    def reset(self) -> None:
        self.loud = self.quiet = self.fed = 0.0
        self.first: float | None = None
        self.last = 0.0

    def feed(self, chunk: bytes) -> bool:
        seconds = len(chunk) / 2 / RATE
        self.fed += seconds
        level = np.sqrt(np.mean(np.frombuffer(chunk, np.int16).astype(float) ** 2))
        if level > 300:
            self.first = self.fed - seconds if self.first is None else self.first
            self.loud += seconds
            self.quiet, self.last = 0.0, self.fed
        else:
            self.quiet += seconds
        return bool(self.partial()) and self.quiet >= self.end_silence

    def partial(self) -> str:
        return self.text if self.loud >= self.lag else ""

    def finish(self) -> Transcript:
        said = self.loud >= self.lag
        words = (Word(self.text, self.first or 0.0, self.last, 0.9),) if said else ()
        done = Transcript(self.text if said else "", words, self.fed, "ko")
        self.reset()
        return done


def test_a_cancelled_capture_never_closes_the_next_captures_stream(stream: Any) -> None:
    stream.source = pcm(noise(30, -60))
    mic = Microphone(SoundDeviceRecorder(backend=_Backend())).open()
    try:
        first, cancel = mic.capture(), threading.Event()
        failed: list[BaseException] = []

        def worker() -> None:  # a capture worker cancelled mid-read, as Textual does
            try:
                listen_reply(first, LaggingTranscriber(), "ko", silence_after=60, cancel=cancel)
            except BaseException as exc:  # noqa: BLE001 - the test looks at it
                failed.append(exc)

        thread = threading.Thread(target=worker)
        thread.start()
        time.sleep(0.1)
        second = mic.capture()  # the next worker takes the microphone first ...
        cancel.set()  # ... then the old one sees its cancel and cleans up
        thread.join(timeout=5)
        assert failed and isinstance(failed[0], Cancelled | CaptureEnded)
        got = b"".join(second.read(timeout=2) for _ in range(10))
        assert len(got) >= 10 * BLOCK * 2 - BLOCK * 2  # the second capture still hears
        assert len(stream.opened) == 1 and not stream.opened[0].closed
        with pytest.raises(CaptureEnded):
            while True:
                first.read(timeout=0.05)
    finally:
        mic.close()
    assert stream.opened[0].closed  # only the owner closes the stream


def test_speech_is_told_from_the_rooms_noise_floor() -> None:
    for floor_db in (-70.0, -45.0):  # a quiet room and a noisy one
        activity = VoiceActivity()
        activity.feed(pcm(noise(1.0, floor_db)))
        assert activity.started is None, floor_db
        assert activity.floor_db is not None and activity.floor_db < floor_db + 3
        activity.feed(pcm(noise(0.5, floor_db + 20, seed=2)))
        assert activity.started is not None and abs(activity.started - 1.0) <= 0.06
        assert activity.speaking
        activity.feed(pcm(noise(1.0, floor_db, seed=3)))
        assert not activity.speaking and 0.9 <= activity.quiet <= 1.02


def test_a_frame_split_across_chunks_counts_once() -> None:
    activity = VoiceActivity()
    data = pcm(noise(1.0, -60), noise(1.0, -30, seed=4))
    for i in range(0, len(data), 2 * 333):  # odd chunk sizes
        activity.feed(data[i : i + 2 * 333])
    assert round(activity.seconds / (FRAME / RATE)) == 100


@pytest.mark.parametrize("start", [0.3, 2.0, 4.5, 4.8])
def test_a_reply_that_starts_late_is_heard_whole(stream: Any, start: float) -> None:
    # the words show up a second after the speech starts, as with Vosk; the caller's patience
    # is 5 s: speech that began before it ran out is a reply, not silence
    stream.source = pcm(noise(start, -65), noise(1.5, -25, seed=5), noise(6, -65, seed=6))
    with Microphone(SoundDeviceRecorder(backend=_Backend())) as mic:
        reply = listen_reply(mic.capture(), LaggingTranscriber(), "ko", silence_after=5.0)
    assert reply.text == "안녕하세요 고객센터입니다"
    # the delay is kept to a tenth of a second: one step either way, whatever the load
    assert reply.timing is not None and reply.timing.response_delay == pytest.approx(
        start, abs=0.15
    )
    after = len(reply.samples) / RATE - reply.timing.response_delay - 1.5  # after the speech
    assert 0.75 <= after <= 1.6, after


def test_nobody_speaking_is_silence_after_the_limit(stream: Any) -> None:
    stream.source = pcm(noise(0.5, -65), noise(0.2, -25, seed=7), noise(9, -65, seed=8))
    with Microphone(SoundDeviceRecorder(backend=_Backend())) as mic:
        reply = listen_reply(mic.capture(), LaggingTranscriber(lag=1.0), "ko", silence_after=3.0)
    assert reply.text == "" and 3.0 <= reply.silence <= 3.3  # a click is not a reply


def test_a_reply_that_covers_the_phrase_ends_after_a_short_pause(stream: Any) -> None:
    stream.source = pcm(noise(0.5, -65), noise(1.5, -25, seed=9), noise(6, -65, seed=10))
    ends = {}
    for early in (False, True):
        with Microphone(SoundDeviceRecorder(backend=_Backend())) as mic:
            reply = listen_reply(
                mic.capture(), LaggingTranscriber(), "ko", silence_after=5.0,
                covers=(lambda text: "고객센터" in text) if early else None,
            )  # fmt: skip
        assert reply.timing is not None and reply.timing.response_delay is not None
        ends[early] = len(reply.samples) / RATE - reply.timing.response_delay - 1.5
        assert reply.text == "안녕하세요 고객센터입니다"
    assert 0.25 <= ends[True] <= 0.5 < 0.75 <= ends[False] <= 1.1, ends


def test_recogniser_tokens_are_not_shown() -> None:
    assert shown_words("[1] 년 안녕 [unk] <unk> 하세요") == "1 년 안녕 하세요"
    assert shown_words("{만} 육 (천) 명 [쩜] [20]") == "만 육 천 명 쩜 20"
