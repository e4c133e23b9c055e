"""What the app talks to, in one small bundle: the speech model, the microphone, the speaker,
the packs and the database. ``Services.production()`` builds the real ones (every import
deferred to first use, so the first screen paints before any of them loads); tests build a
``Services`` with fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class Recorder(Protocol):
    level: float

    def start(self) -> None: ...

    def read(self, timeout: float | None = None) -> bytes: ...

    def stop(self) -> bytes: ...

    def close(self) -> None: ...


class Player(Protocol):
    def play_file(self, path: Path | str, *, wait: bool = False) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class LoadedModel:
    name: str
    make: Callable[[], Any]  # a fresh streaming transcriber on the loaded model


@dataclass
class Services:
    load_model: Callable[[str], LoadedModel]  # language -> loaded model; raises ModelError
    make_recorder: Callable[[], Recorder]
    microphone_name: Callable[[], str]  # raises AudioError when there is none
    player: Player | None
    open_store: Callable[[], Any]  # -> storage.Repository; raises StorageError
    load_packs: Callable[[], tuple[list[Any], dict[str, Path]]]  # (packs, pack id -> folder)
    ring_file: Callable[[Any], Path | None] = lambda rule: None
    # the pack folders the last ``load_packs`` left out, each with its first problem
    broken_packs: Callable[[], list[tuple[Path, str]]] = lambda: []

    @classmethod
    def production(cls, *, preload: bool = True, pack: str | None = None) -> Services:
        """The real parts; with ``preload``, the speech model of the pack the app opens on
        (``pack``, else the first installed) starts loading at once, on a thread, before the
        app has painted anything (it is by far the slowest thing to load)."""
        if preload:
            preload_model(pack)
        return cls(
            load_model=_load_vosk,
            make_recorder=_recorder,
            microphone_name=_microphone_name,
            player=_LazyPlayer(),
            open_store=_open_store,
            load_packs=_load_packs,
            broken_packs=lambda: list(_broken),
            ring_file=_ring_file,
        )


_preloads: dict[str, Any] = {}  # language -> Future of the model loading since start-up


def _load_vosk(language: str) -> LoadedModel:
    from trainer.asr import models
    from trainer.asr.vosk import shared_model

    early = _preloads.pop(language, None)
    if early is not None:
        early.exception()  # wait for it; a failure is reported by loading again below
    found = models.find_model(language)
    model = shared_model(found.path.resolve(), language)
    return LoadedModel(found.name, model.transcriber)


def opening_language(pack: str | None = None) -> str | None:
    """The language of the pack the app opens on (``pack``, else the first installed), read
    from its ``language:`` line without parsing the pack; None when there is none."""
    import re

    from trainer.locations import pack_folders  # not trainer.packs: no parser imported yet

    try:
        folders = pack_folders()
        first = folders.get(pack or "") or next(iter(folders.values()), None)
        text = (first / "pack.yaml").read_text(encoding="utf-8") if first else ""
    except OSError:
        return None
    found = re.search(r"^language:\s*['\"]?(\w+)", text, re.MULTILINE)
    return found.group(1) if found else None


def preload_model(pack: str | None = None) -> None:
    """Start loading the model for the language of the pack the app opens on, on a thread.
    Called as early as the process can (``trainer`` calls it before it imports the
    interface); a second call for the same language does nothing."""
    import threading
    from concurrent.futures import Future

    language = opening_language(pack)
    if language is None or language in _preloads:
        return
    # the model's Python imports here, before the interface's: two threads importing at
    # once take turns on one lock, and the model's load (C, on the thread) is what a voice
    # reply waits for
    from trainer.asr import models

    try:
        found = models.find_model(language)
    except Exception:  # noqa: BLE001 - none installed: the app says so when it looks itself
        return
    from trainer.asr.vosk import shared_model

    future: Future[None] = Future()
    _preloads[language] = future

    def load() -> None:
        try:
            shared_model(found.path.resolve(), language)
            future.set_result(None)
        except BaseException as exc:  # noqa: BLE001 - the app's own load reports it
            future.set_exception(exc)

    threading.Thread(target=load, name="model-preload", daemon=True).start()


def _recorder() -> Recorder:
    from trainer.audio.recorder import SoundDeviceRecorder

    return SoundDeviceRecorder()


def _microphone_name() -> str:
    from trainer.audio.recorder import list_devices
    from trainer.errors import AudioError

    inputs = [d for d in list_devices() if d.inputs > 0]
    if not inputs:
        raise AudioError("no microphone found: plug one in (replies can be typed meanwhile)")
    chosen = next((d for d in inputs if d.default_input), inputs[0])
    return chosen.name


def _open_store() -> Any:
    from trainer.supervision import open_repository

    return open_repository()


_broken: list[tuple[Path, str]] = []  # what the last pack listing left out


def _load_packs() -> tuple[list[Any], dict[str, Path]]:
    from trainer.packs.finder import load_packs

    found = load_packs()  # a pack that does not load is left out, and named on screen
    _broken[:] = found.broken
    return found.packs, {
        pack.id: found.folders[key] for key, pack in zip(found.folders, found.packs, strict=True)
    }


def _ring_file(rule: Any) -> Path | None:
    from trainer.voice.ringtone import ring_tone_file

    return ring_tone_file(rule, 1)


class _LazyPlayer:
    """The speaker, opened on the first sound."""

    def __init__(self) -> None:
        self._player: Any = None

    def play_file(self, path: Path | str, *, wait: bool = False) -> None:
        if self._player is None:
            from trainer.audio.player import SoundDevicePlayer

            self._player = SoundDevicePlayer()
        self._player.play_file(path, wait=wait)

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
