"""A call that starts before the app has finished loading: voice chosen while the speech model
loads waits for it, saying so, and hears the reply; a call made before the database is open is
saved once it opens, every attempt included."""

from __future__ import annotations

import threading
from typing import Any

from tests.tui import fakes
from tests.tui.helpers import STANDARD, pilot_test, screen_text, type_reply, until
from tests.tui.test_call import SIZE, scenario_index
from trainer.core.session import Phase
from trainer.tui.app import TrainerApp
from trainer.tui.screens.call import CallScreen
from trainer.tui.screens.results import ResultsScreen


def _held(fn: Any, gate: threading.Event) -> Any:
    def wait_then(*args: Any) -> Any:
        gate.wait(timeout=60)
        return fn(*args)

    return wait_then


async def _call(pilot: Any) -> CallScreen:
    app: Any = pilot.app
    await until(pilot, lambda: app.pack is not None)
    app.screen.query_one("#scenarios").highlighted = scenario_index(app, "transfer")
    await pilot.pause()
    await pilot.press("p")
    await until(pilot, lambda: isinstance(app.screen, CallScreen))
    screen: CallScreen = app.screen
    return screen


@pilot_test
async def test_voice_chosen_while_the_model_loads_waits_for_it() -> None:
    gate = threading.Event()
    services = fakes.services(replies=["您好宇和物业管理客户服务中心请讲"])
    services.load_model = _held(services.load_model, gate)
    app = TrainerApp(services, ui="en", reply_by="voice")
    async with app.run_test(size=SIZE) as pilot:
        call = await _call(pilot)
        assert app.status.model == "loading" and not call.typing
        await pilot.press("space")
        await until(pilot, lambda: "Loading the speech model" in screen_text(app))
        assert call.call.phase is Phase.TRAINEE and not call.call.history
        gate.set()
        await until(pilot, lambda: call.call.phase is Phase.REVIEW)
        assert call.call.attempt.source == "asr" and call.call.attempt.passed


@pilot_test
async def test_a_call_made_before_the_database_opens_is_saved_when_it_does() -> None:
    gate = threading.Event()
    services = fakes.services(microphone=False)
    services.open_store = _held(services.open_store, gate)
    app = TrainerApp(services, ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await _call(pilot)
        assert app.store is None
        await pilot.press("space")
        for reply in STANDARD["transfer"]:
            await type_reply(pilot, reply)
            await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        gate.set()
        await until(pilot, lambda: app.store is not None)
        store = app.store
        await until(pilot, lambda: [r["ended_at"] is not None for r in store.call_rows()] == [True])
        (row,) = store.call_rows()
        assert row["attempts"] == 2 and row["passed"] is True
