"""``ExamListScreen``: every exam with its due date, sittings allowed, who sits it and its state;
a supervisor opens a new one, edits, duplicates, closes (or reopens) one, releases its results
to the trainees, or opens its completion (``CompletionScreen``): per trainee assigned, by name
or cohort, who has sat it, who passed and who is overdue."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Label

from trainer.errors import TrainerError
from trainer.supervision import Completion, Exam, ExamNameTaken
from trainer.tui.labels import t
from trainer.tui.screens.base import TrainerModal
from trainer.tui.screens.supervised import CSS_FILE, SupervisedScreen, fill_table

COLUMNS = ("col_exam", "col_pack", "col_due", "col_sittings_allowed", "col_assigned", "col_state")
COMPLETION = ("col_trainee", "col_cohort", "col_sittings_taken", "col_sat", "col_score", "col_result",
              "col_overdue")  # fmt: skip


def state_text(e: Exam, ui: str) -> str:
    states = ["state_closed" if e.closed else "state_open"]
    if e.released:
        states.append("state_released")
    return ", ".join(t(s, ui) for s in states)


def exam_cells(e: Exam, ui: str) -> list[str]:
    due = f"{e.due_at.astimezone():%Y-%m-%d}" if e.due_at else "-"
    limit = str(e.attempt_limit) if e.attempt_limit else t("no_limit", ui)
    who = ", ".join([*e.trainees, *(f"[{g}]" for g in e.cohorts)]) or t("nobody", ui)
    return [e.name, e.pack_id, due, limit, who, state_text(e, ui)]


class NameScreen(TrainerModal[str | None]):
    """One line of text (a new exam's name); None when cancelled."""

    CSS_PATH = CSS_FILE
    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, prompt: str, value: str = "") -> None:
        super().__init__()
        self.prompt, self.value = prompt, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.prompt), classes="dialog-title")
            yield Input(self.value, id="name-value")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ExamListScreen(SupervisedScreen):
    AUTO_FOCUS = "#exams"
    STATUS = "#exams-status"
    BINDINGS = [
        Binding("n", "new", "key_new"),
        Binding("d", "duplicate", "key_duplicate"),
        Binding("c", "close_exam", "key_close"),
        Binding("r", "release", "key_release"),
        Binding("o", "completion", "key_completion"),
        Binding("escape", "close", "back"),
    ]

    class ExamsLoaded(Message):
        def __init__(self, exams: list[Exam]) -> None:
            super().__init__()
            self.exams = exams

    class ExamChanged(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, repository: Any, pack: Any = None, **kwargs: Any) -> None:
        super().__init__(repository, **kwargs)
        self.pack = pack
        self.exams: list[Exam] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(self.tr("exams_title"), classes="screen-title")
        table: DataTable[str] = DataTable(id="exams", cursor_type="row", zebra_stripes=True)
        table.add_columns(*(self.tr(c) for c in COLUMNS))
        yield table
        yield Label(self.tr("loading"), id="exams-status")
        yield Footer()

    def reload(self) -> None:
        self._load()

    def on_screen_resume(self) -> None:
        if self.supervisor is not None:
            self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="exams-load")
    def _load(self) -> None:
        self.post_message(self.ExamsLoaded(self.service.exams()))

    def on_exam_list_screen_exams_loaded(self, message: ExamsLoaded) -> None:
        self.exams = message.exams
        rows = [(str(e.id), exam_cells(e, self.ui)) for e in self.exams]
        fill_table(self.query_one("#exams", DataTable), [self.tr(c) for c in COLUMNS], rows)
        self.query_one("#exams-status", Label).update(self.tr("exams_status", n=len(self.exams)))

    def chosen(self) -> Exam | None:
        """The exam under the cursor; with none yet, says how to make one."""
        if not self.exams:
            self.notify(self.tr("exams_none"), markup=False)
            return None
        table = self.query_one("#exams", DataTable)
        return self.exams[table.cursor_row]

    def _setup(self, exam: Exam | None) -> None:
        from trainer.tui.screens.exam_setup import ExamSetupScreen

        pack = self.pack
        if exam is not None:
            pack = next((p for p in getattr(self.app, "packs", []) if p.id == exam.pack_id), pack)
        if pack is None:
            return
        self.app.push_screen(
            ExamSetupScreen(self.service, pack, supervisor=self.supervisor, exam=exam)
        )

    def action_new(self) -> None:
        self._setup(None)

    @on(DataTable.RowSelected, "#exams")
    def _edit(self) -> None:
        if (exam := self.chosen()) is not None:
            self._setup(exam)

    def action_duplicate(self) -> None:
        if (exam := self.chosen()) is None:
            return

        def named(name: str | None) -> None:
            if name:
                self._change("duplicate", exam, name)

        self.app.push_screen(NameScreen(self.tr("exam_copy_name"), f"{exam.name} (2)"), named)

    def action_close_exam(self) -> None:
        if (exam := self.chosen()) is not None:
            self._change("close", exam)

    def action_release(self) -> None:
        """Releasing cannot be taken back: the trainees see their results at once."""
        if (exam := self.chosen()) is None:
            return
        if exam.released:
            self.notify(self.tr("exam_already_released", name=exam.name), markup=False)
            return
        from trainer.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._change("release", exam)

        self.app.push_screen(ConfirmScreen(self.tr("exam_release_ask", name=exam.name)), answered)

    def action_completion(self) -> None:
        if (exam := self.chosen()) is not None:
            self.app.push_screen(CompletionScreen(self.service, exam, supervisor=self.supervisor))

    @work(thread=True, exclusive=False, exit_on_error=False, group="exams-write")
    def _change(self, what: str, exam: Exam, name: str = "") -> None:
        boss, s = self.supervisor, self.service
        assert boss is not None
        try:
            if what == "duplicate":
                done = s.duplicate_exam(exam, name, boss)
                text = self.tr("exam_saved_notify", name=done.name)
            elif what == "close":
                done = s.close_exam(exam, boss, closed=not exam.closed)
                text = self.tr("exam_closed" if done.closed else "exam_reopened", name=done.name)
            else:
                done = s.release_exam(exam, boss)
                text = self.tr("exam_released", name=done.name)
        except ExamNameTaken as exc:
            text = self.tr("exam_name_taken", name=exc.name)
        except TrainerError as exc:
            text = str(exc)
        self.post_message(self.ExamChanged(text))

    def on_exam_list_screen_exam_changed(self, message: ExamChanged) -> None:
        self.notify(message.text)
        self.reload()


