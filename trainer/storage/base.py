"""What every part of the repository shares: the database, the recordings folder, the
password hasher, supervisor sessions, and small helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import Connection, CursorResult, Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from trainer.errors import StorageError
from trainer.storage.database import Database
from trainer.storage.schema import audit_log, packs, utcnow


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just added."""
    key = result.inserted_primary_key
    if key is None:
        raise ValueError("the statement inserted no row")
    return int(key[0])


class StoreBase:
    def __init__(self, db: Database, recordings_dir: Path, *, hasher: Any = None):
        self.db = db
        self.recordings_dir = Path(recordings_dir)
        self.hasher: PasswordHasher = hasher or PasswordHasher()
        self._sessions: dict[str, int] = {}  # token -> supervisor id, issued by verify_supervisor
        self._dummy: str | None = None  # hash checked for an unknown supervisor name

    def _insert_ignore(self, conn: Connection, table: Table, **values: Any) -> None:
        """Insert unless a row with the same unique key exists (safe with concurrent writers)."""
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())

    def _pack_row(self, conn: Connection, pack: Any) -> int:
        self._insert_ignore(
            conn, packs, pack_id=pack.id, version=str(pack.version),
            title=getattr(pack, "title", "") or "", language=getattr(pack, "language", "") or "",
        )  # fmt: skip
        return int(
            conn.execute(
                select(packs.c.id).where(
                    packs.c.pack_id == pack.id, packs.c.version == str(pack.version)
                )
            ).scalar_one()
        )

    def _audit(
        self, conn: Connection, actor: str, action: str, subject: str = "", **detail: Any
    ) -> None:
        conn.execute(
            insert(audit_log).values(
                at=utcnow(), actor=actor, action=action, subject=subject, detail=detail or None
            )
        )


def clean_name(text: str, what: str) -> str:
    """A person's, cohort's or exam's name with its spaces tidied; an empty one is refused."""
    text = " ".join(text.split())
    if not text:
        raise StorageError(f"a {what} needs a name")
    return text
