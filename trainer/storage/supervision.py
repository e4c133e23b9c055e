"""What the supervisor screens read: attempts with their dispute status, one attempt in full.

Built on the repository's public tables and ``attempt_rows`` (effective scores). A trainee's
dispute stays open until a supervisor reviews the attempt after it: an override, or a review
that keeps the score with a comment (both are ``reviews`` rows with who, when and an audit
entry), so a resolution is always on record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from trainer.errors import StorageError
from trainer.storage.records import Review
from trainer.storage.repository import Repository
from trainer.storage.schema import attempts, calls, packs, responses, reviews, trainees

OUTCOMES = ("passed", "failed", "disputed")
DISPUTED = "disputed"  # a dispute no supervisor has reviewed since
RESOLVED = "resolved"  # every dispute was reviewed after it was raised
ACKNOWLEDGED = "acknowledged"


@dataclass(frozen=True)
class ReviewFilter:
    trainee: str | None = None
    since: date | None = None  # calls started on or after this day (UTC)
    until: date | None = None  # ... and on or before this day
    pack: str | None = None
    scenario: str | None = None
    outcome: str | None = None  # passed | failed | disputed

    def __post_init__(self) -> None:
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise StorageError(f"outcome {self.outcome!r}: use one of {', '.join(OUTCOMES)}")


def _day(d: date | None, *, end: bool = False) -> datetime | None:
    if d is None:
        return None
    start = datetime.combine(d, time(), tzinfo=UTC)
    return start + timedelta(days=1) if end else start


def _status(
    attempt_id: int, call_id: int, said: Sequence[Any], reviewed: dict[int, list[datetime]]
) -> tuple[str, str]:
    """(status, the open dispute's reason) for one attempt."""
    mine = [r for r in said if r.attempt_id in (attempt_id, None) and r.call_id == call_id]
    disputes = [r for r in mine if r.kind == "dispute"]
    review_times = reviewed.get(attempt_id, [])
    open_ = [d for d in disputes if not any(t >= d.created_at for t in review_times)]
    if open_:
        return DISPUTED, open_[-1].reason
    if disputes:
        return RESOLVED, ""
    if any(r.kind == "acknowledge" for r in mine):
        return ACKNOWLEDGED, ""
    return "", ""


def _annotate(repo: Repository, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    call_ids = {r["call_id"] for r in rows}
    attempt_ids = {r["attempt_id"] for r in rows}
    if not rows:
        return rows

    def run(conn: Any) -> tuple[list[Any], list[Any]]:
        said = conn.execute(
            select(responses).where(responses.c.call_id.in_(call_ids)).order_by(responses.c.id)
        ).all()
        done = conn.execute(
            select(reviews.c.attempt_id, reviews.c.created_at).where(
                reviews.c.attempt_id.in_(attempt_ids)
            )
        ).all()
        return said, done

    said, done = repo.db.read(run)
    by_call: dict[int, list[Any]] = {}
    for r in said:
        by_call.setdefault(r.call_id, []).append(r)
    reviewed: dict[int, list[datetime]] = {}
    for attempt_id, at in done:
        reviewed.setdefault(attempt_id, []).append(at)
    for row in rows:
        status, reason = _status(
            row["attempt_id"], row["call_id"], by_call.get(row["call_id"], []), reviewed
        )
        row["status"], row["dispute"] = status, reason
    return rows


def review_rows(repo: Repository, flt: ReviewFilter | None = None) -> list[dict[str, Any]]:
    """``attempt_rows`` with ``status`` (disputed / resolved / acknowledged / "") and the open
    dispute's reason, filtered, newest first."""
    flt = flt or ReviewFilter()
    rows = repo.attempt_rows(
        trainee=flt.trainee, since=_day(flt.since), until=_day(flt.until, end=True)
    )
    rows = [
        r
        for r in rows
        if (flt.pack is None or r["pack"] == flt.pack)
        and (flt.scenario is None or r["scenario"] == flt.scenario)
        and (flt.outcome != "passed" or r["passed"])
        and (flt.outcome != "failed" or not r["passed"])
    ]
    rows = _annotate(repo, rows)
    if flt.outcome == DISPUTED:
        rows = [r for r in rows if r["status"] == DISPUTED]
    return list(reversed(rows))


@dataclass(frozen=True)
class AttemptDetail:
    attempt_id: int
    call_id: int
    trainee_id: int
    trainee: str
    pack: str
    language: str
    scenario: str
    mode: str
    turn: str
    created_at: datetime
    transcript: str
    expected: str
    scored: float  # what the scorer said
    scored_passed: bool
    score: float  # effective: the latest review's, else the scorer's
    passed: bool
    breakdown: dict[str, Any]
    recording: Path | None
    status: str = ""
    dispute: str = ""
    reviews: tuple[Review, ...] = field(default=())

    @property
    def overridden(self) -> bool:
        return bool(self.reviews)


def attempt_detail(repo: Repository, attempt_id: int) -> AttemptDetail:
    query = (
        select(
            attempts,
            calls.c.trainee_id,
            calls.c.scenario_id,
            calls.c.mode,
            trainees.c.name.label("trainee"),
            packs.c.pack_id,
            packs.c.language,
        )
        .join(calls, calls.c.id == attempts.c.call_id)
        .join(trainees, trainees.c.id == calls.c.trainee_id)
        .join(packs, packs.c.id == calls.c.pack_row)
        .where(attempts.c.id == attempt_id)
    )
    row = repo.db.read(lambda conn: conn.execute(query).first())
    if row is None:
        raise StorageError(f"there is no attempt {attempt_id}")
    done = tuple(repo.reviews(attempt_id))
    said = repo.db.read(
        lambda conn: conn.execute(select(responses).where(responses.c.call_id == row.call_id)).all()
    )
    status, reason = _status(
        attempt_id, row.call_id, said, {attempt_id: [r.at for r in done]} if done else {}
    )
    latest = done[-1] if done else None
    return AttemptDetail(
        attempt_id=row.id, call_id=row.call_id, trainee_id=row.trainee_id, trainee=row.trainee,
        pack=row.pack_id, language=row.language or "", scenario=row.scenario_id, mode=row.mode,
        turn=row.turn_id, created_at=row.created_at, transcript=row.transcript,
        expected=row.expected_text, scored=row.score, scored_passed=bool(row.passed),
        score=latest.score if latest else row.score,
        passed=bool(latest.passed) if latest else bool(row.passed),
        breakdown=dict(row.breakdown or {}), recording=repo.recording_path(row.recording_path),
        status=status, dispute=reason, reviews=done,
    )  # fmt: skip


@dataclass(frozen=True)
class Choices:
    """What the review filters offer: every trainee, and the packs and scenarios called."""

    trainees: tuple[str, ...]
    packs: tuple[str, ...]
    scenarios: tuple[str, ...]


def filter_choices(repo: Repository) -> Choices:
    query = (
        select(packs.c.pack_id, calls.c.scenario_id)
        .join(packs, packs.c.id == calls.c.pack_row)
        .distinct()
    )
    pairs = repo.db.read(lambda conn: conn.execute(query).all())
    return Choices(
        tuple(t.name for t in repo.list_trainees()),
        tuple(sorted({p for p, _ in pairs})),
        tuple(sorted({s for _, s in pairs})),
    )
