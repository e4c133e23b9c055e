"""The trainer app: home, calls and results here; supervisor screens pushed by name.

At start the home screen paints at once; packs, the database, the microphone and then the
speech model for the chosen pack load behind it in thread workers, each reporting back by a
message. Every failed worker, on any screen, ends up in ``worker_changed``: it updates the
status line and tells the user what to do, and the app keeps running.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.worker import Worker, WorkerState, get_current_worker

from trainer.config import Settings
from trainer.errors import TrainerError
from trainer.tui import messages as m
from trainer.tui.labels import label, t, ui_for, what_to_do
from trainer.tui.navigation import Navigation
from trainer.tui.screens.home import HomeScreen
from trainer.tui.services import LoadedModel, Services
from trainer.tui.signin import SignIn
from trainer.tui.widgets.status import Status, StatusLine

# a worker group's prefix -> what its failure is called in the interface language
FAILURES = (
    ("model", "failed_model"),
    ("capture", "failed_capture"),
    ("mic", "mic_none"),
    ("db", "failed_db"),
    ("packs", "failed_packs"),
    ("play", "no_speaker"),
)
MODAL_GROUPS = ("db", "db-open", "db-write", "db-read", "packs")


class TrainerApp(Navigation, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "trainer"
    ENABLE_COMMAND_PALETTE = False  # every action has its key in the footer

    def __init__(
        self,
        services: Services | None = None,
        *,
        settings: Settings | None = None,
        ui: str | None = None,
        reply_by: str | None = None,
        remember: Callable[[Settings], None] | None = None,
    ) -> None:
        """``settings`` are where the app opens (``ui`` and ``reply_by`` override theirs);
        ``remember`` is called with the settings whenever the trainee changes one."""
        super().__init__()
        settings = settings or Settings()
        self.settings = settings.with_(ui=ui or settings.ui, reply_by=reply_by or settings.reply_by)
        self.services = services or Services.production(pack=self.settings.pack)
        self.remember = remember
        self.status = Status()
        self.packs: list[Any] = []
        self.pack_folders: dict[str, Any] = {}
        self.pack: Any = None
        self.trainee: str | None = None
        self.trainees: list[str] = []
        self.store: Any = None
        self.model: LoadedModel | None = None
        self.sound_ok = True
        self._loading_rest = False
        self.sign_in = SignIn()  # one supervisor sign-in per session
        # the cohort table ranks trainees; "off" (a manager's setting): by name
        self.leaderboard = self.settings.leaderboard or "on"
        self._model_for = ""  # the language whose model is loading or loaded
        self._roster_version = 0  # moves on when a trainee write starts and when it lands
        self._told_broken: set[Path] = set()  # broken user packs already named on screen
        self._warm_after_model = False  # the scorer's imports wait for the model's load
        self._told_no_model: set[str] = set()  # languages whose missing model was said

    # -- state the screens read ---------------------------------------------------------

    @property
    def ui_setting(self) -> str | None:
        return self.settings.ui  # None: follow the pack

    @property
    def reply_by_setting(self) -> str | None:
        return self.settings.reply_by  # None: voice when a microphone and model are ready

    def change_settings(self, **changes: str | None) -> None:
        """Change settings and remember them for the next start."""
        updated = self.settings.with_(**changes)
        if updated == self.settings:
            return
        self.settings = updated
        if self.remember is not None:
            try:
                self.remember(updated)
            except TrainerError as exc:
                self.notify(str(exc), severity="warning", timeout=8)

    @property
    def ui(self) -> str:
        return ui_for(self.pack.language if self.pack is not None else None, self.ui_setting)

    @property
    def voice_ready(self) -> bool:
        return (
            self.model is not None
            and self.status.model == "ready"
            and self.status.mic == "ready"
            and self.pack is not None
            and self.status.model_language == self.pack.language
        )

    @property
    def reply_by(self) -> str:
        if self.reply_by_setting == "voice" and self.voice_ready:
            return "voice"
        if self.reply_by_setting == "typed":
            return "typed"
        return "voice" if self.voice_ready else "typed"

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen()  # the first screen painted, with nothing loaded yet

    def on_mount(self) -> None:
        self.title = t("title", self.ui)
        # nothing loads before the first paint; then the packs and the microphone (finding it
        # takes a second: it is what a voice reply waits for once the model is in); the rest
        # waits for the packs to be listed
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.load_packs()
        self.watch_microphone()

    def _load_the_rest(self) -> None:
        if self._loading_rest:
            return
        self._loading_rest = True
        if self.pack is not None and self._model_for != self.pack.language:
            self._start_model(self.pack.language)
        self.open_database()
        if self.status.model == "loading":
            self._warm_after_model = True  # the model's load has the CPU first
        else:
            self.warm_scorer()

    def _warm_when_model_done(self) -> None:
        if self._warm_after_model:
            self._warm_after_model = False
            self.warm_scorer()

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm")
    def warm_scorer(self) -> None:
        """Import the call flow and scorer now, so the first call starts without a pause."""
        import trainer.core.session  # noqa: F401
        import trainer.practice  # noqa: F401

    def changed(self) -> None:
        """Show the latest status and lists on every open screen."""
        self.title = t("title", self.ui)
        for screen in self.screen_stack:
            for line in screen.query(StatusLine):
                line.show(self.status, self.ui)
            sync = getattr(screen, "sync", None)
            if sync is not None:
                sync()

    def choose_pack(self, pack: Any) -> None:
        language_changed = self.pack is None or pack.language != self.pack.language
        self.pack = pack
        self.change_settings(pack=pack.id)
        if language_changed or self.status.model == "missing":
            self.model = None
            self.status.model, self.status.model_language = "loading", pack.language
            self._start_model(pack.language)  # first: the slowest thing to load

    def _start_model(self, language: str) -> None:
        self._model_for = language
        self.load_model(language)

    # -- background work -----------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="packs")
    def load_packs(self) -> None:
        packs, folders = self.services.load_packs()
        self.post_message(m.PacksLoaded(packs, folders, self.services.broken_packs()))

    def on_packs_loaded(self, message: m.PacksLoaded) -> None:
        self.packs, self.pack_folders = message.packs, message.folders
        for folder, problem in message.broken:
            if folder in self._told_broken:
                continue  # said once a session, not on every return home
            self._told_broken.add(folder)
            text = t("pack_broken", self.ui, folder=str(folder))
            if self.ui == "en":  # the checker's own words are English
                text += f"\n{problem}"
            self.notify(text, severity="warning", timeout=12, markup=False)
        if self.pack is not None:
            self.pack = next((p for p in self.packs if p.id == self.pack.id), None)
        if self.packs and self.pack is None:
            wanted = next((p for p in self.packs if p.id == self.settings.pack), None)
            self.choose_pack(wanted or self.packs[0])
        self.changed()
        self.call_after_refresh(self._load_the_rest)

    @work(thread=True, exclusive=True, exit_on_error=False, group="model")
    def load_model(self, language: str) -> None:
        loaded = self.services.load_model(language)
        self.post_message(m.ModelLoaded(language, loaded.name, loaded.make))

    def on_model_loaded(self, message: m.ModelLoaded) -> None:
        if self.pack is not None and message.language != self.pack.language:
            return  # the pack changed meanwhile; its own model is loading
        self.model = LoadedModel(message.name, message.make)
        self.status.model, self.status.model_name = "ready", message.name
        self.changed()
        self._warm_when_model_done()

    @work(thread=True, exclusive=True, exit_on_error=False, group="db-open")
    def open_database(self) -> None:
        version = self._roster_version
        store = self.services.open_store()
        trainees = [person.name for person in store.list_trainees()]
        self.post_message(m.DatabaseOpened(store, trainees, version))

    def on_database_opened(self, message: m.DatabaseOpened) -> None:
        if message.version != self._roster_version:
            # a trainee was added while this list was being read: read it again
            self.store = message.store
            self.reload_trainees()
            return
        self.store, self.trainees = message.store, message.trainees
        self.status.db = "ready"
        if self.trainee not in self.trainees:
            self.trainee = None
        if self.trainee is None and self.trainees:
            remembered = self.settings.trainee
            self.trainee = remembered if remembered in self.trainees else self.trainees[0]
        if self.trainee:
            self.load_assigned(self.trainee)
        self.changed()

    def refresh_lists(self) -> None:
        """Read the packs and trainees again (another program may have added some)."""
        if self.packs:
            self.load_packs()
        if self.store is not None:
            self.reload_trainees()

    @work(thread=True, exclusive=True, exit_on_error=False, group="db-read")
    def reload_trainees(self) -> None:
        version = self._roster_version
        trainees = [person.name for person in self.store.list_trainees()]
        self.post_message(m.DatabaseOpened(self.store, trainees, version))

    def on_app_focus(self) -> None:
        """Back from another window (where the command line may have added a trainee or a
        pack): home shows the lists again."""
        if len(self.screen_stack) == 1:
            self.refresh_lists()

    def choose_trainee(self, name: str) -> None:
        self.trainee = name
        self.change_settings(trainee=name)

    def add_trainee(self, name: str, cohort: str | None = None) -> None:
        self._roster_version += 1  # any list read before this write lands is stale
        self._write_trainee(name, cohort)

    @work(thread=True, exclusive=True, exit_on_error=False, group="db-write")
    def _write_trainee(self, name: str, cohort: str | None = None) -> None:
        person = self.store.ensure_trainee(name, cohort=cohort or None)
        self.post_message(m.TraineeAdded(person.name))

    def on_trainee_added(self, message: m.TraineeAdded) -> None:
        self._roster_version += 1  # a list read while the write was under way is stale
        if message.name not in self.trainees:
            self.trainees.append(message.name)
        self.choose_trainee(message.name)
        self.changed()

    @work(thread=True, exclusive=True, exit_on_error=False, group="mic")
    def watch_microphone(self) -> None:
        """Find the microphone, then show its level until a call needs it."""
        from trainer.live import monitor_level

        device = self.services.microphone_name()
        self.post_message(m.MicrophoneFound(device))
        worker = get_current_worker()
        recorder = self.services.make_recorder()
        monitor_level(
            recorder, lambda db: self.post_message(m.LevelMeasured(db)), worker.cancelled_event
        )

    def stop_microphone(self) -> None:
        self.workers.cancel_group(self, "mic")

    def on_microphone_found(self, message: m.MicrophoneFound) -> None:
        self.status.mic, self.status.mic_device = "ready", message.device
        self.changed()

    def on_level_measured(self, message: m.LevelMeasured) -> None:
        self.status.level_db = message.db
        for line in (s for screen in self.screen_stack[-1:] for s in screen.query(StatusLine)):
            line.show(self.status, self.ui)

    @work(thread=True, exclusive=False, exit_on_error=False, group="db")
    def save_call(self, log: Any) -> None:
        log.run(get_current_worker().cancelled_event)

    # -- the one place failed workers are shown ------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.worker_changed(event)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR:
            return
        group, error = event.worker.group, event.worker.error
        from trainer.errors import TrainerError

        known = isinstance(error, TrainerError)
        ui = self.ui
        text = self.failure_text(group, error)
        if group == "model":
            self.model, self.status.model, self._model_for = None, "missing", ""
            self._warm_when_model_done()
        elif group == "mic":
            self.status.mic = "none"
        elif group in ("db", "db-open", "db-write", "db-read"):
            self.status.db, self.status.db_detail = "error", ""
        elif group == "packs":
            self._load_the_rest()
        self.changed()
        handler = getattr(self.screen, "work_failed", None)
        if handler is not None:
            handler(group, error)
        if group == "mic":
            return  # no microphone is normal: the status line says replies are typed
        if group == "model" and known:
            # a missing model is said once per language a session; the status line keeps it
            if self.status.model_language in self._told_no_model:
                return
            self._told_no_model.add(self.status.model_language)
        if group in MODAL_GROUPS or not known:
            from trainer.tui.screens.error import ErrorScreen

            what = t("error_keeps_running", ui, what=what_to_do(group, ui))
            self.push_screen(ErrorScreen(t("error", ui), text, what, t("ok", ui)))
        else:
            self.notify(
                f"{text}\n{what_to_do(group, ui)}", severity="warning", timeout=8, markup=False
            )

    def failure_text(self, group: str, error: BaseException | None) -> str:
        """What went wrong, in the interface language. The adapters' messages (a path, a
        device's own words) are English: the English interface shows them whole, the Chinese
        one says what failed in its own words."""
        if self.ui == "en":
            known = isinstance(error, TrainerError)
            return str(error) if known else f"{type(error).__name__}: {error}"
        code = next((c for prefix, c in FAILURES if group.startswith(prefix)), "failed_other")
        return label(code, self.ui, lang=self.status.model_language or "")


def main() -> int:
    """Run the app; the exit code is non-zero when it stopped on an error."""
    from trainer import config

    settings = config.load()
    app = TrainerApp(settings=settings, remember=config.save)
    app.run()
    return app.return_code or 0
