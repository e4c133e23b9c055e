"""What the supervisor screens read (trainer/storage/supervision.py) on a real SQLite
repository: dispute status per attempt, filters, one attempt in full."""

from __future__ import annotations

from datetime import date

import pytest

from tests.storage_support import FakePack
from tests.tui.supervision_support import EXPECTED, PIN, SHORT, START, WRONG, add_attempt, open_repo
from trainer.core.record import reason_texts
from trainer.core.scoring import score_expected
from trainer.errors import StorageError
from trainer.storage import Repository
from trainer.storage.supervision import (
    ReviewFilter,
    attempt_detail,
    filter_choices,
    review_rows,
)


@pytest.fixture
def repo() -> Repository:
    repository = open_repo()
    repository.add_supervisor("Lee Supervisor", PIN)
    yield repository
    repository.close()


def two_turn_call(repo: Repository) -> tuple[int, int, int, int]:
    """(trainee id, call id, first attempt id, second attempt id)."""
    kim = repo.ensure_trainee("Kim Minji")
    call_id = repo.start_call(kim.id, pack=FakePack(), scenario_id="transfer")
    ids = []
    for step, reply in enumerate((WRONG, SHORT)):
        verdict = score_expected(reply, EXPECTED, "zh")
        saved = repo.record_attempt(
            call_id, turn_id=f"turn.{step}", step_index=step, transcript=reply, verdict=verdict
        )
        ids.append(saved.id)
    repo.end_call(call_id, total_score=20.0, passed=False)
    return kim.id, call_id, ids[0], ids[1]


def status_of(repo: Repository) -> dict[int, str]:
    return {r["attempt_id"]: r["status"] for r in review_rows(repo)}


def test_a_dispute_of_the_whole_call_covers_each_attempt_until_each_is_reviewed(
    repo: Repository,
) -> None:
    kim, call_id, first, second = two_turn_call(repo)
    repo.dispute(kim, call_id, "the line was noisy")
    assert status_of(repo) == {first: "disputed", second: "disputed"}
    assert {r["dispute"] for r in review_rows(repo)} == {"the line was noisy"}
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    repo.override(first, sup, score=70, comment="Heard it: most of the greeting is there.")
    assert status_of(repo) == {first: "resolved", second: "disputed"}
    assert [r["attempt_id"] for r in review_rows(repo, ReviewFilter(outcome="disputed"))] == [
        second
    ]


def test_a_review_before_the_dispute_does_not_resolve_it(repo: Repository) -> None:
    kim, call_id, first, second = two_turn_call(repo)
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    repo.override(first, sup, score=60, comment="Partly right.")
    repo.dispute(kim, call_id, "60 is still too low", attempt_id=first)
    repo.acknowledge(kim, call_id, attempt_id=second)
    assert status_of(repo) == {first: "disputed", second: "acknowledged"}
    detail = attempt_detail(repo, first)
    assert (detail.status, detail.dispute) == ("disputed", "60 is still too low")
    assert detail.score == 60.0 and detail.overridden and not detail.passed


def test_filters_by_day_pack_scenario_and_outcome(repo: Repository) -> None:
    add_attempt(repo, "Kim Minji", EXPECTED, when=START)  # 2026-11-02
    add_attempt(repo, "Kim Minji", WRONG, when=START.replace(day=5), scenario="pardon")
    add_attempt(repo, "Lee Minho", SHORT, when=START.replace(day=9))

    def days(**kw: object) -> list[str]:
        return [f"{r['created_at']:%d}" for r in review_rows(repo, ReviewFilter(**kw))]

    assert days() == ["09", "05", "02"]  # newest first
    assert days(since=date(2026, 11, 5), until=date(2026, 11, 5)) == ["05"]  # whole days
    assert days(scenario="pardon") == ["05"]
    assert days(outcome="passed") == ["02"]
    assert days(outcome="failed", trainee="Kim Minji") == ["05"]
    assert days(pack="another-pack") == []
    with pytest.raises(StorageError, match="outcome"):
        ReviewFilter(outcome="lost")
    choices = filter_choices(repo)
    assert choices.trainees == ("Kim Minji", "Lee Minho")
    assert (choices.packs, choices.scenarios) == (("property-zh",), ("pardon", "transfer"))


def test_attempt_detail_has_the_breakdown_and_the_recording(repo: Repository) -> None:
    _, attempt_id = add_attempt(repo, "Kim Minji", SHORT, when=START)
    d = attempt_detail(repo, attempt_id)
    verdict = score_expected(SHORT, EXPECTED, "zh")
    assert (d.trainee, d.pack, d.language, d.scenario) == (
        "Kim Minji", "property-zh", "zh", "transfer"
    )  # fmt: skip
    assert d.transcript == SHORT and d.expected == verdict.matched
    assert d.score == d.scored == pytest.approx(verdict.score) and not d.overridden
    assert reason_texts(d.breakdown, "zh") == verdict.reason_texts("zh")
    assert d.recording is not None and d.recording.is_file()
    with pytest.raises(StorageError, match="no attempt"):
        attempt_detail(repo, 9999)
