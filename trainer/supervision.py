"""Supervision: the one headless service for reviews, overrides, standings, weakest turns,
exams, cohorts, sign-in and reports' data. The supervisor screens, ``trainer report`` and the
CLI all ask it, and get typed records back; none of them talks to storage.

    service = Supervision(open_repository(), packs=loaded_packs)
    boss = service.sign_in("Lee", "482613")            # SupervisorLocked after too many tries
    for row in service.review_rows(ReviewFilter(outcome="disputed")): ...
    service.override(row.attempt_id, boss, score=85, comment="heard it on the recording")

Exam results stay hidden from trainees (``for_trainee=True``) until a supervisor releases the
exam. An override is judged against the exam's pass mark, else the pack's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trainer.core.progress import (
    CohortRow,
    KindStat,
    Standing,
    TurnStat,
    by_kind,
    cohort,
    standing,
    weakest_turns,
)
from trainer.reports.data import ReportData, Scope
from trainer.storage import (
    AccessDenied,
    Exam,
    Repository,
    Review,
    Supervisor,
    Trainee,
    open_repository,
)
from trainer.storage.records import ExamNameTaken, SupervisorLocked
from trainer.storage.supervision import AttemptDetail, Choices, ReviewFilter, attempt_detail
from trainer.storage.supervision import filter_choices as _filter_choices
from trainer.storage.supervision import review_rows as _review_rows

__all__ = [
    "AccessDenied", "AttemptDetail", "AttemptRow", "Choices", "Completion", "Exam",
    "ExamNameTaken", "ReviewFilter", "Review", "RoomSeat", "Supervision", "Supervisor",
    "SupervisorLocked", "Trainee", "TraineeProgress", "open_repository",
]  # fmt: skip

MOCK = "mock"  # the mode shown for an exam call made without an assigned exam


@dataclass(frozen=True)
class AttemptRow:
    """One scored reply as a list shows it; ``score``/``passed`` are effective (the latest
    override), ``scored`` what the scorer said."""

    attempt_id: int
    call_id: int
    trainee: str
    cohort: str | None
    created_at: datetime
    pack: str
    scenario: str
    turn: str
    mode: str  # practice | exam | mock (an exam call with no assigned exam)
    exam: str | None
    score: float
    passed: bool
    scored: float
    overridden: bool
    late: bool  # failed for a late pick-up (answered after the pack's rings)
    released: bool  # a trainee may see it (practice, a mock exam, a released exam)
    status: str = ""  # disputed | resolved | acknowledged | ""
    dispute: str = ""


@dataclass(frozen=True)
class TraineeProgress:
    scores: tuple[float, ...]
    standing: Standing
    weakest: tuple[TurnStat, ...]
    hidden: int  # exam attempts not released yet
    kinds: dict[str, KindStat] = field(default_factory=dict)  # scenario and quiz turns apart


@dataclass(frozen=True)
class Completion:
    """One trainee's standing in one exam."""

    trainee: str
    cohort: str | None
    sittings: int
    sat: bool  # every scenario answered in some sitting
    score: float | None  # mean effective score over the latest call of each scenario
    passed: bool | None
    overdue: bool


@dataclass(frozen=True)
class AssignedExam:
    exam: Exam
    sittings: int
    left: int | None  # sittings left; None: no limit

    @property
    def can_sit(self) -> bool:
        return not self.exam.closed and (self.left is None or self.left > 0)


@dataclass(frozen=True)
class RoomSeat:
    """Who is in which call now (or was last), and how many turns passed so far."""

    trainee: str
    scenario: str
    mode: str
    in_call: bool
    started_at: datetime
    turns: int
    passed: int
    pack: str | None = None  # the pack of the call, for the scenario's title


def _late(timings: Any) -> bool:
    t = timings or {}
    ring, most = t.get("answer_ring"), t.get("max_rings")
    return ring is not None and most is not None and ring > most


def _row(r: dict[str, Any]) -> AttemptRow:
    mode = r["mode"]
    if mode == "exam" and r.get("exam_id") is None:
        mode = MOCK
    released = mode != "exam" or r.get("released_at") is not None
    return AttemptRow(
        attempt_id=r["attempt_id"], call_id=r["call_id"], trainee=r["trainee"],
        cohort=r.get("cohort"), created_at=r["created_at"], pack=r["pack"],
        scenario=r["scenario"], turn=r["turn"], mode=mode, exam=r.get("exam"),
        score=float(r["score"]), passed=bool(r["passed"]), scored=float(r["scored"]),
        overridden=bool(r.get("overridden")), late=_late(r.get("timings")) and not r["passed"],
        released=released, status=r.get("status", ""), dispute=r.get("dispute", ""),
    )  # fmt: skip


