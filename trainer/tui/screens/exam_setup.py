"""``ExamSetupScreen``: a supervisor names an exam, chooses the pack's scenarios (sat in the
pack's order), a pass mark, a due date and the sittings allowed, and assigns it to trainees
and whole cohorts; given an exam, the same form edits it. The supervision service stores it
(with an audit entry)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
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
from trainer.supervision import Exam, ExamNameTaken, Supervisor, Trainee
from trainer.tui.screens.supervised import SupervisedScreen


def check_schedule(due: str, limit: str) -> tuple[tuple[datetime | None, int | None] | None, str]:
    """((due at the end of that local day, sittings allowed), "") or (None, what to fix)."""
    when = None
    if due.strip():
        try:
            day = date.fromisoformat(due.strip())
        except ValueError:
            return None, "exam_bad_due"
        when = datetime.combine(day, time(23, 59)).astimezone().astimezone(UTC)
    sittings = None
    if limit.strip():
        if not limit.strip().isdigit() or int(limit) < 1:
            return None, "exam_bad_limit"
        sittings = int(limit)
    return (when, sittings), ""


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
    BINDINGS = [Binding("ctrl+s", "save", "save"), Binding("escape", "close", "back")]

    class TraineesLoaded(Message):
        def __init__(self, trainees: list[Trainee], cohorts: list[str]) -> None:
            super().__init__()
            self.trainees = trainees
            self.cohorts = cohorts

    class ExamCreated(Message):
        def __init__(self, exam: Exam) -> None:
            super().__init__()
            self.exam = exam

    class ExamRefused(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(
        self,
        repository: Any,
        pack: Pack | None = None,
        *,
        supervisor: Supervisor | None = None,
        exam: Exam | None = None,
    ):
        super().__init__(repository, supervisor=supervisor)
        self._pack = pack
        self.editing = exam  # the exam this form edits; None: a new one
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
        e = self.editing
        title = (
            tr("exam_edit_title", name=e.name)
            if e
            else tr("exam_title", title=pack.title, id=pack.id)
        )
        yield Label(Text(title), classes="screen-title", id="exam-form-title")
        with VerticalScroll(id="exam-form"):
            # each field keeps its name above it: a placeholder is gone once the field is filled
            yield Label(tr("exam_name"), classes="field-name")
            yield Input(e.name if e else "", placeholder=tr("exam_name"), id="exam-name")
            mark = f"{e.pass_mark:g}" if e else str(pack.pass_mark)
            yield Label(tr("exam_mark"), classes="field-name")
            yield Input(mark, placeholder=tr("exam_mark"), id="exam-mark")
            due = f"{e.due_at.astimezone():%Y-%m-%d}" if e and e.due_at else ""
            yield Label(tr("exam_due"), classes="field-name")
            yield Input(due, placeholder=tr("exam_due"), id="exam-due")
            limit = "" if e and e.attempt_limit is None else str(e.attempt_limit if e else 1)
            yield Label(tr("exam_limit"), classes="field-name")
            yield Input(limit, placeholder=tr("exam_limit"), id="exam-limit")
            chosen = set(e.scenarios) if e else set()
            with Horizontal(classes="pickers"):
                with Vertical():
                    yield Label(tr("exam_scenarios"), classes="section")
                    yield SelectionList[str](
                        *(
                            (Text(f"{s.title}  [{s.id}]"), s.id, s.id in chosen)
                            for s in pack.scenarios
                        ),
                        id="exam-scenarios",
                    )
                with Vertical():
                    yield Label(tr("exam_trainees"), classes="section")
                    yield SelectionList[str](id="exam-trainees")
                with Vertical():
                    yield Label(tr("exam_cohorts"), classes="section")
                    yield SelectionList[str](id="exam-cohorts")
            yield Label(tr("exam_assigned", who=tr("nobody")), id="exam-assigned")
            save = "exam_save_changes" if self.editing is not None else "exam_create"
            yield Button(tr(save), variant="primary", id="exam-save")
        yield Label("", id="exam-status")
        yield Footer()

    def reload(self) -> None:
        self._load()
        self.query_one("#exam-name", Input).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="exam-load")
    def _load(self) -> None:
        self.post_message(self.TraineesLoaded(self.service.trainees(), self.service.cohorts()))

    def on_exam_setup_screen_trainees_loaded(self, message: TraineesLoaded) -> None:
        e = self.editing
        picker = self.query_one("#exam-trainees", SelectionList)
        picker.clear_options()
        named = set(e.trainees) if e else set()
        picker.add_options(
            [(Text(f"{t.name}  ({t.cohort})" if t.cohort else t.name), t.name, t.name in named)
             for t in message.trainees]
        )  # fmt: skip
        groups = self.query_one("#exam-cohorts", SelectionList)
        groups.clear_options()
        chosen = set(e.cohorts) if e else set()
        groups.add_options([(Text(c), c, c in chosen) for c in message.cohorts])
        self._show_assigned()

    @on(SelectionList.SelectedChanged)
    def _show_assigned(self) -> None:
        """Who the exam goes to, in words: the list's boxes alone do not show it plainly."""
        names = list(self.query_one("#exam-trainees", SelectionList).selected)
        groups = list(self.query_one("#exam-cohorts", SelectionList).selected)
        who = ", ".join(names + [f"[{g}]" for g in groups]) or self.tr("nobody")
        self.query_one("#exam-assigned", Label).update(Text(self.tr("exam_assigned", who=who)))

    @on(Button.Pressed, "#exam-save")
    def action_save(self) -> None:
        name = self.query_one("#exam-name", Input).value
        scenarios = list(self.query_one("#exam-scenarios", SelectionList).selected)
        trainees = list(self.query_one("#exam-trainees", SelectionList).selected)
        cohorts = list(self.query_one("#exam-cohorts", SelectionList).selected)
        pass_mark, problem = check_form(name, self.query_one("#exam-mark", Input).value, scenarios)
        schedule, trouble = check_schedule(
            self.query_one("#exam-due", Input).value, self.query_one("#exam-limit", Input).value
        )
        status = self.query_one("#exam-status", Label)
        if pass_mark is None or schedule is None:
            status.update(self.tr(problem or trouble))
            return
        status.update(self.tr("saving"))
        order = [s.id for s in self.pack.scenarios]  # the pack's order, not the clicking order
        self._create(
            name, sorted(scenarios, key=order.index), pass_mark, trainees,
            cohorts=cohorts, due_at=schedule[0], attempt_limit=schedule[1],
        )  # fmt: skip

    @work(thread=True, exclusive=True, exit_on_error=False, group="exam-write")
    def _create(
        self, name: str, scenarios: list[str], pass_mark: float, trainees: list[str], **more: Any
    ) -> None:
        try:
            exam = self.service.save_exam(
                name, pack=self.pack, scenarios=scenarios, pass_mark=pass_mark,
                trainee_names=trainees, supervisor=self.supervisor,
                exam_id=self.editing.id if self.editing else None, **more,
            )  # fmt: skip
        except ExamNameTaken as exc:
            self.post_message(self.ExamRefused(self.tr("exam_name_taken", name=exc.name)))
            return
        except TrainerError as exc:  # a vanished trainee: say so, keep the form
            self.post_message(self.ExamRefused(str(exc)))
            return
        self.post_message(self.ExamCreated(exam))

    def on_exam_setup_screen_exam_refused(self, message: ExamRefused) -> None:
        self.query_one("#exam-status", Label).update(Text(message.error))

    def on_exam_setup_screen_exam_created(self, message: ExamCreated) -> None:
        e = self.exam = self.editing = message.exam
        self.query_one("#exam-save", Button).label = self.tr("exam_save_changes")
        self.query_one("#exam-form-title", Label).update(
            Text(self.tr("exam_edit_title", name=e.name))
        )
        who = ", ".join([*e.trainees, *(f"[{g}]" for g in e.cohorts)]) or self.tr("nobody")
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
