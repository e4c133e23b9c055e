"""Practice calls through the app, typed and spoken (fake microphone and recogniser)."""

from __future__ import annotations

from typing import Any

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
from trainer.core.session import Phase
from trainer.tui.app import TrainerApp
from trainer.tui.screens.call import CallScreen
from trainer.tui.screens.results import ResultsScreen
from trainer.tui.widgets.scorecard import ScoreCard

SIZE = (120, 45)


def scenario_index(app: Any, scenario_id: str) -> int:
    return [s.id for s in app.pack.scenarios].index(scenario_id)


async def start(pilot: Any, scenario_id: str = "transfer", key: str = "p") -> Any:
    app: Any = pilot.app
    await ready(pilot)
    home = app.screen
    home.query_one("#scenarios").highlighted = scenario_index(app, scenario_id)
    await pilot.pause()
    assert home.scenario.id == scenario_id
    await pilot.press(key)
    await until(pilot, lambda: isinstance(app.screen, CallScreen))
    return app.screen


@pilot_test
async def test_practice_call_typed_passes_and_is_saved() -> None:
    app = TrainerApp(fakes.services(microphone=False), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "Li Na")
        call = await start(pilot)
        assert "ring 1" in screen_text(app)
        await pilot.press("space")
        first, second = STANDARD["transfer"]
        await type_reply(pilot, first)
        card = call.query_one(ScoreCard)
        assert card.display and call.call.phase is Phase.REVIEW
        assert "PASS" in screen_text(app) and "Score 100.0" in screen_text(app)
        await pilot.press("n")
        await until(pilot, lambda: "王师傅" in screen_text(app))  # any of its wordings
        await type_reply(pilot, second)
        assert "PASS" in screen_text(app)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        text = screen_text(app)
        assert "PASS" in text and "Total 100.0" in text
        assert "FAIL" not in text
        assert app.screen.result.passed
        store = app.store
        await until(pilot, lambda: [r["ended_at"] is not None for r in store.call_rows()] == [True])
        (row,) = store.call_rows()
        assert row["trainee"] == "Li Na" and row["passed"] is True and row["attempts"] == 2


@pilot_test
async def test_practice_call_failing_shows_what_was_wrong_then_drills_it() -> None:
    app = TrainerApp(fakes.services(microphone=False), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        call = await start(pilot)
        await pilot.press("space")
        await type_reply(pilot, "喂，你好，物业，什么事？")
        text = screen_text(app)
        assert "FAIL" in text and "PASS" not in text
        attempt = call.call.attempt
        assert not attempt.passed
        assert any(r in text for r in attempt.reason_texts("en"))
        diff = str(call.query_one("#diff").render())
        assert "宇和物业管理客户服务中心" in diff  # the standard phrase is drawn over the reply
        await pilot.press("r")  # retry replaces the attempt
        await type_reply(pilot, STANDARD["transfer"][0])
        assert call.call.attempt.passed and call.call.attempt.try_number == 2
        await pilot.press("n")
        await type_reply(pilot, "你等着。")
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
        results = app.screen
        assert not results.result.passed
        text = screen_text(app)
        assert "FAIL" in text and "Practise next" in text and "转接电话" in text
        await pilot.press("d")  # drill the weakest turns
        await until(pilot, lambda: isinstance(app.screen, CallScreen))
        drill = app.screen
        assert [s.turn for s in drill.scenario.steps] == ["phone.transfer"]
        assert drill.call.phase is Phase.RINGING and not drill.call.phone
        await pilot.press("space")
        await type_reply(pilot, STANDARD["transfer"][1])
        assert drill.call.attempt.passed


@pilot_test
async def test_practice_hint_and_model_answer() -> None:
    player = fakes.FakePlayer()
    app = TrainerApp(fakes.services(microphone=False, player=player), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        call = await start(pilot)
        await pilot.press("space")
        await until(pilot, lambda: call.call.phase is Phase.TRAINEE)
        await pilot.press("f2")
        hint = str(call.query_one("#hint").render())
        assert "宇和物业管理客户服务中心" in hint and "三响之内接听" in hint
        await pilot.press("f3")
        await until(pilot, lambda: any(p.startswith("answer-") for p in player.played))
        assert any(p.startswith("ring-") for p in player.played)  # the phone rang aloud
        await type_reply(pilot, STANDARD["transfer"][0])
        result = call.call.result()
        assert result.turns[0].hinted


@pilot_test
async def test_spoken_reply_shows_partial_transcript_then_scores() -> None:
    services = fakes.services(replies=["您好宇和物业管理客户服务中心请讲"])
    app = TrainerApp(services)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.reply_by == "voice"
        call = await start(pilot)
        await pilot.press("space")
        await until(pilot, lambda: call.call.phase is Phase.REVIEW)
        partials = [p for p in services.transcriber.partials if p]
        assert len(set(partials)) > 2  # the words came in bit by bit
        attempt = call.call.attempt
        assert attempt.source == "asr" and attempt.passed
        assert "通过" in screen_text(app)  # a Chinese pack gets Chinese labels
        assert attempt.timing.response_delay == 0.4


@pilot_test
async def test_silence_brings_the_prompt_then_the_hang_up() -> None:
    app = TrainerApp(fakes.services(replies=[]))
    async with app.run_test(size=SIZE) as pilot:
        call = await start(pilot)
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), timeout=20)
        assert call.call.ended == "hung_up"
        await until(pilot, lambda: "对方挂断" in screen_text(app))  # once the results are drawn
        assert "未通过" in screen_text(app)


