"""Migration tests, run against SQLite (tests/unit/test_storage_migrations.py) and PostgreSQL
(tests/adapters/test_postgres_migrations.py); the importing module provides ``db_url``."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from tests.storage_support import FakePack
from trainer.core.record import reason_texts
from trainer.storage import Database, migrate, open_repository
from trainer.storage.schema import attempts, metadata


def test_upgrade_from_empty_builds_exactly_the_schema(db_url: str) -> None:
    db = Database(db_url)
    assert migrate.current_revision(db) is None
    assert migrate.upgrade(db) is None
    assert migrate.current_revision(db) == migrate.head_revision() == migrate.revisions()[-1]
    diff = db.read(lambda conn: compare_metadata(MigrationContext.configure(conn), metadata))
    assert diff == []
    assert migrate.upgrade(db) == migrate.head_revision()  # a second run changes nothing
    db.dispose()


FIRST_SCHEMA_DATA = [
    "INSERT INTO trainees (id, name, created_at) VALUES (1, 'Kim Minji', '2026-09-01 08:00:00')",
    "INSERT INTO supervisors (id, name, secret_hash, created_at) "
    "VALUES (1, 'Choi', 'not-a-real-hash', '2026-09-01 08:00:00')",
    "INSERT INTO packs (id, pack_id, version, title, language) "
    "VALUES (1, 'property-zh', '1', 'Property', 'zh')",
    "INSERT INTO calls (id, trainee_id, pack_row, scenario_id, mode, started_at, ended_at, "
    "total_score, passed, pickup_ring) VALUES (1, 1, 1, 'repair.leak', 'practice', "
    "'2026-09-02 09:00:00', '2026-09-02 09:03:00', 72.5, false, 3)",
    "INSERT INTO attempts (id, uid, call_id, turn_id, step_index, transcript, words, timings, "
    "score, passed, breakdown, scorer_version, expected_text, created_at) VALUES (1, 'u1', 1, "
    "'phone.answer', 0, '您好 物业', '[]', '{\"answer_ring\": 3}', 72.5, false, "
    '\'{"score": 72.5, "reasons": ["The phrase must include “请讲”.", '
    '"Took 2.5 s to start replying; answer promptly.", "Said too little"]}\', '
    "'0.9', '您好，宇和物业客户服务中心，请讲', '2026-09-02 09:00:30')",
    "INSERT INTO reviews (id, attempt_id, supervisor_id, score, passed, comment, created_at) "
    "VALUES (1, 1, 1, 81, true, 'microphone clipped the start', '2026-09-03 10:00:00')",
]


def test_upgrade_from_the_first_schema_keeps_its_data(db_url: str, tmp_path: Path) -> None:
    first = migrate.revisions()[0]
    db = Database(db_url)
    migrate.upgrade(db, first)
    assert migrate.current_revision(db) == first
    db.write(lambda conn: [conn.execute(text(sql)) for sql in FIRST_SCHEMA_DATA])
    if db.dialect == "postgresql":  # explicit ids above: move the sequences past them
        db.write(lambda conn: [conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), 1)"))
            for t in ("trainees", "supervisors", "packs", "calls", "attempts", "reviews")])  # fmt: skip
    db.dispose()

    with open_repository(db_url, recordings_dir=tmp_path / "rec") as repo:  # upgrades on open
        assert migrate.current_revision(repo.db) == migrate.head_revision()
        [row] = repo.attempt_rows()
        assert (row["trainee"], row["cohort"], row["scorer_version"]) == ("Kim Minji", None, "0.9")
        assert row["expected"] == "您好，宇和物业客户服务中心，请讲"
        assert (row["score"], row["scored"], row["overridden"]) == (81, 72.5, True)
        assert row["started_at"].isoformat() == "2026-09-02T09:00:00+00:00"
        # the third turned the old English reasons into codes, shown in the viewer's language
        stored = repo.db.read(lambda c: c.execute(select(attempts.c.breakdown)).scalar_one())
        assert reason_texts(stored, "zh") == [
            "必须说出“请讲”。", "过了2.5秒才开始回答，应及时应答。", "Said too little"
        ]  # fmt: skip
        # what the second revision added works on the old rows
        repo.dispute(1, 1, "the recording cut me off", attempt_id=1)
        assert [r["kind"] for r in repo.responses(1)] == ["dispute"]
        repo.add_trainee("Lee Minho", cohort="2026-11")
        assert [t.name for t in repo.list_trainees(cohort="2026-11")] == ["Lee Minho"]
        call_id = repo.start_call(2, pack=FakePack(), scenario_id="repair.leak")
        assert call_id == 2
