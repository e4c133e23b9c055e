"""``ReviewScreen``: a supervisor's list of attempts, filtered by trainee, date, pack,
scenario and outcome (passed, failed, disputed). Enter opens one (``AttemptScreen``) to
replay, read and override it. Behind a PIN unless given a verified supervisor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Label, Select

from trainer.supervision import AttemptRow, Choices, ReviewFilter, Supervisor
from trainer.tui.labels import t
from trainer.tui.names import Names
from trainer.tui.screens.attempt import AttemptScreen
from trainer.tui.screens.my_results import MyResultsScreen
from trainer.tui.screens.supervised import SupervisedScreen, fill_table

__all__ = ["MyResultsScreen", "ReviewScreen"]

OUTCOMES = (("only_passed", "passed"), ("only_failed", "failed"), ("only_disputed", "disputed"))
COLUMNS = ("col_when", "col_trainee", "col_pack", "col_scenario", "col_turn", "col_mode",
           "col_score", "col_result", "col_status")  # fmt: skip


def parse_day(text: str) -> date | None:
    """``YYYY-MM-DD`` as a date; None when empty. Raises ValueError when malformed."""
    text = text.strip()
    return date.fromisoformat(text) if text else None


def score_text(row: AttemptRow, ui: str = "en") -> str:
    score = f"{row.score:.0f}"
    if not row.overridden:
        return score
    return t("was", ui, score=score, scored=f"{row.scored:.0f}")


def result_text(r: AttemptRow, ui: str = "en") -> str:
    """pass / fail, and a failure for a late pick-up named as such."""
    if r.passed:
        return t("pass", ui)
    return t("fail_late", ui) if r.late else t("fail", ui)


def cells(r: AttemptRow, ui: str = "en", names: Names | None = None) -> list[str]:
    """One attempt as the list shows it (titles, not ids, when the pack is installed)."""
    names = names or Names()
    return [
        f"{r.created_at.astimezone():%Y-%m-%d %H:%M}", r.trainee, names.pack(r.pack),
        names.scenario(r.scenario, r.pack), names.turn(r.turn, r.pack),
        t(r.mode, ui), score_text(r, ui), result_text(r, ui), t(r.status, ui) if r.status else "",
    ]  # fmt: skip


class ReviewScreen(SupervisedScreen):
    AUTO_FOCUS = "#attempts"
    STATUS = "#review-status"
    BINDINGS = [
        Binding("d", "disputed", "only_disputed"),
        Binding("ctrl+r", "reload", "refresh"),
        Binding("escape", "close", "back"),
    ]

    class AttemptsLoaded(Message):
        def __init__(self, rows: list[AttemptRow], choices: Choices) -> None:
            super().__init__()
            self.rows = rows
            self.choices = choices

    def __init__(
        self, repository: Any, player: Any = None, supervisor: Supervisor | None = None
    ) -> None:
        super().__init__(repository, supervisor=supervisor)
        self.player = player
        self.rows: list[AttemptRow] = []
        self._choices: Choices | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        tr = self.tr
        yield Label(tr("review_title"), classes="screen-title")
        with Horizontal(id="filters"):
            yield Select[str]([], prompt=tr("all_trainees"), id="f-trainee")
            yield Input(placeholder=tr("from_day"), id="f-since", classes="day")
            yield Input(placeholder=tr("to_day"), id="f-until", classes="day")
            yield Select[str]([], prompt=tr("all_packs"), id="f-pack")
            yield Select[str]([], prompt=tr("all_scenarios"), id="f-scenario")
            outcomes = [(tr(label), value) for label, value in OUTCOMES]
            yield Select[str](outcomes, prompt=tr("any_outcome"), id="f-outcome")
        table: DataTable[str] = DataTable(id="attempts", cursor_type="row", zebra_stripes=True)
        table.add_columns(*(tr(c) for c in COLUMNS))
        yield table
        yield Label(tr("loading"), id="review-status")
        yield Footer()

    def current_filter(self) -> ReviewFilter | None:
        """The filter the widgets describe; None while a date is malformed."""

        def chosen(widget_id: str) -> str | None:
            value = self.query_one(widget_id, Select).value
            return value if isinstance(value, str) else None

        try:
            since = parse_day(self.query_one("#f-since", Input).value)
            until = parse_day(self.query_one("#f-until", Input).value)
        except ValueError:
            return None
        return ReviewFilter(
            trainee=chosen("#f-trainee"), since=since, until=until, pack=chosen("#f-pack"),
            scenario=chosen("#f-scenario"), outcome=chosen("#f-outcome"),
        )  # fmt: skip

    def reload(self) -> None:
        flt = self.current_filter()
        if flt is None:
            self.query_one("#review-status", Label).update(self.tr("bad_day"))
            return
        self._load(flt)

    @work(thread=True, exclusive=True, exit_on_error=False, group="review-load")
    def _load(self, flt: ReviewFilter) -> None:
        rows = self.service.review_rows(flt)
        self.post_message(self.AttemptsLoaded(rows, self.service.filter_choices()))

    def on_review_screen_attempts_loaded(self, message: AttemptsLoaded) -> None:
        if message.choices != self._choices:
            self._choices = message.choices
            self._offer("#f-trainee", message.choices.trainees)
            names = Names.of(self.app)
            self._offer("#f-pack", message.choices.packs, names.pack)
            self._offer("#f-scenario", message.choices.scenarios, names.scenario)
        self.rows = message.rows
        rows = [(str(r.attempt_id), cells(r, self.ui, Names.of(self.app))) for r in message.rows]
        headings = [self.tr(c) for c in COLUMNS]
        fill_table(self.query_one("#attempts", DataTable), headings, rows)
        disputed = sum(1 for r in message.rows if r.status == "disputed")
        self.query_one("#review-status", Label).update(
            self.tr("review_status", n=len(message.rows), disputed=disputed)
            if message.rows
            else self.tr("review_empty")
        )

    def _offer(
        self, widget_id: str, values: tuple[str, ...], show: Callable[[str], str] = str
    ) -> None:
        select = self.query_one(widget_id, Select)
        current = select.value
        with select.prevent(Select.Changed):
            select.set_options([(Text(show(v)), v) for v in values])
            if isinstance(current, str) and current in values:
                select.value = current

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Changed, ".day")
    def _day_changed(self, event: Input.Changed) -> None:
        try:
            parse_day(event.value)
        except ValueError:
            event.input.add_class("-invalid")
            return
        event.input.remove_class("-invalid")
        self.reload()

    @on(DataTable.RowSelected, "#attempts")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is None or self.supervisor is None:
            return
        screen = AttemptScreen(
            self.service, int(event.row_key.value), player=self.player,
            supervisor=self.supervisor,
        )  # fmt: skip
        self.app.push_screen(screen, lambda _: self.reload())

    def action_disputed(self) -> None:
        outcome = self.query_one("#f-outcome", Select)
        outcome.value = Select.NULL if outcome.value == "disputed" else "disputed"

    def action_reload(self) -> None:
        self.reload()
