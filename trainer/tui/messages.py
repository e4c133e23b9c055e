"""What happened, as Textual messages posted by workers (past tense; thread-safe to post).

High-rate ones (the level meter, the partial transcript) replace a queued message of the
same kind, so a busy screen shows the latest value instead of working through a backlog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message


class _Replaceable(Message):
    def can_replace(self, message: Message) -> bool:
        return type(message) is type(self)


class ModelLoaded(Message):
    """A speech model is in memory; ``make`` gives a fresh streaming transcriber."""

    def __init__(self, language: str, name: str, make: Callable[[], Any]) -> None:
        super().__init__()
        self.language, self.name, self.make = language, name, make


class MicrophoneFound(Message):
    def __init__(self, device: str) -> None:
        super().__init__()
        self.device = device


class LevelMeasured(_Replaceable):
    """Loudness of the latest microphone chunk, in dBFS."""

    def __init__(self, db: float) -> None:
        super().__init__()
        self.db = db


class DatabaseOpened(Message):
    """The trainee list, read while the app's roster was at `version` (a read that a later
    add overtook is stale and is read again)."""

    def __init__(self, store: Any, trainees: list[str], version: int = 0) -> None:
        super().__init__()
        self.store, self.trainees, self.version = store, trainees, version


class PacksLoaded(Message):
    def __init__(
        self, packs: list[Any], folders: dict[str, Any], broken: list[tuple[Any, str]] | None = None
    ) -> None:
        super().__init__()
        self.packs, self.folders, self.broken = packs, folders, broken or []


class TraineeAdded(Message):
    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class PartialTranscript(_Replaceable):
    """The words heard so far of the reply being spoken."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ReplyEvent(Message):
    """The live reply's state changed: ``kind`` is loading_model, listening, typing, heard or
    typed_because (``detail``: the reason)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__()
        self.kind, self.detail = kind, detail


class LineSaid(Message):
    """A line of the call's transcript (``core.session.Line``): caller or trainee."""

    def __init__(self, line: Any) -> None:
        super().__init__()
        self.line = line


class AttemptScored(Message):
    """A reply was scored (``core.outcome.Attempt``)."""

    def __init__(self, attempt: Any) -> None:
        super().__init__()
        self.attempt = attempt


class CallEnded(Message):
    """The call ran to its end (``core.outcome.CallResult``)."""

    def __init__(self, result: Any) -> None:
        super().__init__()
        self.result = result


class SoundUnavailable(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class AttemptSaved(Message):
    def __init__(self, step: int) -> None:
        super().__init__()
        self.step = step


class CallSaved(Message):
    def __init__(self, call_id: int | None) -> None:
        super().__init__()
        self.call_id = call_id


class ExamsFound(Message):
    """The exams assigned to the trainee (``storage.Exam``), for the scenario chosen."""

    def __init__(self, exams: list[Any], scenario: Any) -> None:
        super().__init__()
        self.exams, self.scenario = exams, scenario


class StatusChanged(Message):
    """The app's speech model, microphone or database status changed."""
