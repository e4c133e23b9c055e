"""Schema migrations (Alembic), run programmatically: on start and by ``trainer db upgrade``.

The migration scripts live in ``migrations/versions`` inside this package; no alembic.ini is
needed. Upgrades take the database's write lock first (SQLite: ``BEGIN IMMEDIATE``;
PostgreSQL: a transaction-scoped advisory lock), so several trainers starting at once on a
fresh database migrate it exactly once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from trainer.storage.database import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_LOCK_KEY = 7_446_163  # any constant: the advisory lock every trainer agrees on


def _config(conn: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def current_revision(db: Database) -> str | None:
    return db.read(lambda conn: MigrationContext.configure(conn).get_current_revision())


def upgrade(db: Database, target: str = "head") -> str | None:
    """Bring the schema up to ``target``; returns the revision the database was at before."""
    if target == "head" and current_revision(db) == head_revision():
        return head_revision()

    def run(conn: Connection) -> str | None:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        before = MigrationContext.configure(conn).get_current_revision()
        command.upgrade(_config(conn), target)
        return before

    return db.write(run)