class Supervision:
    def __init__(self, repository: Repository, *, packs: Sequence[Any] = ()) -> None:
        self.repository = repository
        self.packs = {p.id: p for p in packs}

    @classmethod
    def of(cls, given: Any) -> Supervision:
        """The service itself, or one over a repository."""
        return given if isinstance(given, Supervision) else cls(given)

    def know_packs(self, packs: Sequence[Any]) -> None:
        """Packs loaded since the service was made (their pass marks judge overrides)."""
        for pack in packs:
            self.packs.setdefault(pack.id, pack)

    # -- people -----------------------------------------------------------------------------

    def sign_in(self, name: str, pin: str) -> Supervisor:
        return self.repository.sign_in(name, pin)

    def change_pin(self, supervisor: Supervisor, new_pin: str) -> Supervisor:
        """A signed-in supervisor's new PIN (the storage's rule for new PINs applies)."""
        return self.repository.change_pin(supervisor, new_pin)  # type: ignore[attr-defined,no-any-return]

    def trainees(self, cohort: str | None = None) -> list[Trainee]:
        return self.repository.list_trainees(cohort=cohort)

    def trainee(self, name: str) -> Trainee:
        return self.repository.trainee(name)

    def add_trainee(self, name: str, cohort: str | None = None) -> Trainee:
        return self.repository.ensure_trainee(name, cohort=" ".join((cohort or "").split()) or None)

    def set_cohort(self, name: str, cohort: str | None) -> Trainee:
        return self.repository.set_cohort(name, cohort)

    def cohorts(self) -> list[str]:
        return self.repository.cohort_names()

    # -- reviews ----------------------------------------------------------------------------

    def review_rows(
        self, flt: ReviewFilter | None = None, *, for_trainee: bool = False
    ) -> list[AttemptRow]:
        """Attempts, newest first; ``for_trainee`` leaves out unreleased exam results."""
        rows = [_row(r) for r in _review_rows(self.repository, flt)]
        return [r for r in rows if r.released] if for_trainee else rows

    def filter_choices(self) -> Choices:
        return _filter_choices(self.repository)

    def attempt(self, attempt_id: int) -> AttemptDetail:
        import dataclasses

        detail = attempt_detail(self.repository, attempt_id)
        if detail.recording is not None and not detail.recording.is_file():
            detail = dataclasses.replace(
                detail, recording=self.repository.fetch_recording(attempt_id)
            )
        return detail

    def recording(self, attempt_id: int) -> Path | None:
        """The attempt's recording on this seat (copied from the database when it was made at
        another seat); None when there is none."""
        return self.repository.fetch_recording(attempt_id)

    def pass_mark(self, pack_id: str) -> float | None:
        pack = self.packs.get(pack_id)
        return float(pack.pass_mark) if pack is not None else None

    def override(
        self, attempt_id: int, supervisor: Supervisor, *, score: float, comment: str
    ) -> Review:
        """A new effective score with who, when and why; pass or fail by the exam's pass mark,
        else the pack's."""
        detail = attempt_detail(self.repository, attempt_id)
        return self.repository.override(
            attempt_id, supervisor, score=score, comment=comment,
            pass_mark=self.pass_mark(detail.pack),
        )  # fmt: skip

    def acknowledge(self, trainee: Trainee, call_id: int, attempt_id: int | None = None) -> None:
        self.repository.acknowledge(trainee.id, call_id, attempt_id)

    def dispute(
        self, trainee: Trainee, call_id: int, reason: str, attempt_id: int | None = None
    ) -> None:
        self.repository.dispute(trainee.id, call_id, reason, attempt_id=attempt_id)

    # -- standings --------------------------------------------------------------------------

    def progress(self, name: str, *, for_trainee: bool = True) -> TraineeProgress:
        """A trainee's scores oldest first, standing, weakest turns and scenario and quiz
        turns counted apart; unreleased exam results are left out when the trainee is looking."""
        rows = list(reversed(self.review_rows(ReviewFilter(trainee=name))))
        shown = [r for r in rows if r.released or not for_trainee]
        scores = tuple(r.score for r in shown)
        weakest = weakest_turns(self.results(shown))
        kinds = by_kind(self.results(shown))
        hidden = len(rows) - len(shown)
        return TraineeProgress(scores, standing(scores), tuple(weakest), hidden, kinds)

    @staticmethod
    def results(rows: Iterable[AttemptRow]) -> list[tuple[str, float, bool]]:
        return [(r.turn, r.score, r.passed) for r in rows]

    def standings(
        self, group: str | None = None, *, leaderboard: bool = True
    ) -> tuple[list[CohortRow], dict[str, str]]:
        """The cohort table: every trainee of ``group`` (every trainee when None), the
        strongest first, or by name when the leaderboard is off; and each one's cohort."""
        rows = self.repository.attempt_rows(cohort=group)
        results = [(r["trainee"], float(r["score"]), bool(r["passed"])) for r in rows]
        table = cohort(results)
        people = self.trainees(group)
        seen = {r.trainee for r in table}
        table += [CohortRow(p.name, 0, 0, standing([]), None) for p in people if p.name not in seen]
        if not leaderboard:
            table.sort(key=lambda r: r.trainee)
        return table, {p.name: p.cohort or "" for p in people}

    # -- exams ------------------------------------------------------------------------------

    def exams(self) -> list[Exam]:
        return self.repository.list_exams()

    def exam(self, name: str) -> Exam:
        return self.repository.exam(name)

    def save_exam(self, name: str, **kwargs: Any) -> Exam:
        return self.repository.save_exam(name, **kwargs)

    def duplicate_exam(self, exam: Exam, new_name: str, supervisor: Supervisor) -> Exam:
        return self.repository.duplicate_exam(exam.id, new_name, supervisor)

    def close_exam(self, exam: Exam, supervisor: Supervisor, *, closed: bool = True) -> Exam:
        return self.repository.close_exam(exam.id, supervisor, closed=closed)

    def release_exam(self, exam: Exam, supervisor: Supervisor) -> Exam:
        return self.repository.release_exam(exam.id, supervisor)

    def assigned(self, trainee_name: str) -> list[AssignedExam]:
        """The trainee's exams (by name or cohort), soonest due first."""
        person = self.repository.ensure_trainee(trainee_name)
        out = []
        for exam in self.repository.exams_for(person.id):
            n = self.repository.sittings(exam, person.id)
            left = None if exam.attempt_limit is None else max(0, exam.attempt_limit - n)
            out.append(AssignedExam(exam, n, left))
        return out

    def who_sits(self, exam: Exam) -> list[Trainee]:
        named = {t.name: t for t in self.trainees() if t.name in exam.trainees}
        for group in exam.cohorts:
            named.update({t.name: t for t in self.trainees(group)})
        return sorted(named.values(), key=lambda t: t.name)

    def completion(self, exam: Exam, *, now: datetime | None = None) -> list[Completion]:
        """Per trainee assigned (by name or cohort): sittings, sat it, score, passed, overdue."""
        now = now or datetime.now(UTC)
        rows = self.repository.attempt_rows(exam=exam.name)
        calls = self.repository.call_rows(exam=exam.name)
        out = []
        for person in self.who_sits(exam):
            latest: dict[str, int] = {}
            for c in calls:
                if c["trainee"] == person.name and c["ended_at"] is not None:
                    latest[c["scenario"]] = c["call_id"]
            sat = all(s in latest for s in exam.scenarios)
            scores = [float(r["score"]) for r in rows if r["call_id"] in latest.values()]
            score = sum(scores) / len(scores) if scores else None
            passed = None if not sat or score is None else score >= exam.pass_mark
            sittings = sum(
                1 for c in calls if c["trainee"] == person.name
                and c["scenario"] == exam.scenarios[0]
            )  # fmt: skip
            overdue = not sat and exam.due_at is not None and exam.due_at < now
            out.append(
                Completion(person.name, person.cohort, sittings, sat, score, passed, overdue)
            )
        return out

    # -- the training room ------------------------------------------------------------------

    def room(self, *, since: datetime | None = None) -> list[RoomSeat]:
        """Each trainee's latest call since ``since``: in it still, or ended; turns so far."""
        calls = self.repository.call_rows(since=since)
        latest: dict[str, dict[str, Any]] = {}
        for c in calls:
            latest[c["trainee"]] = c
        attempts = self.repository.attempt_rows(since=since)
        seats = []
        for name, c in sorted(latest.items()):
            mine = [a for a in attempts if a["call_id"] == c["call_id"]]
            mode = MOCK if c["mode"] == "exam" and c.get("exam_id") is None else c["mode"]
            seats.append(RoomSeat(
                name, c["scenario"], mode, c["ended_at"] is None, c["started_at"],
                len(mine), sum(1 for a in mine if a["passed"]), c.get("pack"),
            ))  # fmt: skip
        return seats

    # -- reports ----------------------------------------------------------------------------

    def report_data(self, scope: Scope, *, ui: str | None = None) -> ReportData:
        """What a report shows, with the scenario and turn titles of the packs known here, every
        override (who, when, why), in ``ui`` or else the language of the packs reported on."""
        from trainer.reports.data import collect

        if scope.trainee is not None:
            self.repository.trainee(scope.trainee)  # a typo'd name is an error
        if scope.exam is not None:
            self.repository.exam(scope.exam)
        data = collect(self.repository, scope)
        data.titles = self.titles()
        languages = {r.get("language") or "" for r in data.attempts}
        data.ui = ui or ("zh" if languages and all(x.startswith("zh") for x in languages) else "en")
        for row in data.attempts:
            if row["overridden"]:
                data.reviews[row["attempt_id"]] = self.repository.reviews(row["attempt_id"])
        return data

    def titles(self) -> dict[str, str]:
        """Scenario and turn ids -> their titles in the packs known here."""
        out: dict[str, str] = {}
        for pack in self.packs.values():
            for turn_id, turn in pack.turns.items():
                if turn.title:
                    out[turn_id] = turn.title
            for scenario in pack.scenarios:
                out[scenario.id] = scenario.title
        return out
