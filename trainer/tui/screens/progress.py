"""``ProgressScreen``: a trainee's scores over time (a bar chart), their tier from the
recency-weighted score, scenario and rule-quiz turns apart (when there are quiz attempts), and
the weakest turns. Without a trainee it is the supervisors' cohort table (behind a PIN); Enter
on a trainee opens their progress."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label, Select

from trainer.core.progress import TIERS, CohortRow, KindStat, Standing, TurnStat
from trainer.supervision import Supervisor, Trainee
from trainer.tui.labels import t
from trainer.tui.names import Names
from trainer.tui.screens.supervised import SupervisedScreen, fill_table
from trainer.tui.widgets.chart import ScoreChart

COHORT_COLUMNS = ("col_trainee", "col_cohort", "col_attempts", "col_passed", "col_weighted",
                  "col_tier", "col_latest")  # fmt: skip
WEAK_COLUMNS = ("col_turn", "col_attempts", "col_average", "col_failed")
KIND_COLUMNS = ("col_kind", "col_attempts", "col_average", "col_pass_rate")


def kind_rows(kinds: dict[str, KindStat], ui: str = "en") -> list[tuple[str, list[str]]]:
    """Scenario turns and rule-quiz turns apart, one row each; none when there is no quiz
    attempt (every turn is a scenario turn, and the tier line already says it all)."""
    if "quiz" not in kinds:
        return []
    return [
        (k.kind, [t(f"kind_{k.kind}", ui), str(k.attempts), f"{k.mean:.0f}",
                  f"{k.pass_rate:.0%}"])
        for k in kinds.values()
    ]  # fmt: skip


def tier_text(s: Standing, ui: str = "en") -> str:
    if s.score is None:
        return t("no_scores", ui)
    tier = t(s.tier, ui) if s.tier else t("no_tier", ui)
    text = t("tier_line", ui, tier=tier, score=f"{s.score:.0f}", n=s.attempts)
    if s.next_tier is not None and s.to_next is not None:
        text += t("to_next", ui, points=f"{s.to_next:.0f}", tier=t(s.next_tier, ui))
    return text + t("recent_most", ui)


class ProgressScreen(SupervisedScreen):
    AUTO_FOCUS = "#cohort, #weakest"
    STATUS = "#progress-status"
    BINDINGS = [
        Binding("k", "set_cohort", "key_cohort"),
        Binding("ctrl+r", "reload", "refresh"),
        Binding("escape", "close", "back"),
    ]

    class ProgressLoaded(Message):
        def __init__(
            self,
            scores: list[float],
            standing: Standing,
            weakest: list[TurnStat],
            hidden: int = 0,
            kinds: dict[str, KindStat] | None = None,
        ):
            super().__init__()
            self.hidden = hidden
            self.kinds = kinds or {}
            self.scores = scores
            self.standing = standing
            self.weakest = weakest

    class CohortLoaded(Message):
        def __init__(
            self, rows: list[CohortRow], cohorts: dict[str, str], every: tuple[str, ...]
        ) -> None:
            super().__init__()
            self.rows = rows
            self.cohorts = cohorts  # trainee -> cohort
            self.every = every  # every cohort there is, for the filter

    def __init__(
        self,
        repository: Any,
        trainee: Trainee | str | None = None,
        *,
        supervisor: Supervisor | None = None,
    ) -> None:
        super().__init__(repository, supervisor=supervisor)
        self.trainee_name = trainee.name if isinstance(trainee, Trainee) else trainee
        self.standing: Standing | None = None
        self._cohorts: tuple[str, ...] = ()

    @property
    def cohort_view(self) -> bool:
        return self.trainee_name is None

    def needs_supervisor(self) -> bool:
        return self.cohort_view  # a trainee's own progress needs no PIN

    def compose(self) -> ComposeResult:
        yield Header()
        tr = self.tr
        if self.cohort_view:
            yield Label(tr("cohort_title"), classes="screen-title")
            yield Select[str]([], prompt=tr("all_cohorts"), id="f-cohort")
            table: DataTable[str] = DataTable(id="cohort", cursor_type="row", zebra_stripes=True)
            table.add_columns(*(tr(c) for c in COHORT_COLUMNS))
            yield table
        else:
            yield Label(Text(tr("progress_title", name=self.trainee_name)), classes="screen-title")
            yield Label(tr("loading"), id="tier")
            names = {tier: tr(tier).lower() for tier, _ in TIERS}
            yield ScoreChart(id="chart", empty=tr("chart_empty"), names=names)
            # shown once loaded, when there are quiz attempts to tell apart
            kinds_title = Label(tr("by_kind"), classes="section", id="kinds-title")
            kinds: DataTable[str] = DataTable(id="kinds", cursor_type="none")
            kinds.can_focus = False
            kinds.add_columns(*(tr(c) for c in KIND_COLUMNS))
            kinds_title.display = kinds.display = False
            yield kinds_title
            yield kinds
            yield Label(tr("weakest"), classes="section")
            weak: DataTable[str] = DataTable(id="weakest", cursor_type="row")
            weak.add_columns(*(tr(c) for c in WEAK_COLUMNS))
            yield weak
        yield Label("", id="progress-status")
        yield Footer()

    def reload(self) -> None:
        if self.cohort_view:
            chosen = self.query_one("#f-cohort", Select).value
            self._load_cohort(chosen if isinstance(chosen, str) else None)
        else:
            self._load_trainee(self.trainee_name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="progress-load")
    def _load_trainee(self, name: str) -> None:
        # a supervisor sees every result; a trainee's own progress leaves out unreleased exams
        got = self.service.progress(name, for_trainee=self.supervisor is None)
        self.post_message(
            self.ProgressLoaded(
                list(got.scores), got.standing, list(got.weakest), got.hidden, got.kinds
            )
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="progress-load")
    def _load_cohort(self, group: str | None) -> None:
        rows, cohorts = self.service.standings(group, leaderboard=self.leaderboard)
        every = self.service.cohorts()
        self.post_message(self.CohortLoaded(rows, cohorts, tuple(every)))

    def on_progress_screen_progress_loaded(self, message: ProgressLoaded) -> None:
        self.standing = message.standing
        tier = self.query_one("#tier", Label)
        tier.update(tier_text(message.standing, self.ui))
        for name in ("gold", "silver", "bronze"):
            tier.set_class(message.standing.tier == name, name)
        self.query_one("#chart", ScoreChart).scores = tuple(message.scores)
        names = Names.of(self.app)
        weak = [(t.turn, [names.turn(t.turn), str(t.attempts), f"{t.mean:.0f}", str(t.failed)])
                for t in message.weakest]  # fmt: skip
        headings = [self.tr(c) for c in WEAK_COLUMNS]
        fill_table(self.query_one("#weakest", DataTable), headings, weak)
        by_kind = kind_rows(message.kinds, self.ui)
        kinds = self.query_one("#kinds", DataTable)
        fill_table(kinds, [self.tr(c) for c in KIND_COLUMNS], by_kind)
        kinds.display = self.query_one("#kinds-title", Label).display = bool(by_kind)
        note = self.tr("chart_note") if message.scores else ""
        if message.hidden:
            note += ("  " if note else "") + self.tr("exam_unreleased", n=message.hidden)
        self.query_one("#progress-status", Label).update(note)

    def on_progress_screen_cohort_loaded(self, message: CohortLoaded) -> None:
        picker = self.query_one("#f-cohort", Select)
        if message.every != self._cohorts:
            self._cohorts = message.every
            current = picker.value
            with picker.prevent(Select.Changed):
                picker.set_options([(Text(c), c) for c in message.every])
                if isinstance(current, str) and current in message.every:
                    picker.value = current
        rows = []
        for r in message.rows:
            s = r.standing
            rows.append((r.trainee, [
                r.trainee, message.cohorts.get(r.trainee, ""), str(r.attempts), str(r.passed),
                f"{s.score:.0f}" if s.score is not None else "-", self.tr(s.tier) if s.tier else "-",
                f"{r.latest:.0f}" if r.latest is not None else "-",
            ]))  # fmt: skip
        headings = [self.tr(c) for c in COHORT_COLUMNS]
        fill_table(self.query_one("#cohort", DataTable), headings, rows)
        status = self.tr("cohort_status", n=len(message.rows))
        if not self.leaderboard:
            status += "  " + self.tr("leaderboard_off")
        self.query_one("#progress-status", Label).update(status)

    @property
    def leaderboard(self) -> bool:
        """Strongest first, unless a manager turned the leaderboard off in the settings."""
        return getattr(self.app, "leaderboard", "on") != "off"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.cohort_view if action == "set_cohort" else True

    def action_set_cohort(self) -> None:
        from trainer.tui.screens.exam_list import NameScreen

        table = self.query_one("#cohort", DataTable)
        if not table.row_count:
            return
        name = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if name is None:
            return
        current = table.get_row_at(table.cursor_row)[1]
        prompt = NameScreen(self.tr("cohort_set", name=name), str(current))

        def chosen(group: str | None) -> None:
            if group is not None:
                self._move(str(name), group)

        self.app.push_screen(prompt, chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="progress-write")
    def _move(self, name: str, group: str) -> None:
        person = self.service.set_cohort(name, group)
        self.post_message(self.CohortMoved(person.name, person.cohort or ""))

    class CohortMoved(Message):
        def __init__(self, name: str, cohort: str) -> None:
            super().__init__()
            self.name, self.cohort = name, cohort

    def on_progress_screen_cohort_moved(self, message: CohortMoved) -> None:
        self.notify(self.tr("cohort_saved", name=message.name, cohort=message.cohort or "-"))
        self.reload()

    @on(DataTable.RowSelected, "#cohort")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            screen = ProgressScreen(self.service, event.row_key.value, supervisor=self.supervisor)
            self.app.push_screen(screen)

    @on(Select.Changed, "#f-cohort")
    def _cohort_chosen(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()
