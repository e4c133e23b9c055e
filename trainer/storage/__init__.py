"""Storage: SQLite (default) or PostgreSQL through SQLAlchemy Core, Alembic migrations, FLAC
recordings. Start with ``open_repository()``; see ``repository`` for the API."""

from trainer.storage.database import Database
from trainer.storage.records import (
    AccessDenied,
    Exam,
    PurgeResult,
    Review,
    SavedAttempt,
    Supervisor,
    Trainee,
)
from trainer.storage.repository import Repository, open_repository

__all__ = [
    "AccessDenied",
    "Database",
    "Exam",
    "PurgeResult",
    "Repository",
    "Review",
    "SavedAttempt",
    "Supervisor",
    "Trainee",
    "open_repository",
]
