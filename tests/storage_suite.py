"""The repository test suite, run against SQLite (tests/unit/test_storage_repository.py) and
PostgreSQL (tests/adapters/test_postgres_repository.py). The importing module provides a
``db_url`` fixture; everything here works through the public repository API."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import soundfile as sf
from sqlalchemy import update

from tests.storage_support import FakePack, tone
from trainer.core.record import stored_verdict
from trainer.core.scoring import Timing, score_expected
from trainer.errors import StorageError
from trainer.storage import AccessDenied, Repository, Supervisor, open_repository
from trainer.storage.schema import attempts, calls, supervisors

EXPECTED = "您好，宇和物业客户服务中心，请讲"


@pytest.fixture
def repo(db_url: str, tmp_path: Path) -> Repository:
    repository = open_repository(db_url, recordings_dir=tmp_path / "recordings")
    yield repository
    repository.close()


def _call(repo: Repository, name: str = "Kim Minji", cohort: str | None = "2026-11", **kw) -> int:
    trainee = repo.ensure_trainee(name, cohort=cohort)
    return repo.start_call(trainee.id, pack=FakePack(), scenario_id="repair.leak", **kw)


def _attempt(repo: Repository, call_id: int, step: int = 0, reply: str = EXPECTED, **kw):
    verdict = score_expected(reply, EXPECTED, "zh")
    kw.setdefault("audio", tone(0.2))
    return repo.record_attempt(
        call_id, turn_id=f"turn.{step}", step_index=step, transcript=reply, verdict=verdict, **kw
    )


def _backdate(repo: Repository, attempt_id: int, when: datetime) -> None:
    with repo.db.engine.begin() as conn:
        conn.execute(update(attempts).where(attempts.c.id == attempt_id).values(created_at=when))
        conn.execute(
            update(calls)
            .where(calls.c.id == attempts.c.call_id, attempts.c.id == attempt_id)
            .values(started_at=when)
        )


def test_trainees_are_added_listed_and_unique(repo: Repository) -> None:
    repo.add_trainee("Park  Jisoo", cohort="A")
    repo.add_trainee("Lee Minho", cohort="B")
    with pytest.raises(StorageError, match="already a trainee"):
        repo.add_trainee("Park Jisoo")
    assert [t.name for t in repo.list_trainees()] == ["Lee Minho", "Park Jisoo"]
    assert [t.name for t in repo.list_trainees(cohort="A")] == ["Park Jisoo"]
    assert repo.ensure_trainee("Lee Minho").cohort == "B"


def test_an_attempt_keeps_what_it_was_judged_on(repo: Repository) -> None:
    call_id = _call(repo, pickup_ring=2)
    words = [{"word": "您好", "start": 0.1, "end": 0.4, "conf": 0.93}]
    saved = _attempt(repo, call_id, reply="您好，物业，请讲", words=words,
                     timing=Timing(answer_ring=2, response_delay=0.8))  # fmt: skip
    [row] = repo.attempt_rows()
    verdict = score_expected("您好，物业，请讲", EXPECTED, "zh")
    assert row["attempt_id"] == saved.id
    assert row["transcript"] == "您好，物业，请讲"
    assert row["expected"] == verdict.matched
    assert row["score"] == pytest.approx(verdict.score) and row["passed"] is verdict.passed
    assert row["scorer_version"] == verdict.scorer_version
    stored = repo.db.read(
        lambda c: c.execute(attempts.select().where(attempts.c.id == saved.id)).one()
    )
    assert stored.words == words
    assert stored.timings["answer_ring"] == 2 and stored.timings["response_delay"] == 0.8
    assert stored_verdict(stored.breakdown) == verdict  # whole: shown as it was given
    samples, rate = sf.read(saved.recording, dtype="int16")
    assert rate == 16000 and (samples == tone(0.2)).all()
    assert not list(saved.recording.parent.glob("*.tmp"))


def test_times_are_stored_in_utc(repo: Repository) -> None:
    before = datetime.now(UTC)
    _attempt(repo, _call(repo))
    [row] = repo.attempt_rows()
    assert row["created_at"].tzinfo is not None and row["created_at"].utcoffset() == timedelta(0)
    assert before - timedelta(seconds=5) <= row["created_at"] <= datetime.now(UTC)


def test_an_ended_call_is_locked(repo: Repository) -> None:
    call_id = _call(repo)
    _attempt(repo, call_id)
    repo.end_call(call_id, total_score=100.0, passed=True)
    with pytest.raises(StorageError, match="locked"):
        _attempt(repo, call_id, step=1)
    with pytest.raises(StorageError, match="already ended"):
        repo.end_call(call_id, total_score=0.0, passed=False)
    assert repo.counts()["recordings"] == 1
    assert len(list((repo.recordings_dir).rglob("*.flac"))) == 1  # no file for the refused one


def test_an_exam_step_is_answered_once(repo: Repository) -> None:
    repo.add_supervisor("Choi", "246813")
    boss = repo.verify_supervisor("Choi", "246813")
    repo.add_trainee("Kim Minji")
    exam = repo.create_exam("November final", pack=FakePack(), scenarios=["repair.leak"],
                            pass_mark=85, trainee_names=["Kim Minji"], supervisor=boss)  # fmt: skip
    assert exam.scenarios == ("repair.leak",) and exam.trainees == ("Kim Minji",)
    assert [e.name for e in repo.exams_for(repo.trainee("Kim Minji").id)] == ["November final"]
    call_id = _call(repo, mode="exam", exam_id=exam.id)
    _attempt(repo, call_id, step=0)
    with pytest.raises(StorageError, match="exam results are locked"):
        _attempt(repo, call_id, step=0)
    [row] = repo.attempt_rows(exam="November final")
    assert row["mode"] == "exam" and row["exam"] == "November final"


def test_supervisor_pins_are_argon2_hashes(repo: Repository) -> None:
    repo.add_supervisor("Choi", "864213")
    stored = repo.db.read(lambda c: c.execute(supervisors.select()).one())
    assert stored.secret_hash.startswith("$argon2id$") and "864213" not in stored.secret_hash
    assert repo.verify_supervisor("Choi", "864213").name == "Choi"
    for name, pin in (("Choi", "864313"), ("Nobody", "864213")):
        with pytest.raises(AccessDenied, match="wrong supervisor name or PIN"):
            repo.verify_supervisor(name, pin)
    with pytest.raises(StorageError, match="at least 6"):
        repo.add_supervisor("Short", "12")
    assert any(e["action"] == "pin.rejected" for e in repo.audit_entries())


def test_only_a_verified_supervisor_changes_a_score(
    repo: Repository, db_url: str, tmp_path
) -> None:
    saved = _attempt(repo, _call(repo))
    sup_id = repo.add_supervisor("Choi", "135713")
    forged = Supervisor(sup_id, "Choi", token="guessed")
    with pytest.raises(AccessDenied):
        repo.override(saved.id, forged, score=10, comment="forged")
    with open_repository(db_url, recordings_dir=tmp_path / "r2") as other:
        elsewhere = other.verify_supervisor("Choi", "135713")
    with pytest.raises(AccessDenied):  # a session from another repository does not count
        repo.override(saved.id, elsewhere, score=10, comment="replayed")
    boss = repo.verify_supervisor("Choi", "135713")
    with pytest.raises(StorageError, match="comment"):
        repo.override(saved.id, boss, score=60, comment="  ")
    review = repo.override(saved.id, boss, score=60, comment="said the company name wrong")
    [row] = repo.attempt_rows()
    assert (row["score"], row["passed"], row["overridden"]) == (60, False, True)
    assert row["scored"] == 100 and row["scored_passed"] is True  # the scorer's word is kept
    assert [r.comment for r in repo.reviews(saved.id)] == [review.comment]
    assert repo.audit_entries()[0]["action"] == "score.override"


def test_trainees_acknowledge_and_dispute(repo: Repository) -> None:
    call_id = _call(repo)
    saved = _attempt(repo, call_id)
    kim = repo.trainee("Kim Minji")
    repo.acknowledge(kim.id, call_id)
    repo.dispute(kim.id, call_id, "I said it, the microphone cut me off", attempt_id=saved.id)
    other = repo.add_trainee("Someone Else")
    with pytest.raises(StorageError, match="not this trainee"):
        repo.dispute(other.id, call_id, "not mine")
    kinds = [(r["kind"], r["attempt_id"]) for r in repo.responses(call_id)]
    assert kinds == [("acknowledge", None), ("dispute", saved.id)]


def test_purge_removes_old_recordings_in_one_go(repo: Repository) -> None:
    call_id = _call(repo)
    old = _attempt(repo, call_id, step=0)
    new = _attempt(repo, call_id, step=1)
    _backdate(repo, old.id, datetime(2026, 1, 5, tzinfo=UTC))
    size = old.recording.stat().st_size
    result = repo.purge(datetime(2026, 2, 1, tzinfo=UTC))
    assert (result.recordings, result.attempts, result.bytes_freed) == (1, 0, size)
    assert not old.recording.exists() and new.recording.exists()
    rows = {r["attempt_id"]: r for r in repo.attempt_rows()}
    assert rows[old.id]["recording"] is None and rows[new.id]["recording"] is not None
    assert "freed" in result.describe()


def test_purge_with_attempts_deletes_them_and_their_reviews(repo: Repository) -> None:
    call_id = _call(repo)
    old = _attempt(repo, call_id, step=0)
    new = _attempt(repo, call_id, step=1)
    repo.add_supervisor("Choi", "135713")
    repo.override(old.id, repo.verify_supervisor("Choi", "135713"), score=50, comment="late")
    _backdate(repo, old.id, datetime(2025, 12, 1, tzinfo=UTC))
    result = repo.purge(datetime(2026, 1, 1, tzinfo=UTC), with_attempts=True)
    assert (result.recordings, result.attempts) == (1, 1)
    assert [r["attempt_id"] for r in repo.attempt_rows()] == [new.id]
    assert repo.counts()["reviews"] == 0


def test_report_rows_filter_by_trainee_cohort_exam_and_dates(repo: Repository) -> None:
    a = _call(repo, "Kim Minji", cohort="A")
    b = _call(repo, "Lee Minho", cohort="B")
    first = _attempt(repo, a)
    _attempt(repo, b)
    _backdate(repo, first.id, datetime(2026, 3, 10, 9, tzinfo=UTC))
    assert [r["trainee"] for r in repo.attempt_rows(trainee="Lee Minho")] == ["Lee Minho"]
    assert [r["trainee"] for r in repo.attempt_rows(cohort="A")] == ["Kim Minji"]
    assert len(repo.attempt_rows(cohort="*")) == 2
    march = repo.attempt_rows(since=datetime(2026, 3, 1, tzinfo=UTC),
                              until=datetime(2026, 4, 1, tzinfo=UTC))  # fmt: skip
    assert [r["attempt_id"] for r in march] == [first.id]
    assert repo.attempt_rows(exam="no such exam") == []
    assert [c["trainee"] for c in repo.call_rows(cohort="B")] == ["Lee Minho"]


def test_nothing_is_left_behind_when_the_call_is_unknown(repo: Repository) -> None:
    with pytest.raises(StorageError, match="no call 999"):
        _attempt(repo, 999)
    assert not repo.recordings_dir.exists() or not list(repo.recordings_dir.rglob("*"))


def test_purge_clears_files_a_crash_left_behind(repo: Repository) -> None:
    kept = _attempt(repo, _call(repo))
    root = repo.recordings_dir
    stray = [root / "2026/01/05/call9-00-dead.flac", root / "2026/01/05/call9-01-cut.flac.tmp"]
    fresh = root / "2026/01/06/call9-02-writing.flac.tmp"  # a write that may still be going on
    for path in [*stray, fresh]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 1000)
    old = datetime(2026, 1, 5, tzinfo=UTC).timestamp()
    for path in stray:
        os.utime(path, (old, old))
    result = repo.purge(datetime(2026, 2, 1, tzinfo=UTC))
    assert (result.recordings, result.leftovers, result.bytes_freed) == (0, 2, 2000)
    assert not any(p.exists() for p in stray) and not (root / "2026/01/05").exists()
    assert fresh.exists() and kept.recording.exists()
    assert "cleared 2 leftover file(s)" in result.describe()
