"""A trainee's standing: a recency-weighted score, its tier, the weakest turns, a cohort table.

Pure functions over plain scores (0-100, oldest first), so the progress screen, reports and
the CLI agree. Recent attempts weigh more: an attempt ``HALF_LIFE`` attempts older than the
latest counts half as much, so a trainee who has improved is not held back by early tries,
and one bad day does not undo a month of good work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trainer.core.scenario import turn_kind

# Highest first: a score reaching the mark earns the tier.
TIERS: tuple[tuple[str, float], ...] = (("gold", 90.0), ("silver", 75.0), ("bronze", 50.0))
HALF_LIFE = 5.0  # attempts
WEAKEST = 3


def weighted_score(scores: Sequence[float], half_life: float = HALF_LIFE) -> float | None:
    """The mean of ``scores`` (oldest first) with the latest weighing 1 and each older one
    ``0.5 ** (age / half_life)``; None when there are no scores."""
    if not scores:
        return None
    if half_life <= 0:
        raise ValueError("half_life must be positive")
    n = len(scores)
    weights = [0.5 ** ((n - 1 - i) / half_life) for i in range(n)]
    return sum(w * s for w, s in zip(weights, scores, strict=True)) / sum(weights)


def tier_for(score: float | None) -> str | None:
    """``gold`` (>= 90), ``silver`` (>= 75), ``bronze`` (>= 50) or None."""
    if score is None:
        return None
    for name, mark in TIERS:
        if score >= mark:
            return name
    return None


@dataclass(frozen=True)
class Standing:
    attempts: int
    score: float | None  # recency-weighted
    tier: str | None
    next_tier: str | None  # the tier above, None at gold
    to_next: float | None  # points the weighted score still needs for it


def standing(scores: Sequence[float], half_life: float = HALF_LIFE) -> Standing:
    score = weighted_score(scores, half_life)
    tier = tier_for(score)
    above = [(name, mark) for name, mark in TIERS if score is None or mark > score]
    next_name, next_mark = above[-1] if above else (None, None)
    to_next = None
    if next_mark is not None:
        to_next = round(next_mark - (score or 0.0), 1)
    return Standing(len(scores), score, tier, next_name, to_next)


@dataclass(frozen=True)
class TurnStat:
    turn: str
    attempts: int
    mean: float
    failed: int

    @property
    def passed(self) -> int:
        return self.attempts - self.failed

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


def turn_stats(results: Iterable[tuple[str, float, bool]]) -> list[TurnStat]:
    """Per turn, from (turn id, score, passed) results, in the order turns were first met."""
    totals: dict[str, list[float]] = {}
    failures: dict[str, int] = {}
    for turn, score, passed in results:
        totals.setdefault(turn, []).append(score)
        failures[turn] = failures.get(turn, 0) + (0 if passed else 1)
    return [TurnStat(turn, len(s), sum(s) / len(s), failures[turn]) for turn, s in totals.items()]


def weakest_turns(
    results: Iterable[tuple[str, float, bool]], limit: int = WEAKEST
) -> list[TurnStat]:
    """The one measure of weakness (progress screen, reports, CLI): turns by (turn id, score,
    passed) results, the lowest mean first (then the most failures); turns whose every
    attempt passed with 100 are left out."""
    stats = [t for t in turn_stats(results) if t.mean < 100 or t.failed]
    stats.sort(key=lambda t: (t.mean, -t.failed, t.turn))
    return stats[:limit]


@dataclass(frozen=True)
class KindStat:
    kind: str  # scenario | quiz
    attempts: int
    passed: int
    mean: float

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


def by_kind(results: Iterable[tuple[str, float, bool]]) -> dict[str, KindStat]:
    """(turn id, score, passed) results counted apart by the turn's kind: ``scenario`` turns
    (phrases and conduct in a call) and ``quiz`` turns (the rulebook's rules, said aloud); a
    trainee can be strong on one and weak on the other."""
    groups: dict[str, list[tuple[float, bool]]] = {}
    for turn, score, passed in results:
        groups.setdefault(turn_kind(turn), []).append((score, passed))
    return {
        kind: KindStat(
            kind, len(items), sum(p for _, p in items), sum(s for s, _ in items) / len(items)
        )
        for kind, items in sorted(groups.items(), key=lambda kv: kv[0] != "scenario")
    }


@dataclass(frozen=True)
class CohortRow:
    trainee: str
    attempts: int
    passed: int
    standing: Standing
    latest: float | None  # the latest attempt's score


def cohort(
    results: Iterable[tuple[str, float, bool]], half_life: float = HALF_LIFE
) -> list[CohortRow]:
    """One row per trainee from (trainee, score, passed) results oldest first; the strongest
    weighted score first, trainees without a score last."""
    scores: dict[str, list[float]] = {}
    passes: dict[str, int] = {}
    for name, score, passed in results:
        scores.setdefault(name, []).append(score)
        passes[name] = passes.get(name, 0) + (1 if passed else 0)
    rows = [
        CohortRow(name, len(s), passes[name], standing(s, half_life), s[-1] if s else None)
        for name, s in scores.items()
    ]
    rows.sort(key=lambda r: (-(r.standing.score or -1.0), r.trainee))
    return rows
