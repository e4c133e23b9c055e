"""An assigned exam in the real app (typed replies, a real SQLite file): home shows it with its
due date, ``e`` sits all its scenarios in order, Esc asks before leaving, the sittings allowed
are enforced, and the trainee's results stay hidden until a supervisor releases them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.widgets import Input

from tests.tui import fakes
from tests.tui.helpers import add_trainee, pilot_test, screen_text, until
from tests.tui.test_call import start
from trainer.core.session import Phase
from trainer.supervision import ReviewFilter, Supervision
from trainer.tui.app import TrainerApp
from trainer.tui.screens.call import CallScreen
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.my_results import MyResultsScreen
from trainer.tui.screens.results import ResultsScreen

SIZE = (120, 45)
PIN = "482613"


def assign(app: Any, trainee: str, *, sittings: int = 1) -> Any:
    service = Supervision(app.store)
    app.store.add_supervisor("Boss", PIN)
    boss = service.sign_in("Boss", PIN)
    exam = service.save_exam(
        "Intake", pack=app.pack, scenarios=["transfer", "unknown-name"], pass_mark=80,
        supervisor=boss, cohorts=["2026-11"], attempt_limit=sittings,
        due_at=datetime(2099, 12, 31, 12, tzinfo=UTC),
    )  # fmt: skip
    return service, boss, exam


async def answer_call(pilot: Any, scenario: str) -> None:
    app: Any = pilot.app
    await until(pilot, lambda: isinstance(app.screen, CallScreen))
    call = app.screen
    assert call.scenario.id == scenario and call.exam_id is not None
    await pilot.press("space")
    box = call.query_one("#reply", Input)

    def my_turn_or_done() -> bool:
        if isinstance(app.screen, ResultsScreen):
            return True
        return call.call.phase is Phase.TRAINEE and not box.disabled

    while True:  # every step the call takes (a failed turn may take a branch)
        await until(pilot, my_turn_or_done, timeout=20)
        if isinstance(app.screen, ResultsScreen):
            break
        box.value = "您好！宇和物业管理客户服务中心，请讲。"
        await pilot.press("enter")
        await pilot.pause()


@pilot_test
async def test_an_exam_is_sat_through_all_its_scenarios_and_hidden_until_released() -> None:
    app = TrainerApp(fakes.services(microphone=False), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "Wang Fang", "2026-11")
        service, boss, exam = assign(app, "Wang Fang")
        app.load_assigned("Wang Fang")
        await until(pilot, lambda: "Exam Intake: due 2099-12-31, 1 sitting(s) left" in
                    screen_text(app))  # fmt: skip
        await start(pilot, "pardon", key="e")  # the exam's own scenarios, in its order
        await answer_call(pilot, "transfer")
        await pilot.press("enter")  # on to the second scenario, not home
        await answer_call(pilot, "unknown-name")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await until(pilot, lambda: "0 sitting(s) left" in screen_text(app))
        rows = app.store.call_rows()
        await until(pilot, lambda: all(r["ended_at"] for r in app.store.call_rows()))
        assert [(r["scenario"], r["exam"]) for r in rows] == [
            ("transfer", "Intake"), ("unknown-name", "Intake"),
        ]  # fmt: skip

        await pilot.press("e")  # every sitting used: no third call, no mock exam either
        await until(pilot, lambda: any("used every sitting" in n.message
                                       for n in app._notifications))  # fmt: skip
        assert isinstance(app.screen, HomeScreen)

        await pilot.press("r")  # the trainee's own results: hidden until released
        await until(pilot, lambda: isinstance(app.screen, MyResultsScreen))
        await until(pilot, lambda: "wait for the supervisor" in screen_text(app))
        assert app.screen.rows == []
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("g")  # the trainee's progress: no exam score either, and says why
        await until(pilot, lambda: "wait for the supervisor to release" in screen_text(app))
        assert app.screen.query_one("#chart").scores == ()  # not one exam score drawn
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        service.release_exam(exam, boss)
        await pilot.press("g")  # released: the exam's turns count now
        await until(pilot, lambda: len(app.screen.query_one("#chart").scores) == 4)
        assert "wait for the supervisor" not in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, MyResultsScreen))
        await until(pilot, lambda: len(app.screen.rows) == 4)
    mine = service.review_rows(ReviewFilter(trainee="Wang Fang"), for_trainee=True)
    assert {r.mode for r in mine} == {"exam"}


@pilot_test
async def test_esc_in_an_exam_asks_before_leaving() -> None:
    app = TrainerApp(fakes.services(microphone=False), ui="zh")
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "Wang Fang", "2026-11")
        assign(app, "Wang Fang", sittings=2)
        call = await start(pilot, "transfer", key="e")
        await until(pilot, lambda: call.exam_id is not None)
        await pilot.press("space")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "确定离开考试吗" in screen_text(app)
        await pilot.press("escape")  # stay
        await until(pilot, lambda: app.screen is call)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # leave
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.sitting is None
