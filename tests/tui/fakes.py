"""Stand-ins for the microphone, the recogniser, the speaker and the packs, for screen tests."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from trainer.asr.base import Transcript, Word
from trainer.errors import AudioError, ModelError
from trainer.tui.services import LoadedModel, Services

CHUNK = (3000).to_bytes(2, "little", signed=True) * 800  # 50 ms at about -21 dBFS, 16 kHz


class FakeRecorder:
    """Gives 50 ms chunks; ``lose_after`` chunks then fails like an unplugged microphone."""

    def __init__(self, lose_after: int | None = None, pace: float = 0.005):
        self.level = -90.0
        self.lose_after, self.pace = lose_after, pace
        self.started = 0
        self._read = 0

    def start(self) -> None:
        self.started += 1

    def read(self, timeout: float | None = None) -> bytes:
        time.sleep(self.pace)
        self._read += 1
        if self.lose_after is not None and self._read > self.lose_after:
            from trainer.audio.recorder import MicrophoneLost

            raise MicrophoneLost("the microphone stopped sending sound (unplugged?)", b"")
        return CHUNK

    def stop(self) -> bytes:
        return CHUNK * 4

    def close(self) -> None:
        pass


class FakeTranscriber:
    """Hears ``replies`` one after the other: each is revealed word by word over a few chunks,
    then the utterance ends. An empty reply is silence (nothing is ever heard)."""

    language = "zh"

    def __init__(self, replies: list[str], chunks_per_reply: int = 6):
        self.replies, self.per = list(replies), chunks_per_reply
        self.partials: list[str] = []
        self._fed = 0

    @property
    def _current(self) -> str:
        return self.replies[0] if self.replies else ""

    def feed(self, chunk: bytes) -> bool:
        self._fed += 1
        return bool(self._current) and self._fed >= self.per

    def partial(self) -> str:
        text = self._current
        shown = text[: len(text) * min(self._fed, self.per) // self.per]
        self.partials.append(shown)
        return shown

    def finish(self) -> Transcript:
        text = self.replies.pop(0) if self.replies else ""
        self._fed = 0
        words = (Word(text, 0.4, 0.4 + 0.25 * len(text), 0.9),) if text else ()
        return Transcript(text, words, duration=2.0, language="zh")

    def reset(self) -> None:
        self._fed = 0


class FakePlayer:
    def __init__(self) -> None:
        self.played: list[str] = []

    def play_file(self, path: Path | str, *, wait: bool = False) -> None:
        self.played.append(Path(path).name)

    def stop(self) -> None:
        pass


def services(
    *,
    replies: list[str] | None = None,
    microphone: bool = True,
    model: bool = True,
    store: Any = None,
    recorders: list[FakeRecorder] | None = None,
    player: FakePlayer | None = None,
) -> Services:
    from trainer.packs import load_pack_file, pack_folders

    transcriber = FakeTranscriber(replies or [])

    def load_model(language: str) -> LoadedModel:
        if not model:
            raise ModelError(
                f"no speech model for {language!r} is installed; run `trainer model install "
                f"{language}`, or `trainer model install --from FILE.zip`"
            )
        return LoadedModel("fake-model", lambda: transcriber)

    def microphone_name() -> str:
        if not microphone:
            raise AudioError("no microphone found")
        return "Fake USB headset"

    def open_store() -> Any:
        if store is not None:
            return store
        from trainer.storage import open_repository

        return open_repository()

    def load_packs() -> tuple[list[Any], dict[str, Path]]:
        folder = pack_folders()["property-zh"]
        return [load_pack_file(folder)], {"property-zh": folder}

    queue = list(recorders or [])

    def make_recorder() -> FakeRecorder:
        return queue.pop(0) if queue else FakeRecorder()

    out = Services(
        load_model=load_model,
        make_recorder=make_recorder,
        microphone_name=microphone_name,
        player=player,
        open_store=open_store,
        load_packs=load_packs,
        ring_file=lambda rule: Path(f"ring-{rule.ring_seconds:g}s.wav"),
    )
    out.transcriber = transcriber  # type: ignore[attr-defined]
    return out
