"""Exams, cohorts, sign-in and overrides through the supervision service on a real SQLite
repository (the PostgreSQL room test runs the same service at several seats)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.exam_support import COHORT, EXPECTED, PIN, SCENARIOS, set_up, sit
from tests.storage_support import FakePack
from tests.tui.supervision_support import WRONG, add_attempt, open_repo
from trainer.core.scoring import Timing, score_expected
from trainer.storage import Repository
from trainer.supervision import (
    AccessDenied,
    ExamNameTaken,
    ReviewFilter,
    Supervision,
    SupervisorLocked,
)


@pytest.fixture
def service() -> Supervision:
    repo = open_repo()
    yield Supervision(repo)
    repo.close()


def test_exam_results_are_hidden_from_the_trainee_until_released(service: Supervision) -> None:
    boss, exam = set_up(service)
    sit(service, "Kim Minji", exam)
    mine = ReviewFilter(trainee="Kim Minji")
    assert len(service.review_rows(mine)) == 3  # the supervisor sees them
    assert service.review_rows(mine, for_trainee=True) == []
    hidden = service.progress("Kim Minji")
    assert hidden.scores == () and hidden.hidden == 3
    service.release_exam(exam, boss)
    assert len(service.review_rows(mine, for_trainee=True)) == 3
    assert service.progress("Kim Minji").scores == (100.0, 100.0, 100.0)
    assert service.repository.audit_entries(1)[0]["action"] == "exam.release"


def test_cohort_assignment_sittings_and_completion(service: Supervision) -> None:
    boss, exam = set_up(service, due_in_days=-1)  # already due
    service.add_trainee("Choi Yuna", "2026-12")
    assert [t.name for t in service.who_sits(exam)] == list(COHORT)
    sit(service, "Kim Minji", exam)  # passes
    sit(service, "Lee Minho", exam, WRONG)  # fails
    done = {c.trainee: c for c in service.completion(exam)}
    assert (done["Kim Minji"].sat, done["Kim Minji"].passed, done["Kim Minji"].overdue) == (
        True, True, False,
    )  # fmt: skip
    assert (done["Lee Minho"].sat, done["Lee Minho"].passed) == (True, False)
    assert (done["Park Jisoo"].sat, done["Park Jisoo"].overdue) == (False, True)
    kim = {a.exam.name: a for a in service.assigned("Kim Minji")}["十一月考核"]
    assert (kim.sittings, kim.left, kim.can_sit) == (1, 1, True)
    sit(service, "Kim Minji", exam)
    assert service.assigned("Kim Minji")[0].can_sit is False  # two sittings allowed, both used
    assert service.assigned("Choi Yuna") == []  # another cohort
    service.set_cohort("Choi Yuna", "2026-11")  # moved: the cohort's exam is hers too
    assert [a.exam.name for a in service.assigned("Choi Yuna")] == ["十一月考核"]
    closed = service.close_exam(exam, boss)
    assert closed.closed and not service.assigned("Choi Yuna")[0].can_sit


def test_exams_are_edited_duplicated_and_names_stay_unique(service: Supervision) -> None:
    boss, exam = set_up(service)
    copy = service.duplicate_exam(exam, "十二月考核", boss)
    assert (copy.scenarios, copy.cohorts, copy.attempt_limit) == (SCENARIOS, ("2026-11",), 2)
    assert not copy.released and not copy.closed
    with pytest.raises(ExamNameTaken):
        service.duplicate_exam(exam, "十二月考核", boss)
    edited = service.save_exam(
        "十二月考核", pack=FakePack(), scenarios=["pardon"], pass_mark=70, supervisor=boss,
        trainee_names=["Kim Minji"], exam_id=copy.id, attempt_limit=None,
    )  # fmt: skip
    assert (edited.scenarios, edited.trainees, edited.cohorts) == (("pardon",), ("Kim Minji",), ())
    assert edited.attempt_limit is None and edited.pass_mark == 70
    assert [e.name for e in service.exams()] == ["十一月考核", "十二月考核"]


def test_wrong_pins_lock_the_supervisor_for_a_while(service: Supervision) -> None:
    repo = service.repository
    repo.add_supervisor("Lee Supervisor", PIN)
    for _ in range(4):
        with pytest.raises(AccessDenied):
            service.sign_in("Lee Supervisor", "000000")
    with pytest.raises(SupervisorLocked) as locked:
        service.sign_in("Lee Supervisor", "000000")
    assert locked.value.minutes == 15
    with pytest.raises(SupervisorLocked):  # even the right PIN, until the lock runs out
        service.sign_in("Lee Supervisor", PIN)
    assert [e["action"] for e in repo.audit_entries(2)] == ["pin.locked", "pin.rejected"]
    later = datetime.now(UTC) + timedelta(minutes=16)
    assert repo.sign_in("Lee Supervisor", PIN, now=later).name == "Lee Supervisor"


def test_an_override_is_judged_against_the_packs_pass_mark() -> None:
    repo = open_repo()
    lenient = FakePack()
    service = Supervision(repo, packs=[_Pack(lenient.id, pass_mark=60)])
    repo.add_supervisor("Lee Supervisor", PIN)
    _, attempt_id = add_attempt(repo, "Kim Minji", WRONG, when=datetime.now(UTC))
    boss = service.sign_in("Lee Supervisor", PIN)
    review = service.override(attempt_id, boss, score=65, comment="heard it on the recording")
    assert review.passed  # 65 passes a pack whose mark is 60 (a fixed 80 would fail it)
    assert service.review_rows()[0].passed and service.review_rows()[0].overridden
    repo.close()


def test_a_mock_exam_shows_as_one_and_a_late_pickup_is_named(service: Supervision) -> None:
    repo = service.repository
    _, attempt_id = add_attempt(repo, "Kim Minji", EXPECTED, when=datetime.now(UTC), mode="exam")
    row = service.review_rows()[0]
    assert (row.attempt_id, row.mode, row.released, row.late) == (attempt_id, "mock", True, False)
    person = repo.ensure_trainee("Lee Minho")
    call_id = repo.start_call(person.id, pack=FakePack(), scenario_id="transfer", pickup_ring=5)
    timing = Timing(answer_ring=5, max_rings=3)
    verdict = score_expected(EXPECTED, EXPECTED, "zh", timing=timing)
    repo.record_attempt(call_id, turn_id="phone.answer", step_index=0, transcript=EXPECTED,
                        verdict=verdict, timing=timing)  # fmt: skip
    late = service.review_rows(ReviewFilter(trainee="Lee Minho"))[0]
    assert (late.passed, late.late) == (False, True)


def test_a_recording_made_at_another_seat_is_replayed_from_the_database(
    service: Supervision, tmp_path: Path
) -> None:
    _, exam = set_up(service)
    ids = sit(service, "Kim Minji", exam)
    other = Supervision(Repository(service.repository.db, tmp_path / "seat2"))
    path = other.recording(ids[0])
    assert path is not None and path.is_file() and path.is_relative_to(tmp_path / "seat2")
    made = service.repository.fetch_recording(ids[0])
    assert made is not None and path.read_bytes() == made.read_bytes()
    assert other.attempt(ids[1]).recording.read_bytes()[:4] == b"fLaC"


class _Pack:
    def __init__(self, pack_id: str, pass_mark: int) -> None:
        self.id, self.pass_mark, self.turns, self.scenarios = pack_id, pass_mark, {}, ()
