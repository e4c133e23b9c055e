"""``SoundDeviceRecorder``: the microphone, as 16 kHz mono int16 chunks.

sounddevice (PortAudio) is imported only when a device is used, so the app and the CLI run
without PortAudio (typed replies and recording files still work). The stream callback does
one thing, put the bytes on a queue; everything else happens in ``read``. A microphone that is
missing gives a clear ``AudioError``; one that stops sending mid-reply gives
``MicrophoneLost``, which keeps what was recorded until then.
"""

from __future__ import annotations

import math
import queue
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from trainer.errors import AudioError

SAMPLE_RATE = 16000
NO_PORTAUDIO = (
    "PortAudio is not installed, so no microphone or speaker can be used "
    "(Debian/Ubuntu: apt install libportaudio2); recording files and typed replies still work"
)
_lock = threading.Lock()


def sounddevice() -> Any:
    """The sounddevice module, imported on first use; ``AudioError`` without PortAudio."""
    with _lock:
        try:
            import sounddevice as sd
        except OSError:
            raise AudioError(NO_PORTAUDIO) from None
        return sd


def rescan() -> None:
    """Forget PortAudio's device list (after a sound server started or a device came back)."""
    sd = sounddevice()
    with _lock:
        sd._terminate()
        sd._initialize()


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    inputs: int
    outputs: int
    default_rate: float
    default_input: bool
    default_output: bool


def list_devices() -> list[Device]:
    sd = sounddevice()
    try:
        found = sd.query_devices()
        default_in, default_out = sd.default.device
    except sd.PortAudioError as exc:
        raise AudioError(f"cannot list the audio devices: {exc}") from None
    return [
        Device(
            i,
            d["name"],
            d["max_input_channels"],
            d["max_output_channels"],
            d["default_samplerate"],
            i == default_in,
            i == default_out,
        )
        for i, d in enumerate(found)
    ]


def level_db(chunk: bytes) -> float:
    """Loudness of int16 audio in dBFS (-90 for silence), for a level meter."""
    samples = np.frombuffer(chunk, dtype=np.int16).astype(np.float32)
    if not len(samples):
        return -90.0
    rms = math.sqrt(float(np.mean(samples * samples))) / 32768.0
    return max(-90.0, 20.0 * math.log10(rms)) if rms > 0 else -90.0


class MicrophoneLost(AudioError):
    """The microphone stopped sending sound mid-recording; ``recorded`` keeps what came."""

    def __init__(self, message: str, recorded: bytes):
        super().__init__(message)
        self.recorded = recorded


class SoundDeviceRecorder:
    """Records from one input device (None: the system default)."""

    def __init__(
        self,
        device: int | str | None = None,
        *,
        block_seconds: float = 0.05,
        stall_seconds: float = 1.0,
        backend: Any = None,
        keep: bool = True,
    ):
        """``backend``: the sounddevice module (the default) or a stand-in with its
        ``RawInputStream`` and ``PortAudioError``. ``keep=False``: do not keep what was read
        (a long-lived stream whose owner keeps what it needs)."""
        self.device = device
        self.keep = keep
        self.backend = backend
        self.blocksize = int(block_seconds * SAMPLE_RATE)
        self.stall_seconds = stall_seconds
        self.level = -90.0
        self._queue: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self._recorded = bytearray()
        self._stream: Any = None

    def _callback(self, indata: Any, frames: int, time: Any, status: Any) -> None:
        self._queue.put(bytes(indata))

    def start(self) -> None:
        sd = self.backend or sounddevice()
        self._recorded.clear()
        try:
            self._stream = sd.RawInputStream(
                samplerate=SAMPLE_RATE,
                channels=1,
                dtype="int16",
                blocksize=self.blocksize,
                device=self.device,
                latency="high",  # a reply is scored after it ends: never drop a sample
                callback=self._callback,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self._stream = None
            which = f"microphone {self.device!r}" if self.device is not None else "a microphone"
            raise AudioError(
                f"cannot record from {which} ({exc}); plug one in, or pick one from "
                "`trainer audio devices`"
            ) from None

    def read(self, timeout: float | None = None) -> bytes:
        """The next chunk (``block_seconds`` of audio); kept in ``recorded``."""
        if self._stream is None:
            raise AudioError("the recorder is not started")
        try:
            chunk = self._queue.get(timeout=timeout or self.stall_seconds)
        except queue.Empty:
            if timeout is not None and self._stream.active:
                return b""
            recorded = bytes(self._recorded)
            self.close()
            raise MicrophoneLost(
                "the microphone stopped sending sound (unplugged or taken by another program?); "
                f"kept the {len(recorded) / 2 / SAMPLE_RATE:.1f} s recorded before it stopped",
                recorded,
            ) from None
        if self.keep:
            self._recorded += chunk
        self.level = level_db(chunk)
        return chunk

    @property
    def recorded(self) -> bytes:
        return bytes(self._recorded)

    def stop(self) -> bytes:
        """Stop recording; everything recorded, including what was not read yet."""
        self.close()
        while True:
            try:
                self._recorded += self._queue.get_nowait()
            except queue.Empty:
                return bytes(self._recorded)

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.abort()
                stream.close()
            except Exception:  # noqa: BLE001 - a vanished device may fail to close; nothing to save
                pass

    def __enter__(self) -> SoundDeviceRecorder:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