class CompletionScreen(SupervisedScreen):
    AUTO_FOCUS = "#completion"
    STATUS = "#completion-status"
    BINDINGS = [Binding("ctrl+r", "reload", "refresh"), Binding("escape", "close", "back")]

    class Loaded(Message):
        def __init__(self, rows: list[Completion]) -> None:
            super().__init__()
            self.rows = rows

    def __init__(self, repository: Any, exam: Exam, **kwargs: Any) -> None:
        super().__init__(repository, **kwargs)
        self.exam = exam

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(self.tr("completion_title", name=self.exam.name), classes="screen-title")
        table: DataTable[str] = DataTable(id="completion", cursor_type="row", zebra_stripes=True)
        table.add_columns(*(self.tr(c) for c in COMPLETION))
        yield table
        yield Label(self.tr("loading"), id="completion-status")
        yield Footer()

    def reload(self) -> None:
        self._load()

    def action_reload(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="completion-load")
    def _load(self) -> None:
        self.post_message(self.Loaded(self.service.completion(self.exam)))

    def on_completion_screen_loaded(self, message: Loaded) -> None:
        tr, rows = self.tr, []
        for c in message.rows:
            result = "-" if c.passed is None else tr("pass" if c.passed else "fail")
            rows.append((c.trainee, [
                c.trainee, c.cohort or "", str(c.sittings), tr("yes" if c.sat else "no"),
                f"{c.score:.0f}" if c.score is not None else "-", result,
                tr("yes") if c.overdue else "",
            ]))  # fmt: skip
        fill_table(self.query_one("#completion", DataTable), [tr(c) for c in COMPLETION], rows)
        self.query_one("#completion-status", Label).update(
            tr("completion_status", n=len(message.rows), sat=sum(c.sat for c in message.rows),
               passed=sum(bool(c.passed) for c in message.rows),
               overdue=sum(c.overdue for c in message.rows))
        )  # fmt: skip
