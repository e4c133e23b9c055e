"""What the repository hands back: small frozen records, no database objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from trainer.errors import TrainerError


@dataclass(frozen=True)
class Trainee:
    id: int
    name: str
    cohort: str | None = None
    removed: bool = False  # off the roster, attempts kept


@dataclass(frozen=True)
class RemovedTrainee:
    name: str
    purged: bool
    calls: int
    attempts: int
    recordings: int

    def describe(self) -> str:
        if self.purged:
            return (
                f"trainee {self.name} removed with {self.calls} call(s), {self.attempts} "
                f"attempt(s) and {self.recordings} recording(s)"
            )
        return (
            f"trainee {self.name} removed from the roster; their {self.calls} call(s) and "
            f"{self.attempts} attempt(s) are kept"
        )


@dataclass(frozen=True)
class Supervisor:
    """A supervisor whose PIN was just verified. Only ``Repository.verify_supervisor`` makes
    one the repository accepts: ``token`` is checked against the ones it issued."""

    id: int
    name: str
    token: str = field(repr=False, default="")
    # signed in with a PIN shorter than today's rule (set before it): ask for a new one
    pin_too_short: bool = False


@dataclass(frozen=True)
class Exam:
    id: int
    name: str
    pack_id: str
    pack_version: str
    pass_mark: float
    scenarios: tuple[str, ...]
    trainees: tuple[str, ...]
    cohorts: tuple[str, ...] = ()  # every trainee of these cohorts sits it too
    attempt_limit: int | None = None  # sittings allowed; None: no limit
    due_at: datetime | None = None
    released_at: datetime | None = None  # results shown to trainees from then on
    closed_at: datetime | None = None  # no more sittings

    @property
    def released(self) -> bool:
        return self.released_at is not None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class SavedAttempt:
    """An attempt whose row is committed (and whose recording, if any, is on disk)."""

    id: int
    uid: str
    recording: Path | None


@dataclass(frozen=True)
class Review:
    id: int
    attempt_id: int
    supervisor: str
    score: float
    passed: bool
    comment: str
    at: datetime


@dataclass(frozen=True)
class PurgeResult:
    recordings: int  # files removed
    attempts: int  # attempt rows removed (0 unless asked)
    bytes_freed: int
    leftovers: int = 0  # files no attempt refers to (a write cut short by a crash)

    def describe(self) -> str:
        mb = self.bytes_freed / 1_000_000
        text = f"removed {self.recordings} recording(s), freed {mb:.1f} MB"
        text += f", deleted {self.attempts} attempt(s)" if self.attempts else ""
        return text + (f", cleared {self.leftovers} leftover file(s)" if self.leftovers else "")


@dataclass(frozen=True)
class RepairResult:
    calls_closed: int  # calls a crash left open, now ended
    leftovers: int  # files no attempt refers to, removed
    bytes_freed: int

    def describe(self) -> str:
        mb = self.bytes_freed / 1_000_000
        return (
            f"closed {self.calls_closed} call(s) left open by a crash; removed "
            f"{self.leftovers} leftover file(s), freed {mb:.1f} MB"
        )


class ExamNameTaken(TrainerError):
    """Another exam already has this name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"there is already an exam called {name!r}")
        self.name = name


class SupervisorLocked(TrainerError):
    """Too many wrong PINs for this supervisor in a short time."""

    def __init__(self, minutes: int) -> None:
        super().__init__(f"too many wrong PINs: try again in {minutes} minute(s)")
        self.minutes = minutes


class AccessDenied(TrainerError):
    """A supervisor's name or PIN did not check out, or a trainee tried a supervisor's action."""
