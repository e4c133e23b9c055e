"""Home: who is training, which pack and scenario, and what to do (practice, exam, review,
progress); the status of the speech model, the microphone and the database underneath."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from trainer.tui.labels import t
from trainer.tui.screens.base import TrainerModal, TrainerScreen
from trainer.tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp


class AddTraineeScreen(TrainerModal[tuple[str, str] | None]):
    """A new trainee's name and (optional) cohort; Enter in the name moves to the cohort."""

    BINDINGS = [("escape", "dismiss", "cancel")]

    def __init__(self, prompt: str, cohort_prompt: str = "") -> None:
        super().__init__()
        self.prompt, self.cohort_prompt = prompt, cohort_prompt

    def compose(self) -> ComposeResult:
        with Vertical(id="add-box"):
            yield Label(self.prompt)
            yield Input(id="add-name")
            yield Input(placeholder=self.cohort_prompt, id="add-cohort")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "add-name" and event.value.strip():
            self.query_one("#add-cohort", Input).focus()
            return
        name = self.query_one("#add-name", Input).value.strip()
        cohort = self.query_one("#add-cohort", Input).value.strip()
        self.dismiss((name, cohort) if name else None)


class HomeScreen(TrainerScreen):
    KEYS = (
        ("p", "start('practice')", "mode_practice"),
        ("e", "start('exam')", "mode_exam"),
        ("a", "add_trainee", "key_add"),
        ("t", "toggle_reply", "key_reply"),
        ("v", "open('review')", "review"),
        ("g", "open('progress')", "progress"),
        ("x", "open('exams')", "key_exams"),
        ("c", "open('cohorts')", "key_cohorts"),
        ("w", "open('room')", "key_room"),
        ("r", "open('my_results')", "key_mine"),
        ("l", "toggle_language", "key_language"),
        ("q", "app.quit", "quit"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, Any] = {}
        self.scenario: Any = None
        self._focused_once = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-lists"):
            with Vertical(classes="column"):
                yield Label(id="trainees-label", classes="column-title")
                yield OptionList(id="trainees")
            with Vertical(classes="column"):
                yield Label(id="packs-label", classes="column-title")
                yield OptionList(id="packs")
            with Vertical(classes="column wide"):
                yield Label(id="scenarios-label", classes="column-title")
                yield OptionList(id="scenarios")
        yield Static(id="home-info")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.sync()

    def on_screen_resume(self) -> None:
        self.trainer.refresh_lists()  # the command line may have added trainees or packs
        self.sync()

    # -- showing the app's state ---------------------------------------------------------

    def sync(self) -> None:
        if not self.query("#trainees-label"):
            return  # not composed yet: on_mount shows the state once it is
        app = self.trainer
        ui = self.ui
        self.query_one("#trainees-label", Label).update(t("trainee", ui))
        self.query_one("#packs-label", Label).update(t("pack", ui))
        self.query_one("#scenarios-label", Label).update(t("scenario", ui))
        if self._changed("ui", ui):
            self.localize()
        if self._changed("trainees", (ui, tuple(app.trainees), app.status.db)):
            self._fill_trainees(app, ui)
        if self._changed("packs", tuple(p.id for p in app.packs)):
            self._fill_packs(app)
        if self._changed("scenarios", (ui, getattr(app.pack, "id", ""))):
            self._fill_scenarios(app, ui)
        self.query_one(StatusLine).show(app.status, ui)
        self._info()

    def _changed(self, part: str, value: Any) -> bool:
        if self._shown.get(part) == value:
            return False
        self._shown[part] = value
        return True

    def _fill_trainees(self, app: TrainerApp, ui: str) -> None:
        trainees = self.query_one("#trainees", OptionList)
        trainees.clear_options()
        if app.trainees:
            trainees.add_options([Option(escape(name), id=name) for name in app.trainees])
            trainees.highlighted = app.trainees.index(app.trainee) if app.trainee else 0
        else:
            loading = app.status.db == "loading"
            trainees.add_option(
                Option(t("loading" if loading else "no_trainees", ui), disabled=True)
            )

    def _fill_packs(self, app: TrainerApp) -> None:
        packs = self.query_one("#packs", OptionList)
        packs.clear_options()
        packs.add_options(
            [
                Option(f"{escape(p.title)}\n[dim]{p.id} · {p.language}[/]", id=p.id)
                for p in app.packs
            ]
        )
        if app.pack is not None:
            packs.highlighted = [p.id for p in app.packs].index(app.pack.id)

    def _fill_scenarios(self, app: TrainerApp, ui: str) -> None:
        scenarios = self.query_one("#scenarios", OptionList)
        scenarios.clear_options()
        if app.pack is None:
            scenarios.add_option(Option(t("loading", ui), disabled=True))
            return
        if not app.pack.scenarios:
            scenarios.add_option(
                Option(escape(t("no_scenarios", ui, pack=app.pack.id)), disabled=True)
            )
            self.scenario = None
            return
        options = []
        for s in app.pack.scenarios:
            kind = {"desk": "🛎", "quiz": "📖"}.get(s.kind, "☎")
            options.append(
                Option(f"{kind} {escape(s.title)}  [dim]{'★' * s.difficulty}[/]", id=s.id)
            )
        scenarios.add_options(options)
        chosen = self.scenario.id if self.scenario in app.pack.scenarios else None
        index = [s.id for s in app.pack.scenarios].index(chosen) if chosen else 0
        scenarios.highlighted = index
        self.scenario = app.pack.scenarios[index] if app.pack.scenarios else None
        if not self._focused_once:
            self._focused_once = True
            scenarios.focus()

    def _info(self) -> None:
        app = self.trainer
        ui = self.ui
        lines = []
        if self.scenario is not None:
            lines.append(
                f"[b]{escape(self.scenario.title)}[/]  {escape(self.scenario.description)}"
            )
        reply = t("voice" if app.reply_by == "voice" else "typed", ui)
        lines.append(
            f"{t('trainee', ui)}: [b]{escape(app.trainee or '—')}[/]   {t('reply_by', ui)}: [b]{reply}[/]"
        )
        for a in getattr(app, "assigned", []):
            due = f"{a.exam.due_at.astimezone():%Y-%m-%d}" if a.exam.due_at else t("no_due", ui)
            left = t("unlimited", ui) if a.left is None else a.left
            lines.append(t("exam_due_line", ui, name=escape(a.exam.name), due=due, left=left))
        self.query_one("#home-info", Static).update("\n".join(lines))

    # -- choosing ------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        app = self.trainer
        option_id = event.option.id
        if option_id is None or event.option_index != event.option_list.highlighted:
            return  # nothing to choose, or a highlight the list has moved on from
        if event.option_list.id == "trainees":
            if app.trainee != option_id and app.store is not None:
                app.assigned = []
                app.load_assigned(option_id)
            app.choose_trainee(option_id)
        elif event.option_list.id == "packs":
            pack = next(p for p in app.packs if p.id == option_id)
            if pack is not app.pack:
                app.choose_pack(pack)
                app.changed()
        elif event.option_list.id == "scenarios" and app.pack is not None:
            self.scenario = next((s for s in app.pack.scenarios if s.id == option_id), None)
        self._info()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "scenarios":
            self.action_start("practice")

    # -- actions -------------------------------------------------------------------------

    def action_start(self, mode: str) -> None:
        app = self.trainer
        if self.scenario is None:
            if app.pack is not None:
                self.notify(t("no_scenarios", self.ui, pack=app.pack.id), severity="warning")
            return
        if mode == "exam" and not app.trainee:
            self.notify(t("pick_trainee", self.ui), severity="warning")
            return
        if mode == "exam":
            app.start_exam(self.scenario)
        else:
            app.start_call(self.scenario, mode)

    def action_add_trainee(self) -> None:
        app = self.trainer

        def added(given: tuple[str, str] | None) -> None:
            if given and app.store is None:
                self.notify(f"{t('database', self.ui)}: {t('db_error', self.ui)}", severity="error")
            elif given:
                app.add_trainee(*given)

        prompts = (t("trainee_name", self.ui), t("trainee_cohort", self.ui))
        self.app.push_screen(AddTraineeScreen(*prompts), added)

    def action_toggle_reply(self) -> None:
        app = self.trainer
        app.change_settings(reply_by="typed" if app.reply_by == "voice" else "voice")
        if app.reply_by_setting == "voice" and not app.voice_ready:
            self.notify(
                t("mic_none", self.ui)
                if app.status.mic != "ready"
                else t("model_missing", self.ui, lang=app.status.model_language),
                severity="warning",
            )
        self._info()

    def action_toggle_language(self) -> None:
        app = self.trainer
        app.change_settings(ui="zh" if self.ui == "en" else "en")
        app.changed()

    def action_open(self, name: str) -> None:
        self.trainer.open_named(name)
