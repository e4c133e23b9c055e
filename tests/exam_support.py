"""Exams for storage and room tests: a supervisor, a cohort of three, an exam of three
scenarios, and sittings with scored (typed) replies recorded like a real call's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.storage_support import FakePack, tone
from trainer.core.scoring import score_expected
from trainer.supervision import Exam, Supervision

PIN = "482613"
EXPECTED = "您好，宇和物业客户服务中心，请讲"
SCENARIOS = ("transfer", "pardon", "not-at-desk")  # in property-zh
COHORT = ("Kim Minji", "Lee Minho", "Park Jisoo")


def set_up(service: Supervision, *, due_in_days: float = 7.0) -> tuple[Any, Exam]:
    """(the signed-in supervisor, an exam of three scenarios due in ``due_in_days``, for the
    cohort 2026-11 of three trainees)."""
    repo = service.repository
    repo.add_supervisor("Lee Supervisor", PIN)
    for name in COHORT:
        service.add_trainee(name, "2026-11")
    boss = service.sign_in("Lee Supervisor", PIN)
    exam = service.save_exam(
        "十一月考核", pack=FakePack(), scenarios=list(SCENARIOS), pass_mark=80.0,
        supervisor=boss, cohorts=["2026-11"],
        due_at=datetime.now(UTC) + timedelta(days=due_in_days), attempt_limit=2,
    )  # fmt: skip
    return boss, exam


def sit(
    service: Supervision, trainee: str, exam: Exam, reply: str = EXPECTED, *, end: bool = True
) -> list[int]:
    """One sitting: a call per scenario in order, one typed reply each, with a recording;
    returns the attempt ids. With ``end=False`` the last call is left open (in progress)."""
    repo = service.repository
    person = repo.ensure_trainee(trainee)
    ids = []
    for n, scenario in enumerate(exam.scenarios):
        call_id = repo.start_call(
            person.id, pack=FakePack(), scenario_id=scenario, mode="exam", exam_id=exam.id,
            pickup_ring=1,
        )  # fmt: skip
        verdict = score_expected(reply, EXPECTED, "zh")
        saved = repo.record_attempt(
            call_id, turn_id="phone.answer", step_index=0, transcript=reply, verdict=verdict,
            audio=tone(0.2),
        )  # fmt: skip
        ids.append(saved.id)
        if end or n < len(exam.scenarios) - 1:
            repo.end_call(call_id, total_score=verdict.score, passed=verdict.passed)
    return ids