@pilot_test
async def test_microphone_lost_mid_reply_switches_to_typing() -> None:
    # the first recorder is the home screen's level meter, the second takes the reply
    lost = fakes.FakeRecorder(lose_after=3)
    services = fakes.services(replies=["您好"], recorders=[fakes.FakeRecorder(), lost])
    app = TrainerApp(services, ui="en")
    async with app.run_test(size=SIZE) as pilot:
        call = await start(pilot)
        await pilot.press("space")
        await until(pilot, lambda: call.typing)
        assert any("microphone stopped" in n.message for n in app._notifications)
        await type_reply(pilot, STANDARD["transfer"][0])
        assert call.call.attempt.passed


@pilot_test
async def test_a_reply_with_brackets_is_shown_as_typed() -> None:
    app = TrainerApp(fakes.services(microphone=False), ui="en")
    async with app.run_test(size=SIZE) as pilot:
        call = await start(pilot)
        await pilot.press("space")
        await type_reply(pilot, "[b]您好[/b]")
        assert "[b]您好[/b]" in screen_text(app)
        assert call.call.phase is Phase.REVIEW


@pilot_test
async def test_silence_takes_the_callers_silence_branch_then_waits_afresh() -> None:
    app = TrainerApp(fakes.services(replies=[STANDARD["transfer"][0]]))
    async with app.run_test(size=SIZE) as pilot:
        call = await start(pilot, "not-at-desk")
        await pilot.press("space")
        await until(pilot, lambda: call.call.phase is Phase.REVIEW, timeout=20)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ResultsScreen), timeout=30)
        assert call.call.path == ["answer", "ask", "how-to-reach"]
        assert "那我怎么联系她？" in " ".join(line.text for line in call.call.transcript)
        last = call.call.history[-1]
        assert last.hung_up_after is not None and last.hung_up_after < 10.3  # 5 s, then 5 s more
        await until(pilot, lambda: "通话路径" in screen_text(app))
        await pilot.pause(0.3)  # let the results screen settle before the app closes


@pilot_test
async def test_the_prompt_names_the_moment_and_a_retry_starts_without_the_answer() -> None:
    app = TrainerApp(fakes.services(microphone=False), ui="zh")
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "李娜")
        call = await start(pilot)
        await pilot.press("space")
        await until(pilot, lambda: call.call.phase is Phase.TRAINEE)
        title = call.call.turn.title
        assert title and f"当前环节：{title}" in screen_text(app)
        await type_reply(pilot, "您好")
        await pilot.press("f3")  # hear the model answer: it is shown too
        await pilot.pause()
        hint = call.query_one("#hint")
        assert hint.display and call.call.turn.model_answer in screen_text(app)
        await pilot.press("f4")  # retry: from memory, the answer no longer on screen
        await until(pilot, lambda: call.call.phase is Phase.TRAINEE)
        assert not hint.display
