"""What a report shows, computed once from the repository's rows: the same numbers go into
the CSV, the workbook and the HTML page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from statistics import fmean
from typing import Any

from trainer.core.progress import KindStat, TurnStat, by_kind, turn_stats, weakest_turns
from trainer.core.scenario import turn_kind
from trainer.reports.labels import tr
from trainer.storage import Repository

ALL = "*"


@dataclass(frozen=True)
class Scope:
    """Whose results, over which period: one of trainee / cohort / exam (cohort ``"*"`` is
    every trainee). ``since`` is inclusive, ``until`` exclusive; both UTC."""

    trainee: str | None = None
    cohort: str | None = None
    exam: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    @property
    def title(self) -> str:
        if self.trainee:
            return f"Trainee: {self.trainee}"
        if self.exam:
            return f"Exam: {self.exam}"
        if self.cohort and self.cohort != ALL:
            return f"Cohort: {self.cohort}"
        return "All trainees"

    @property
    def period(self) -> str:
        start = f"{self.since:%Y-%m-%d}" if self.since else "the beginning"
        end = f"{self.until:%Y-%m-%d} (exclusive)" if self.until else "now"
        return f"{start} to {end}"


@dataclass(frozen=True)
class TraineeStat:
    trainee: str
    cohort: str | None
    calls: int
    attempts: int
    passed: int
    mean: float
    last_attempt: datetime | None

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


@dataclass
class ReportData:
    scope: Scope
    attempts: list[dict[str, Any]]
    calls: list[dict[str, Any]]
    pass_mark: float | None = None  # drawn on the score chart (an exam's pass mark)
    titles: dict[str, str] = field(default_factory=dict)  # scenario / turn id -> title
    ui: str = "en"  # the report's language
    tz: tzinfo | None = None  # times shown in this zone; None: this computer's
    reviews: dict[int, list[Any]] = field(default_factory=dict)  # attempt id -> overrides

    def title_of(self, ident: str) -> str:
        if ident.startswith("drill:"):  # practice of a scenario's weakest turns
            base = ident.removeprefix("drill:")
            return tr("drill_of", self.ui, title=self.titles.get(base, base))
        return self.titles.get(ident, ident)

    def kind_of(self, turn: str) -> str:
        """The turn's kind, scenario or rule quiz (by its id), in the report's language."""
        return tr(f"turn_kind_{turn_kind(turn)}", self.ui)

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.tz)

    def zone(self) -> str:
        """The name of the zone the report's times are in, as it was at those times: a
        summer's attempts read CEST in a report made in winter; both when the range spans
        a change of clocks (CET/CEST)."""
        times = [r["created_at"] for r in self.attempts]
        times += [c[k] for c in self.calls for k in ("started_at", "ended_at") if c.get(k)]
        names = {self.local(t).tzname() or "UTC" for t in times if isinstance(t, datetime)}
        if not names:
            names = {self.local(self.generated_at).tzname() or "UTC"}
        return "/".join(sorted(names))

    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def _results(self) -> list[tuple[str, float, bool]]:
        return [(r["turn"], float(r["score"]), bool(r["passed"])) for r in self.attempts]

    def turns(self) -> list[TurnStat]:
        """Per turn, in the order turns were first met."""
        return turn_stats(self._results())

    def kinds(self) -> dict[str, KindStat]:
        """Scenario turns and rule-quiz turns counted apart."""
        return by_kind((r["turn"], float(r["score"]), bool(r["passed"])) for r in self.attempts)

    def weakest(self, n: int = 5) -> list[TurnStat]:
        """The weakest turns, measured as the progress screen measures them."""
        return weakest_turns(self._results(), n)

    def trainees(self) -> list[TraineeStat]:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self.attempts:
            groups[row["trainee"]].append(row)
        out = []
        for name, rows in sorted(groups.items()):
            out.append(
                TraineeStat(
                    name,
                    rows[0]["cohort"],
                    len({r["call_id"] for r in rows}),
                    len(rows),
                    sum(bool(r["passed"]) for r in rows),
                    fmean(float(r["score"]) for r in rows),
                    max(r["created_at"] for r in rows),
                )  # fmt: skip
            )
        return out

    def score_over_time(self, max_lines: int = 5) -> dict[str, list[tuple[datetime, float]]]:
        """Per trainee, (when, score) per call: the call's total when it has one, otherwise
        the mean of its attempts' effective scores. More trainees than ``max_lines``: one
        line, the mean per day."""
        by_call: dict[int, list[float]] = defaultdict(list)
        for row in self.attempts:
            by_call[row["call_id"]].append(float(row["score"]))
        series: dict[str, list[tuple[datetime, float]]] = defaultdict(list)
        for call in self.calls:
            score = call["total_score"]
            if score is None and by_call.get(call["call_id"]):
                score = fmean(by_call[call["call_id"]])
            if score is not None:
                series[call["trainee"]].append((call["started_at"], float(score)))
        if len(series) <= max_lines:
            return dict(series)
        days: dict[datetime, list[float]] = defaultdict(list)
        for points in series.values():
            for when, score in points:
                days[when.replace(hour=12, minute=0, second=0, microsecond=0)].append(score)
        return {"mean per day": [(day, fmean(scores)) for day, scores in sorted(days.items())]}

    @property
    def pass_rate(self) -> float:
        return (
            sum(bool(r["passed"]) for r in self.attempts) / len(self.attempts)
            if self.attempts
            else 0.0
        )

    @property
    def calls_passed(self) -> str:
        """ "3 of 5" over the calls that ended with a result, or "-"."""
        judged = [c["passed"] for c in self.calls if c["passed"] is not None]
        return f"{sum(judged)} of {len(judged)}" if judged else "-"

    @property
    def mean_score(self) -> float:
        return fmean(float(r["score"]) for r in self.attempts) if self.attempts else 0.0


def collect(repo: Repository, scope: Scope) -> ReportData:
    kwargs = dict(trainee=scope.trainee, cohort=scope.cohort, exam=scope.exam,
                  since=scope.since, until=scope.until)  # fmt: skip
    pass_mark = repo.exam(scope.exam).pass_mark if scope.exam else None
    return ReportData(scope, repo.attempt_rows(**kwargs), repo.call_rows(**kwargs), pass_mark)
