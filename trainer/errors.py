"""Errors a user can act on: every message says what went wrong and how to fix it."""

from __future__ import annotations


class TrainerError(Exception):
    """Base class: shown to the user as one line (CLI: exit 2; app: a notification)."""

    exit_code = 2


class PackError(TrainerError):
    """A script pack could not be read; carries every problem found."""

    def __init__(self, problems: list[PackProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class PackProblem:
    def __init__(self, file: str, line: int | None, field: str, message: str):
        self.file, self.line, self.field, self.message = file, line, field, message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}


class PackNotFound(TrainerError):
    pass


class ModelError(TrainerError):
    """A speech model is missing, broken or could not be installed."""


class AudioError(TrainerError):
    """A recording could not be read, or a device could not be used."""


class StorageError(TrainerError):
    """The database could not be reached or written."""
