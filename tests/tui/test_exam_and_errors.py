"""An exam call (no help, a clear recorded state, locked results) and the errors a user meets:
no speech model, no microphone, a database that cannot be opened."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui import fakes
from tests.tui.helpers import (
    STANDARD,
    add_trainee,
    pilot_test,
    ready,
    screen_text,
    type_reply,
    until,
)
from tests.tui.test_call import SIZE, start
from trainer.core.session import Phase
from trainer.errors import StorageError
from trainer.tui.app import TrainerApp
from trainer.tui.screens.error import ErrorScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.results import ResultsScreen


def footer_actions(screen: Any) -> set[str]:
    return {b.action for _, b, enabled, *_ in screen.active_bindings.values() if enabled}


@pilot_test
async def test_exam_has_no_help_keys_shows_recorded_and_locks_results() -> None:
    app = TrainerApp(fakes.services(microphone=False), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "Wang Fang")
        call = await start(pilot, key="e")
        assert call.exam_id is None
        assert any("mock exam" in n.message for n in app._notifications)
        await pilot.press("space")
        await until(pilot, lambda: call.call.phase is Phase.TRAINEE)
        actions = footer_actions(call)
        assert not actions & {"hint", "model_answer", "retry", "next"}
        await pilot.press("f2", "f3")  # the practice keys do nothing in an exam
        assert not call.query_one("#hint").display
        await type_reply(pilot, "喂？")  # a poor first reply: not shown, only recorded
        assert call.query_one("#recorded").display
        assert "Recorded" in screen_text(app)
        assert not call.query_one("#card").display
        assert "FAIL" not in screen_text(app)
        await type_reply(pilot, STANDARD["transfer"][1])
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        text = screen_text(app)
        assert "Exam recorded" in text and "supervisor" in text
        assert "FAIL" not in text and "Total" not in text
        assert not footer_actions(app.screen) & {"drill", "again"}
        store = app.store
        await until(pilot, lambda: [r["ended_at"] is not None for r in store.call_rows()] == [True])
        (row,) = store.call_rows()
        assert row["mode"] == "exam" and row["passed"] is False and row["attempts"] == 2


@pilot_test
async def test_an_assigned_exam_runs_its_scenario_with_its_pass_mark() -> None:
    app = TrainerApp(fakes.services(microphone=False), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "Wang Fang")
        store = app.store
        store.add_supervisor("Boss", "432198")
        boss = store.verify_supervisor("Boss", "432198")
        store.create_exam(
            "Intake", pack=app.pack, scenarios=["not-at-desk"], pass_mark=90,
            trainee_names=["Wang Fang"], supervisor=boss,
        )  # fmt: skip
        call = await start(pilot, "transfer", key="e")  # not in the exam: its scenario runs
        assert call.scenario.id == "not-at-desk" and call.exam_id is not None
        assert call.pack.pass_mark == 90
        assert any("Exam: Intake" in n.message for n in app._notifications)
        await pilot.press("space")
        await type_reply(pilot, STANDARD["transfer"][0])
        await until(pilot, lambda: store.call_rows())
        assert store.call_rows()[0]["exam"] == "Intake"


@pilot_test
async def test_missing_model_says_how_to_install_and_replies_are_typed() -> None:
    app = TrainerApp(fakes.services(model=False), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        status = str(app.screen.query_one("#status").render())
        assert "not installed: trainer model install zh" in status
        assert "--from" in status
        assert any("trainer model install zh" in n.message for n in app._notifications)
        assert app.reply_by == "typed"
        call = await start(pilot)
        await pilot.press("space")
        await type_reply(pilot, STANDARD["transfer"][0])
        assert call.call.attempt.passed


@pilot_test
async def test_microphone_and_model_ready_show_device_and_level() -> None:
    app = TrainerApp(fakes.services(), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.status.level_db > -90)
        status = str(app.screen.query_one("#status").render())
        assert "fake-model ready" in status and "Fake USB headset" in status
        assert "█" in status  # the level meter moves with the sound
        assert app.reply_by == "voice"
        await pilot.press("t")
        assert app.reply_by == "typed"


@pilot_test
async def test_database_that_cannot_open_shows_what_to_do_and_the_app_keeps_running() -> None:
    services = fakes.services(microphone=False)

    def broken() -> Any:
        raise StorageError("the database is locked by another program; close it and try again")

    services.open_store = broken
    app = TrainerApp(services, ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ErrorScreen))
        text = screen_text(app)
        assert "database is locked" in text and "keeps running" in text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "unavailable" in str(app.screen.query_one("#status").render())
        call = await start(pilot)  # practice still works, unsaved
        await pilot.press("space")
        await type_reply(pilot, STANDARD["transfer"][0])
        assert call.call.attempt.passed


def test_a_screen_not_installed_yet_is_a_notification(monkeypatch: Any) -> None:
    from trainer.tui import navigation as app_module

    missing = ("trainer.tui.screens.not_there", "ProgressScreen", "trainee")
    monkeypatch.setitem(app_module.NAMED_SCREENS, "progress", missing)

    @pilot_test
    async def run() -> None:
        app = TrainerApp(fakes.services(microphone=False), ui="en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert any("Progress screen is not installed" in n.message for n in app._notifications)

    run()


@pytest.mark.parametrize(
    ("key", "screen"),
    [("v", "ReviewScreen"), ("x", "ExamListScreen"), ("c", "ProgressScreen"), ("w", "RoomScreen")],
)
def test_supervisor_screens_are_pushed_by_name_behind_the_pin(key: str, screen: str) -> None:
    @pilot_test
    async def run() -> None:
        app = TrainerApp(fakes.services(microphone=False), ui="en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press(key)
            await until(pilot, lambda: not isinstance(app.screen, HomeScreen))
            names = [type(s).__name__ for s in app.screen_stack]
            assert screen in names and names[-1] == "PinScreen"

    run()


class LockedStore:
    """A repository whose writes of attempts fail the way a locked database does."""

    def __init__(self, real: Any):
        self.real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def record_attempt(self, *args: Any, **kwargs: Any) -> Any:
        raise StorageError("the database is locked; close other programs using it and try again")


@pilot_test
async def test_a_write_that_fails_mid_call_shows_what_to_do_and_the_call_goes_on() -> None:
    from trainer.storage import open_repository

    app = TrainerApp(fakes.services(microphone=False, store=LockedStore(open_repository())))
    async with app.run_test(size=SIZE) as pilot:
        call = await start(pilot)
        await pilot.press("space")
        await type_reply(pilot, STANDARD["transfer"][0])
        await until(pilot, lambda: isinstance(app.screen, ErrorScreen))
        shown = screen_text(app)  # in the interface's language: the driver's words are English
        assert "数据库暂时无法使用" in shown and "locked" not in shown
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is call)
        assert app.status.db == "error"
        await pilot.press("n")
        await type_reply(pilot, STANDARD["transfer"][1])
        assert call.call.attempt.passed
