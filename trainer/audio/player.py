"""``SoundDevicePlayer``: plays caller lines and model answers; stops on demand.

Like the recorder it imports sounddevice only when it plays, and reports a missing speaker
or PortAudio as ``AudioError``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from trainer.audio.files import TARGET_RATE, read_audio
from trainer.audio.recorder import sounddevice
from trainer.errors import AudioError


class SoundDevicePlayer:
    def __init__(self, device: int | str | None = None, *, latency: float = 0.3):
        """``latency``: seconds of sound buffered ahead; enough that a busy machine never
        stutters, and ``stop`` still cuts at once (it drops the buffer)."""
        self.device = device
        self.latency = latency
        self._sd: Any = None
        self._stream: Any = None
        self._done = threading.Event()
        self._done.set()
        self._data = b""
        self._pos = 0

    def _callback(self, outdata: Any, frames: int, time: Any, status: Any) -> None:
        n = len(outdata)
        chunk = self._data[self._pos : self._pos + n]
        self._pos += n
        outdata[: len(chunk)] = chunk
        if len(chunk) < n:
            outdata[len(chunk) :] = b"\x00" * (n - len(chunk))
            raise self._sd.CallbackStop

    def play(self, samples: np.ndarray, rate: int = TARGET_RATE, *, wait: bool = False) -> None:
        """Play int16 mono samples; returns at once unless ``wait``. Stops what was playing."""
        sd = self._sd = sounddevice()
        self.stop()
        # PortAudio (ALSA) drops what is still buffered when the callback stops: a tail of
        # silence as long as the buffer lets the last word be heard.
        tail = b"\x00" * (2 * int(rate * (self.latency + 0.1)))
        self._data = np.ascontiguousarray(samples, dtype=np.int16).tobytes() + tail
        self._pos = 0
        self._done.clear()
        try:
            self._stream = sd.RawOutputStream(
                samplerate=rate,
                channels=1,
                dtype="int16",
                device=self.device,
                latency=self.latency,
                callback=self._callback,
                finished_callback=self._done.set,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self._stream = None
            self._done.set()
            raise AudioError(
                f"cannot play on {self.device or 'the default speaker'} ({exc}); "
                "check `trainer audio devices`"
            ) from None
        if wait:
            self.wait()

    def play_file(self, path: Path | str, *, wait: bool = False) -> None:
        self.play(read_audio(path).samples, TARGET_RATE, wait=wait)

    @property
    def playing(self) -> bool:
        return not self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Until the sound has finished (True) or ``timeout`` passed (False)."""
        finished = self._done.wait(timeout)
        if finished:
            self._close()
        return finished

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.abort()
            stream.close()
        self._done.set()

    def _close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()
