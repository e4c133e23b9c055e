"""Snapshots of the main screens (reviewed SVGs in __snapshots__): home, a call with a scored
reply, and the results of a call. Chinese labels: the pack is Chinese."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.tui import fakes
from tests.tui.helpers import STANDARD, add_trainee, type_reply, until
from tests.tui.test_call import start
from trainer.tui.app import TrainerApp
from trainer.tui.screens.results import ResultsScreen

SIZE = (120, 40)
# left out 管理 / 户 / 务, said 你 for 您, added 一下
FLAWED = "您好，宇和物业客服中心，你请讲一下。"


def app() -> TrainerApp:
    return TrainerApp(fakes.services(microphone=False))


async def scored_call(pilot: Pilot[Any]) -> None:
    await add_trainee(pilot, "李娜")
    await start(pilot)
    await pilot.press("space")
    await type_reply(pilot, FLAWED)
    await pilot.pause()


def test_home_snapshot(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await add_trainee(pilot, "李娜")
        await add_trainee(pilot, "王芳")

    assert snap_compare(app(), terminal_size=SIZE, run_before=run_before)


def test_call_with_scored_reply_snapshot(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=SIZE, run_before=scored_call)


def test_results_snapshot(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await scored_call(pilot)
        await pilot.press("n")
        await type_reply(pilot, STANDARD["transfer"][1])
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen))
        await pilot.pause()

    assert snap_compare(app(), terminal_size=SIZE, run_before=run_before)
