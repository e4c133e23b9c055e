"""A rule quiz in the app: nothing rings, the supervisor's question is shown, the typed answer
is judged on the rule's key facts."""

from __future__ import annotations

from typing import Any

from tests.tui import fakes
from tests.tui.helpers import pilot_test, ready, screen_text, type_reply, until
from trainer.core.session import Phase
from trainer.packs import load_pack
from trainer.tui.app import TrainerApp
from trainer.tui.screens.call import CallScreen


@pilot_test
async def test_a_quiz_question_is_asked_and_answered_on_its_key_facts() -> None:
    app: Any = TrainerApp(fakes.services(microphone=False))
    pack = load_pack("frontdesk-rules-zh")
    async with app.run_test(size=(120, 45)) as pilot:
        await ready(pilot)
        app.start_call(pack.scenario("quiz-safety"), "practice", pack)
        await until(pilot, lambda: isinstance(app.screen, CallScreen))
        call = app.screen.call
        await until(pilot, lambda: "主管提问：规章制度" in screen_text(app))
        assert "电话响了" not in screen_text(app) and call.phase is Phase.RINGING
        await pilot.press("space")
        await until(pilot, lambda: "离开岗位和下班的时候" in screen_text(app))
        await type_reply(pilot, "离岗的时候要切断电源，下班检查电器都关好。")
        assert call.phase is Phase.REVIEW and call.attempt.passed
        assert call.turn.kind == "quiz"
        # an answer in one's own words is measured by its key points, against a model answer
        await until(pilot, lambda: "要点 3/3" in screen_text(app))  # all three of quiz.power
        assert "完整度" not in screen_text(app) and "参考答案" in screen_text(app)
        assert "主管:" in screen_text(app)  # the supervisor asks, not a caller


def test_who_speaks_is_named_by_the_kind_of_call() -> None:
    """A phone call's caller, the other party at the desk, the supervisor in a rule quiz."""
    seen = {}
    for pack_id, kind in (("property-zh", "phone"), ("frontdesk-rules-zh", "desk"),
                          ("frontdesk-rules-zh", "quiz")):  # fmt: skip
        pack = load_pack(pack_id)
        scenario = next(s for s in pack.scenarios if s.kind == kind)
        screen = CallScreen(pack, scenario, "practice", "王芳", None)
        seen[kind] = (screen.speaker, [label for _, a, label in screen.KEYS if a == "pick_up"])
    assert seen["phone"][0] == "caller" and seen["desk"][0] == "other_party"
    assert seen["quiz"] == ("quiz_asker", ["quiz_begin"])
    assert seen["desk"][1] == ["greet"]
