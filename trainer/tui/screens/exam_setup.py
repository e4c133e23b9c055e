"""``ExamSetupScreen``: a supervisor names an exam, chooses the pack's scenarios and a pass
mark, and assigns it to trainees; the repository stores it (with an audit entry)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Header, Input, Label, SelectionList

from trainer.core.scenario import Pack
from trainer.errors import TrainerError
from trainer.storage.records import Exam, Supervisor, Trainee
from trainer.tui.screens.supervised import SupervisedScreen


def check_form(name: str, mark: str, scenarios: list[str]) -> tuple[float | None, str]:
    """(the pass mark, "") when the form can be saved, else (None, the label of what to fix)."""
    if not name.strip():
        return None, "exam_need_name"
    try:
        pass_mark = float(mark)
    except ValueError:
        return None, "exam_mark_range"
    if not 0 <= pass_mark <= 100:
        return None, "exam_mark_range"
    if not scenarios:
        return None, "exam_need_scenario"
    return pass_mark, ""


class ExamSetupScreen(SupervisedScreen):
    AUTO_FOCUS = "#exam-name"
    STATUS = "#exam-status"
    BINDINGS = [Binding("ctrl+s", "save", "exam_create"), Binding("escape", "close", "back")]

    class TraineesLoaded(Message):
        def __init__(self, trainees: list[Trainee]) -> None:
            super().__init__()
            self.trainees = trainees

    class ExamCreated(Message):
        def __init__(self, exam: Exam) -> None:
            super().__init__()
            self.exam = exam

    class ExamRefused(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self, repository: Any, pack: Pack | None = None, *, supervisor: Supervisor | None = None
    ):
        super().__init__(repository, supervisor=supervisor)
        self._pack = pack
        self.exam: Exam | None = None

    @property
    def pack(self) -> Pack:
        """The pack given, else the one chosen on the app's home screen (``app.pack``)."""
        pack = self._pack or getattr(self.app, "pack", None)
        if pack is None:
            raise RuntimeError("ExamSetupScreen needs a pack: pass one or set app.pack")
        return pack

    def compose(self) -> ComposeResult:
        yield Header()
        tr, pack = self.tr, self.pack
        yield Label(Text(tr("exam_title", title=pack.title, id=pack.id)), classes="screen-title")
        with VerticalScroll(id="exam-form"):
            yield Input(placeholder=tr("exam_name"), id="exam-name")
            yield Input(str(pack.pass_mark), placeholder=tr("exam_mark"), id="exam-mark")
            with Horizontal(classes="pickers"):
                with Vertical():
                    yield Label(tr("exam_scenarios"), classes="section")
                    yield SelectionList[str](
                        *((Text(f"{s.title}  [{s.id}]"), s.id) for s in self.pack.scenarios),
                        id="exam-scenarios",
                    )
                with Vertical():
                    yield Label(tr("exam_trainees"), classes="section")
                    yield SelectionList[str](id="exam-trainees")
            yield Button(tr("exam_create"), variant="primary", id="exam-save")
        yield Label("", id="exam-status")
        yield Footer()

    def reload(self) -> None:
        self._load()
        self.query_one("#exam-name", Input).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="exam-load")
    def _load(self) -> None:
        self.post_message(self.TraineesLoaded(self.repository.list_trainees()))

    def on_exam_setup_screen_trainees_loaded(self, message: TraineesLoaded) -> None:
        picker = self.query_one("#exam-trainees", SelectionList)
        picker.clear_options()
        picker.add_options(
            [
                (Text(f"{t.name}  ({t.cohort})" if t.cohort else t.name), t.name)
                for t in message.trainees
            ]
        )

    @on(Button.Pressed, "#exam-save")
    def action_save(self) -> None:
        name = self.query_one("#exam-name", Input).value
        scenarios = list(self.query_one("#exam-scenarios", SelectionList).selected)
        trainees = list(self.query_one("#exam-trainees", SelectionList).selected)
        pass_mark, problem = check_form(name, self.query_one("#exam-mark", Input).value, scenarios)
        status = self.query_one("#exam-status", Label)
        if pass_mark is None:
            status.update(self.tr(problem))
            return
        status.update(self.tr("saving"))
        order = [s.id for s in self.pack.scenarios]  # the pack's order, not the clicking order
        self._create(name, sorted(scenarios, key=order.index), pass_mark, trainees)

    @work(thread=True, exclusive=True, exit_on_error=False, group="exam-write")
    def _create(self, name: str, scenarios: list[str], pass_mark: float, trainees: list[str]):
        try:
            exam = self.repository.create_exam(
                name, pack=self.pack, scenarios=scenarios, pass_mark=pass_mark,
                trainee_names=trainees, supervisor=self.supervisor,
            )  # fmt: skip
        except TrainerError as exc:  # a taken name, a vanished trainee: say so, keep the form
            self.post_message(self.ExamRefused(str(exc)))
            return
        self.post_message(self.ExamCreated(exam))

    def on_exam_setup_screen_exam_refused(self, message: ExamRefused) -> None:
        self.query_one("#exam-status", Label).update(Text(message.error))

    def on_exam_setup_screen_exam_created(self, message: ExamCreated) -> None:
        e = self.exam = message.exam
        who = ", ".join(e.trainees) or self.tr("nobody")
        self.query_one("#exam-status", Label).update(
            Text(
                self.tr(
                    "exam_saved",
                    name=e.name,
                    n=len(e.scenarios),
                    mark=f"{e.pass_mark:.0f}",
                    who=who,
                )
            )
        )
        self.notify(self.tr("exam_saved_notify", name=e.name), markup=False)
