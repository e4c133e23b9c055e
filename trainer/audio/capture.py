"""The microphone's one owner, and voice activity measured against the room's own noise floor.

``Microphone`` opens a recorder once and reads it on a thread of its own until ``close``; every
chunk goes to the level callback, to the noise-floor tracker and to the one current
``Capture``. A reply is a ``Capture``: taking a new one ends the previous one, and ending or
abandoning a capture (a cancelled worker) only detaches it: only ``Microphone.close`` stops the
stream. So a cancelled capture can never close the stream under the next one, by construction.

``VoiceActivity`` decides, 20 ms frame by frame, whether someone is speaking: a frame is voiced
when it is louder than the room's noise floor by ``margin_db`` (and than an absolute floor); the
noise floor follows the quietest frames down at once and creeps up slowly, so it settles on the
room's own hum and not on the speaker. Speech starts after ``start_frames`` voiced frames in a
row and is over after ``quiet`` seconds without a voiced frame.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from trainer.errors import AudioError

SAMPLE_RATE = 16000
FRAME = SAMPLE_RATE // 50  # 20 ms


class CaptureEnded(AudioError):
    """The capture was ended (a newer one took the microphone, or the microphone closed)."""


class VoiceActivity:
    """Speech or not, from the signal level against the room's own noise floor."""

    def __init__(
        self,
        *,
        margin_db: float = 12.0,
        absolute_db: float = -58.0,
        start_frames: int = 3,
        rise_db_per_second: float = 2.0,
        floor_db: float | None = None,
    ):
        self.margin_db, self.absolute_db = margin_db, absolute_db
        self.start_frames = start_frames
        self.rise = rise_db_per_second * FRAME / SAMPLE_RATE
        self.floor_db = floor_db  # None until the first frame
        self.reset()

    def reset(self) -> None:
        """Forget the speech so far (not the noise floor: the room is the same room)."""
        self.started: float | None = None  # seconds (from the reset) speech began
        self.quiet = 0.0  # seconds since the last voiced frame
        self.seconds = 0.0
        self.last_voiced: float | None = None
        self._run = 0
        self._rest = np.zeros(0, dtype=np.float32)

    @property
    def speaking(self) -> bool:
        """Speech has begun and the last voiced frame is recent (under 0.3 s)."""
        return self.started is not None and self.quiet < 0.3

    def feed(self, chunk: bytes) -> None:
        samples = np.frombuffer(chunk, dtype=np.int16).astype(np.float32)
        if len(self._rest):
            samples = np.concatenate([self._rest, samples])
        usable = len(samples) // FRAME * FRAME
        self._rest = samples[usable:]
        if not usable:
            return
        power = np.mean(samples[:usable].reshape(-1, FRAME) ** 2, axis=1) / (32768.0 * 32768.0)
        for p in power:
            self._frame(10.0 * math.log10(p) if p > 1e-10 else -100.0)

    def _frame(self, db: float) -> None:
        self.seconds += FRAME / SAMPLE_RATE
        if self.floor_db is None or db < self.floor_db:
            self.floor_db = db
        else:
            self.floor_db += self.rise
        voiced = db > self.absolute_db and db > self.floor_db + self.margin_db
        if voiced:
            self._run += 1
            if self._run >= self.start_frames:
                if self.started is None:
                    self.started = round(self.seconds - self._run * FRAME / SAMPLE_RATE, 3)
                self.quiet = 0.0
                self.last_voiced = self.seconds
                return
        else:
            self._run = 0
        self.quiet += FRAME / SAMPLE_RATE


class Capture:
    """One reply's audio, from the moment it was taken until it ends; ``read`` gives the next
    chunk, ``recorded`` everything so far."""

    def __init__(self, microphone: Microphone):
        self._mic = microphone
        self._queue: queue.SimpleQueue[bytes | BaseException] = queue.SimpleQueue()
        self._recorded = bytearray()
        self.ended = False

    def _put(self, item: bytes | BaseException) -> None:
        self._queue.put(item)

    def read(self, timeout: float = 1.0) -> bytes:
        """The next chunk; ``b""`` when none came within ``timeout``. Raises what ended the
        microphone (``MicrophoneLost`` keeps this capture's recording) or ``CaptureEnded``."""
        try:
            item = self._queue.get(timeout=timeout)
        except queue.Empty:
            if self.ended:
                raise CaptureEnded("this capture has ended") from None
            return b""
        if isinstance(item, BaseException):
            from trainer.audio.recorder import MicrophoneLost

            if isinstance(item, MicrophoneLost):
                raise MicrophoneLost(str(item), bytes(self._recorded)) from None
            raise item
        self._recorded += item
        return item

    @property
    def recorded(self) -> bytes:
        return bytes(self._recorded)

    def end(self) -> bytes:
        """Detach from the microphone (the stream goes on); everything recorded, including
        what was not read yet."""
        self._mic._release(self)
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return bytes(self._recorded)
            if isinstance(item, bytes):
                self._recorded += item

    def __enter__(self) -> Capture:
        return self

    def __exit__(self, *exc: object) -> None:
        self.end()


class Microphone:
    """The one owner of a recorder (see the module's docstring)."""

    def __init__(self, recorder: Any, *, on_level: Callable[[float], None] | None = None):
        self.recorder = recorder
        self.on_level = on_level
        self.activity = VoiceActivity()  # the room's noise floor, kept across captures
        self.error: BaseException | None = None
        self._lock = threading.Lock()
        self._current: Capture | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def floor_db(self) -> float | None:
        return self.activity.floor_db

    def open(self) -> Microphone:
        """Start the stream and the thread that reads it; ``AudioError`` without a device."""
        if self._thread is not None:
            return self
        if getattr(self.recorder, "keep", False):
            self.recorder.keep = False  # each capture keeps its own audio
        self.recorder.start()
        self._thread = threading.Thread(target=self._run, name="microphone", daemon=True)
        self._thread.start()
        return self

    def capture(self) -> Capture:
        """A new capture that hears everything from now on; the previous one (if any) ends."""
        if self._thread is None:
            raise AudioError("the microphone is not open")
        taken = Capture(self)
        with self._lock:
            previous, self._current = self._current, taken
            if self.error is not None:
                taken._put(self.error)
        if previous is not None:
            previous.ended = True
        return taken

    def _release(self, capture: Capture) -> None:
        capture.ended = True
        with self._lock:
            if self._current is capture:
                self._current = None

    def _run(self) -> None:
        from trainer.audio.recorder import level_db

        while not self._stop.is_set():
            try:
                chunk = self.recorder.read(timeout=0.25)
            except BaseException as exc:  # noqa: BLE001 - handed to the capture that reads
                with self._lock:
                    self.error = exc
                    if self._current is not None:
                        self._current._put(exc)
                return
            if not chunk:
                continue
            self.activity.feed(chunk)
            if self.on_level is not None:
                self.on_level(level_db(chunk))
            with self._lock:
                if self._current is not None:
                    self._current._put(chunk)

    def close(self) -> None:
        """End the current capture, stop the thread and the stream (only here)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=2.0)
        with self._lock:
            current, self._current = self._current, None
        if current is not None:
            current.ended = True
        self.recorder.close()

    def __enter__(self) -> Microphone:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()
