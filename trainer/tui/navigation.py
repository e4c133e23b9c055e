"""Where the app goes: calls (practice, exams assigned by a supervisor), home, and the
supervisor screens pushed by name (a notification when one is not installed)."""

from __future__ import annotations

import importlib
from typing import Any

from textual import work

from trainer.tui import messages as m
from trainer.tui.labels import t

# name -> (module, class, what the constructor takes beyond the repository: "trainee"
# (one must be picked), "trainee?" (or None), "player", "pack", or nothing)
NAMED_SCREENS: dict[str, tuple[str, str, str]] = {
    "review": ("trainer.tui.screens.review", "ReviewScreen", "player"),
    "progress": ("trainer.tui.screens.progress", "ProgressScreen", "trainee?"),
    "exam_setup": ("trainer.tui.screens.exam_setup", "ExamSetupScreen", "pack"),
    "my_results": ("trainer.tui.screens.my_results", "MyResultsScreen", "trainee"),
}


class Navigation:
    """Mixed into ``TrainerApp``; uses its state (pack, trainee, store, services...)."""

    # the App's attributes and methods this relies on
    pack: Any
    packs: list[Any]
    pack_folders: dict[str, Any]
    trainee: str | None
    store: Any
    services: Any
    status: Any
    screen_stack: Any
    push_screen: Any
    pop_screen: Any
    notify: Any
    post_message: Any
    stop_microphone: Any
    watch_microphone: Any

    @property
    def ui(self) -> str:
        raise NotImplementedError  # the app's interface language

    def start_call(
        self, scenario: Any, mode: str, pack: Any = None, exam_id: int | None = None
    ) -> None:
        from trainer.tui.screens.call import CallScreen

        self.stop_microphone()
        pack = pack or self.pack
        folder = self.pack_folders.get(pack.id)
        trainee = self.trainee or ""
        self.push_screen(CallScreen(pack, scenario, mode, trainee, folder, exam_id=exam_id))

    def start_exam(self, scenario: Any) -> None:
        """The trainee's assigned exam for this pack when there is one (its scenario and pass
        mark), else the chosen scenario as a mock exam."""
        if self.store is None:
            self.start_call(scenario, "exam")
        else:
            self.find_exam(self.trainee, scenario)

    @work(thread=True, exclusive=True, exit_on_error=False, group="db-read")
    def find_exam(self, trainee: str, scenario: Any) -> None:
        person = self.store.ensure_trainee(trainee)
        self.post_message(m.ExamsFound(self.store.exams_for(person.id), scenario))

    def on_exams_found(self, message: m.ExamsFound) -> None:
        import dataclasses

        pack, chosen = self.pack, message.scenario
        exam = next((e for e in message.exams if e.pack_id == pack.id and e.scenarios), None)
        if exam is None:
            self.notify(t("mock_exam", self.ui), timeout=4)
            self.start_call(chosen, "exam")
            return
        ids = [s.id for s in pack.scenarios]
        scenario_id = chosen.id if chosen.id in exam.scenarios else exam.scenarios[0]
        if scenario_id not in ids:
            self.notify(
                t("exam_scenario_missing", self.ui, name=exam.name), severity="error", markup=False
            )
            return
        self.notify(t("exam_named", self.ui, name=exam.name), timeout=4, markup=False)
        exam_pack = dataclasses.replace(pack, pass_mark=exam.pass_mark)
        self.start_call(pack.scenario(scenario_id), "exam", exam_pack, exam_id=exam.id)

    def back_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if self.status.mic == "ready":
            self.watch_microphone()

    def open_named(self, name: str) -> None:
        module_name, class_name, extra = NAMED_SCREENS[name]
        label = t(name, self.ui)
        if self.store is None:
            self.notify(t("db_error", self.ui), title=label, severity="warning")
            return
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            self.notify(t("not_ready", self.ui, what=label), severity="warning")
            return
        screen_class = getattr(module, class_name)
        if extra == "trainee" and not self.trainee:
            self.notify(t("pick_trainee", self.ui), severity="warning")
            return
        given = {
            "trainee": self.trainee,
            "trainee?": self.trainee,  # progress with none picked: the cohort table
            "player": self.services.player,
            "pack": self.pack,
        }
        args = (self.store, given[extra]) if extra else (self.store,)
        self.push_screen(screen_class(*args))
