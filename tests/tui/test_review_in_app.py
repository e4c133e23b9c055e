"""The supervisor screens opened from the trainer app's home screen, by their keys, over the
app's own repository (the test's TRAINER_HOME)."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Input, SelectionList

from tests.tui import fakes
from tests.tui.helpers import add_trainee, pilot_test, ready, screen_text, until
from tests.tui.supervision_support import PIN, open_repo, seed
from trainer.tui.app import TrainerApp
from trainer.tui.screens.exam_list import ExamListScreen
from trainer.tui.screens.exam_setup import ExamSetupScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.pin import PinScreen
from trainer.tui.screens.progress import ProgressScreen
from trainer.tui.screens.review import ReviewScreen

SIZE = (140, 40)


async def sign_in(pilot: Any) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, PinScreen))
    app.screen.query_one("#pin-name", Input).value = "Lee Supervisor"
    app.screen.query_one("#pin-code", Input).value = PIN
    app.screen.query_one("#pin-code", Input).focus()
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, PinScreen))


async def home(pilot: Any) -> None:
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))


@pilot_test
async def test_home_keys_open_review_exam_setup_and_progress() -> None:
    repo = open_repo()
    seed(repo)
    repo.close()
    app = TrainerApp(fakes.services(microphone=False), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("v")
        await sign_in(pilot)
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one("#attempts", DataTable)
        await until(pilot, lambda: table.row_count == 10)
        await home(pilot)

        await pilot.press("x")  # the exam list: signed in once, no second PIN
        await until(pilot, lambda: isinstance(app.screen, ExamListScreen))
        await until(pilot, lambda: "0 exam(s)" in screen_text(app))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ExamSetupScreen))
        offered = app.screen.query_one("#exam-scenarios", SelectionList)
        assert offered.option_count == len(app.pack.scenarios)  # the home screen's pack
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ExamListScreen))
        await home(pilot)

        await pilot.press("c")  # the cohort dashboard, still signed in
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await until(pilot, lambda: "Kim Minji" in screen_text(app))
        assert app.screen.cohort_view
        await home(pilot)

        app.sign_in.clock = lambda: 1e12  # a long quiet spell: the sign-in is forgotten
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, PinScreen))
        await sign_in(pilot)
        await home(pilot)

        await add_trainee(pilot, "Choi Yuna")
        await pilot.press("g")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen))
        await until(pilot, lambda: "No scored attempts yet" in screen_text(app))
