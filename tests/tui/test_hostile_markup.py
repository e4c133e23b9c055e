"""Text that a user or a file supplies is shown as text, never read as Textual markup: a
trainee called ``[/]`` or ``[@click=app.quit]x[/]`` neither crashes a screen nor acts, on
every screen that shows names, cohorts, comments, replies, reasons or pack titles."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from textual.widgets import DataTable

from tests.tui import fakes
from tests.tui.helpers import ready, until
from tests.tui.supervision_support import (
    PIN,
    START,
    PlayerSpy,
    ScreenApp,
    add_attempt,
    pilot_test,
    settle,
)
from trainer.storage import Repository
from trainer.tui.app import TrainerApp
from trainer.tui.screens.attempt import AttemptScreen
from trainer.tui.screens.exam_setup import ExamSetupScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.my_results import MyResultsScreen
from trainer.tui.screens.progress import ProgressScreen
from trainer.tui.screens.review import ReviewScreen

SIZE = (160, 50)
CLOSE = "[/]"
CLICK = "[@click=app.quit]x[/]"
BOLD = "[b]Bo[/b]ld"
SUPERVISOR = "[i]Sup[/i]"


def shown(app: Any) -> str:
    """What the terminal shows, as plain text (every line of the composed screen)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def seed_hostile(repo: Repository) -> dict[str, int]:
    ids: dict[str, int] = {}
    for n, name in enumerate((CLOSE, CLICK, BOLD)):
        call_id, attempt_id = add_attempt(
            repo, name, f"您好 {CLOSE} {CLICK}", when=START + timedelta(hours=n), cohort=CLICK
        )
        ids[name] = attempt_id
        ids[f"{name}/call"] = call_id
    repo.add_supervisor(SUPERVISOR, PIN)
    sup = repo.verify_supervisor(SUPERVISOR, PIN)
    repo.override(ids[CLICK], sup, score=90, comment=f"ok {CLICK} {CLOSE}")
    trainee = repo.trainee(CLOSE)
    repo.dispute(trainee.id, ids[f"{CLOSE}/call"], f"unfair {CLOSE}", attempt_id=ids[CLOSE])
    return ids


def hostile_services() -> Any:
    services = fakes.services(microphone=False)
    load = services.load_packs

    def load_packs() -> tuple[list[Any], dict[str, Any]]:
        packs, folders = load()
        pack = packs[0]
        scenarios = tuple(
            dataclasses.replace(s, title=f"{s.title} {CLOSE}") for s in pack.scenarios
        )
        return [dataclasses.replace(pack, title=f"{CLICK} pack", scenarios=scenarios)], folders

    services.load_packs = load_packs
    return services


@pilot_test
async def test_home_shows_markup_names_as_text_and_keeps_running(repo: Repository) -> None:
    seed_hostile(repo)
    app = TrainerApp(hostile_services(), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await until(pilot, lambda: len(app.trainees) == 3)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = shown(app)
        for name in (CLOSE, CLICK, BOLD):
            assert name in text
        assert f"{CLICK} pack" in text
        assert f"{CLOSE}" in text
        # the would-be link is plain text: clicking it does not quit the app
        await pilot.click("#trainees", offset=(3, 1))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, HomeScreen)


@pilot_test
async def test_review_attempt_and_progress_show_markup_as_text(repo: Repository) -> None:
    ids = seed_hostile(repo)
    sup = repo.verify_supervisor(SUPERVISOR, PIN)

    app = ScreenApp(lambda: ReviewScreen(repo, PlayerSpy(), supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#attempts", DataTable)
        await until(pilot, lambda: table.row_count == 3)
        text = shown(app)
        assert CLOSE in text and CLICK in text and BOLD in text

    for name in (CLICK, CLOSE):
        app = ScreenApp(lambda n=name: AttemptScreen(repo, ids[n], supervisor=sup))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            text = shown(app)
            assert name in text
            assert CLICK in text  # the reply
            if name == CLICK:
                assert f"ok {CLICK} {CLOSE}" in text and SUPERVISOR in text
            else:
                assert f"unfair {CLOSE}" in text

    app = ScreenApp(lambda: ProgressScreen(repo, None, supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.screen.query_one("#cohort", DataTable).row_count == 3)
        text = shown(app)
        assert CLOSE in text and CLICK in text and BOLD in text

    for name in (CLOSE, CLICK):
        app = ScreenApp(lambda n=name: ProgressScreen(repo, n))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert name in shown(app)


@pilot_test
async def test_my_results_and_exam_setup_show_markup_as_text(repo: Repository) -> None:
    seed_hostile(repo)
    sup = repo.verify_supervisor(SUPERVISOR, PIN)
    for name in (CLOSE, CLICK):
        app = ScreenApp(lambda n=name: MyResultsScreen(repo, n))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            text = shown(app)
            assert name in text
            assert app.is_running

    pack = hostile_services().load_packs()[0][0]
    app = ScreenApp(lambda: ExamSetupScreen(repo, pack, supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = shown(app)
        assert f"{CLICK} pack" in text
        assert CLICK in text  # a trainee offered for the exam, with its cohort
