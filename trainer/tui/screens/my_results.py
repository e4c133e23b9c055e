"""``MyResultsScreen``: a trainee's own attempts, each with its (possibly overridden) score
and status; the trainee acknowledges a result or disputes it with a reason
(``DisputeScreen``). A dispute then shows under the supervisors' "disputed" filter."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Static

from trainer.core.record import reason_texts
from trainer.supervision import AttemptDetail, AttemptRow, ReviewFilter, Trainee
from trainer.tui.names import Names
from trainer.tui.screens.attempt import describe, review_line
from trainer.tui.screens.base import TrainerModal
from trainer.tui.screens.supervised import CSS_FILE, SupervisedScreen, fill_table

COLUMNS = ("col_when", "col_scenario", "col_turn", "col_mode", "col_score", "col_result",
           "col_status")  # fmt: skip


class DisputeScreen(TrainerModal[str | None]):
    """The reason for a dispute; None when cancelled."""

    CSS_PATH = CSS_FILE
    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="dispute-box", classes="dialog"):
            yield Label(Text(self.tr("dispute_title", what=self.what)), classes="dialog-title")
            yield Input(placeholder=self.tr("dispute_reason"), id="dispute-reason")
            yield Label("", id="dispute-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("send"), variant="primary", id="dispute-send")
                yield Button(self.tr("cancel"), id="dispute-cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#dispute-send")
    def _send(self) -> None:
        reason = self.query_one("#dispute-reason", Input).value.strip()
        if not reason:
            self.query_one("#dispute-error", Label).update(self.tr("dispute_needs_reason"))
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#dispute-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class MyResultsScreen(SupervisedScreen):
    AUTO_FOCUS = "#my-results"
    STATUS = "#my-results-status"
    NEEDS_SUPERVISOR = False
    BINDINGS = [
        Binding("a", "acknowledge", "key_ack"),
        Binding("d", "dispute", "key_dispute"),
        Binding("escape", "close", "back"),
    ]

    class ResultsLoaded(Message):
        def __init__(self, trainee: Trainee, rows: list[AttemptRow], hidden: int) -> None:
            super().__init__()
            self.trainee = trainee
            self.rows = rows
            self.hidden = hidden  # exam results not released yet

    class DetailLoaded(Message):
        def __init__(self, detail: AttemptDetail) -> None:
            super().__init__()
            self.detail = detail

    class ResponseSaved(Message):
        def __init__(self, kind: str) -> None:
            super().__init__()
            self.kind = kind

    def __init__(self, repository: Any, trainee: Trainee | str) -> None:
        super().__init__(repository)
        self.trainee: Trainee | None = trainee if isinstance(trainee, Trainee) else None
        self.trainee_name = trainee.name if isinstance(trainee, Trainee) else trainee
        self.rows: list[AttemptRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(
            Text(self.tr("my_results_title", name=self.trainee_name)), classes="screen-title"
        )
        table: DataTable[str] = DataTable(id="my-results", cursor_type="row", zebra_stripes=True)
        table.add_columns(*(self.tr(c) for c in COLUMNS))
        yield table
        yield Label(self.tr("loading"), id="my-results-status")
        yield Static("", id="my-result-detail")
        yield Footer()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="my-results")
    def _load(self) -> None:
        trainee = self.trainee or self.service.trainee(self.trainee_name)
        every = self.service.review_rows(ReviewFilter(trainee=trainee.name))
        rows = [r for r in every if r.released]
        self.post_message(self.ResultsLoaded(trainee, rows, len(every) - len(rows)))

    def on_my_results_screen_results_loaded(self, message: ResultsLoaded) -> None:
        self.trainee, self.rows = message.trainee, message.rows
        tr, rows, names = self.tr, [], Names.of(self.app)
        for r in self.rows:
            score = f"{r.score:.0f}"
            score = tr("reviewed", score=score) if r.overridden else score
            result = tr("pass") if r.passed else tr("fail_late" if r.late else "fail")
            rows.append((str(r.attempt_id), [
                f"{r.created_at.astimezone():%Y-%m-%d %H:%M}", names.scenario(r.scenario, r.pack),
                names.turn(r.turn, r.pack), tr(r.mode), score, result,
                tr(r.status) if r.status else "",
            ]))  # fmt: skip
        fill_table(self.query_one("#my-results", DataTable), [tr(c) for c in COLUMNS], rows)
        status = tr("my_results_status", n=len(self.rows)) if self.rows else tr("no_results")
        if message.hidden:
            status += "  " + tr("exam_unreleased", n=message.hidden)
        self.query_one("#my-results-status", Label).update(status)

    @on(DataTable.RowHighlighted, "#my-results")
    def _highlight(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._load_detail(int(event.row_key.value))

    @work(thread=True, exclusive=True, exit_on_error=False, group="my-results-detail")
    def _load_detail(self, attempt_id: int) -> None:
        self.post_message(self.DetailLoaded(self.service.attempt(attempt_id)))

    def on_my_results_screen_detail_loaded(self, message: DetailLoaded) -> None:
        """Why the highlighted result is what it is: the phrase, the reply, the reasons and
        any supervisor's review with its comment."""
        d, tr = message.detail, self.tr
        lines = [
            describe(d, self.ui),
            f"{tr('sec_expected')}: {d.expected}",
            f"{tr('sec_said')}: {d.transcript or tr('nothing_said')}",
            *(f"• {r}" for r in reason_texts(d.breakdown, self.ui)),
            *(review_line(r, self.ui) for r in d.reviews),
        ]
        self.query_one("#my-result-detail", Static).update(Text("\n".join(lines)))

    def _highlighted(self) -> AttemptRow | None:
        table = self.query_one("#my-results", DataTable)
        if not self.rows or self.trainee is None:
            return None
        return self.rows[table.cursor_row]

    def action_acknowledge(self) -> None:
        if (row := self._highlighted()) is not None:
            self._respond(row, "acknowledge", "")

    def action_dispute(self) -> None:
        if (row := self._highlighted()) is None:
            return
        what = self.tr(
            "dispute_what",
            scenario=Names.of(self.app).scenario(row.scenario, row.pack),
            turn=Names.of(self.app).turn(row.turn, row.pack),
            score=f"{row.score:.0f}",
        )

        def send(reason: str | None) -> None:
            if reason:
                self._respond(row, "dispute", reason)

        self.app.push_screen(DisputeScreen(what), send)

    @work(thread=True, exclusive=True, exit_on_error=False, group="my-results-write")
    def _respond(self, row: AttemptRow, kind: str, reason: str) -> None:
        assert self.trainee is not None
        if kind == "dispute":
            self.service.dispute(self.trainee, row.call_id, reason, attempt_id=row.attempt_id)
        else:
            self.service.acknowledge(self.trainee, row.call_id, row.attempt_id)
        self.post_message(self.ResponseSaved(kind))

    def on_my_results_screen_response_saved(self, message: ResponseSaved) -> None:
        self.notify(self.tr("dispute_sent" if message.kind == "dispute" else "ack_sent"))
        self.reload()
