"""Where the app goes: calls (practice; an assigned exam sat through all its scenarios in
order), home, and the supervisor screens pushed by name (a notification when one is not
installed)."""

from __future__ import annotations

import importlib
from typing import Any

from textual import work
from textual.message import Message

from trainer.tui.labels import t

# name -> (module, class, what the constructor takes beyond the repository: "trainee"
# (one must be picked), "trainee?" (or None), "player", "pack", or nothing)
NAMED_SCREENS: dict[str, tuple[str, str, str]] = {
    "review": ("trainer.tui.screens.review", "ReviewScreen", "player"),
    "progress": ("trainer.tui.screens.progress", "ProgressScreen", "trainee?"),
    "exam_setup": ("trainer.tui.screens.exam_setup", "ExamSetupScreen", "pack"),
    "my_results": ("trainer.tui.screens.my_results", "MyResultsScreen", "trainee"),
    "exams": ("trainer.tui.screens.exam_list", "ExamListScreen", "pack"),
    "cohorts": ("trainer.tui.screens.progress", "ProgressScreen", "nobody"),
    "room": ("trainer.tui.screens.room", "RoomScreen", ""),
}


class AssignedLoaded(Message):
    """The picked trainee's exams (``supervision.AssignedExam``), for home and the exam key."""

    def __init__(self, trainee: str, assigned: list[Any], scenario: Any = None) -> None:
        super().__init__()
        self.trainee = trainee
        self.assigned = assigned
        self.scenario = scenario  # set when the trainee asked to sit an exam


class Sitting:
    """An exam sat through all its scenarios in order: what is left to call."""

    def __init__(self, exam: Any, pack: Any, scenarios: list[Any]) -> None:
        self.exam, self.pack, self.left = exam, pack, scenarios


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

    sitting: Sitting | None = None
    assigned: list[Any] = []  # the picked trainee's exams (supervision.AssignedExam)

    def start_exam(self, scenario: Any) -> None:
        """The trainee's open assigned exam for this pack, sat through all its scenarios in
        order (within its sittings allowed), else the chosen scenario as a mock exam."""
        if self.store is None:
            self.start_call(scenario, "exam")
        else:
            self.load_assigned(self.trainee, scenario)

    @work(thread=True, exclusive=True, exit_on_error=False, group="db-read")
    def load_assigned(self, trainee: str | None, scenario: Any = None) -> None:
        from trainer.supervision import Supervision

        assigned = Supervision(self.store).assigned(trainee) if trainee else []
        self.post_message(AssignedLoaded(trainee or "", assigned, scenario))

    def on_assigned_loaded(self, message: AssignedLoaded) -> None:
        if message.trainee == self.trainee:
            self.assigned = message.assigned
            getattr(self, "changed", lambda: None)()
        if message.scenario is not None:
            self._sit(message.assigned, message.scenario)

    def _sit(self, assigned: list[Any], chosen: Any) -> None:
        import dataclasses

        pack = self.pack
        mine = [a for a in assigned if a.exam.pack_id == pack.id and a.exam.scenarios]
        ready = next((a for a in mine if a.can_sit), None)
        if ready is None and mine:
            self.notify(t("exam_no_sittings", self.ui, name=mine[0].exam.name), severity="warning")
            return
        if ready is None:
            self.notify(t("mock_exam", self.ui), timeout=4)
            self.start_call(chosen, "exam")
            return
        exam = ready.exam
        by_id = {s.id: s for s in pack.scenarios}
        if any(s not in by_id for s in exam.scenarios):
            self.notify(
                t("exam_scenario_missing", self.ui, name=exam.name), severity="error", markup=False
            )
            return
        self.notify(t("exam_named", self.ui, name=exam.name), timeout=4, markup=False)
        exam_pack = dataclasses.replace(pack, pass_mark=exam.pass_mark)
        self.sitting = Sitting(exam, exam_pack, [by_id[s] for s in exam.scenarios])
        self._next_in_sitting()

    def _next_in_sitting(self) -> bool:
        sitting = self.sitting
        if sitting is None or not sitting.left:
            self.sitting = None
            return False
        scenario = sitting.left.pop(0)
        self.start_call(scenario, "exam", sitting.pack, exam_id=sitting.exam.id)
        return True

    def back_home(self) -> None:
        finished = type(self.screen_stack[-1]).__name__ == "ResultsScreen"
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if self.sitting is not None and finished and self._next_in_sitting():
            return  # the exam goes on with its next scenario
        self.sitting = None
        if self.trainee and self.store is not None:
            self.load_assigned(self.trainee)  # sittings left may have changed
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
            "nobody": None,  # the cohort dashboard
            "player": self.services.player,
            "pack": self.pack,
        }
        args = (self.store, given[extra]) if extra else (self.store,)
        self.push_screen(screen_class(*args))
