"""The call flow: rings, turns, silence, practice and exam, on the real default pack."""

from __future__ import annotations

import dataclasses

import pytest

from trainer.core.scenario import Pack, Scenario, Step
from trainer.core.scoring import Timing
from trainer.core.session import Call, CallError, Mode, Phase, SilenceRule
from trainer.packs import load_pack

ANSWER = "您好！宇和物业管理客户服务中心，请讲。"
MODEL_ANSWER = "您好！宇和物业管理客户服务中心，您请讲。"


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack("property-zh")


def call_of(pack: Pack, scenario: str, mode: Mode = Mode.EXAM) -> Call:
    return Call(pack, pack.scenario(scenario), mode)


def play(call: Call, replies: list[str]) -> None:
    """Drive a picked-up call to its end, answering each turn with the next reply."""
    queue = list(replies)
    while call.phase is not Phase.ENDED:
        if call.phase in (Phase.CALLER, Phase.CLOSING):
            call.caller_line()
        elif call.phase is Phase.TRAINEE:
            call.reply(queue.pop(0))
        elif call.phase is Phase.REVIEW:
            call.proceed()
    assert not queue, "more replies than turns"


def test_phases_follow_the_scenario(pack: Pack) -> None:
    call = call_of(pack, "transfer")
    assert call.phase is Phase.RINGING
    assert call.ring() == 1 and call.ring() == 2
    assert call.pick_up() is Phase.TRAINEE  # phone.answer: the trainee speaks first
    assert call.pickup_ring == 2 and call.pickup_seconds == 4.0  # ring 1s + gap 2s + ring 1s
    call.reply(ANSWER)
    assert call.phase is Phase.CALLER
    wordings = {line.text for line in pack.scenario("transfer").steps[1].wordings}
    assert call.caller_line().text in wordings and "喂，你好，我找一下工程部的王师傅。" in wordings
    assert call.turn.id == "phone.transfer"
    call.reply("请稍候，我将电话转接给他。")
    assert call.phase is Phase.CLOSING
    assert call.caller_line().text == "好的，谢谢。"
    assert call.phase is Phase.ENDED
    result = call.result()
    assert (result.score, result.passed, result.ended, result.failed) == (
        100.0,
        True,
        "completed",
        (),
    )
    speakers = [(line.speaker, line.kind) for line in call.transcript]
    assert speakers == [
        ("trainee", "reply"),
        ("caller", "line"),
        ("trainee", "reply"),
        ("caller", "closing"),
    ]


def test_late_pickup_fails_the_first_turn_only(pack: Pack) -> None:
    call = call_of(pack, "transfer")
    call.pick_up(4)
    play(call, [ANSWER, "请稍候，我将电话转接给他。"])
    result = call.result()
    first, second = result.turns
    assert not first.passed and second.passed
    assert first.attempt is not None and first.attempt.timing.answer_ring == 4
    assert "第4声才接听，应在3响之内接听。" in first.reason_texts("zh")
    assert second.attempt is not None and second.attempt.timing.answer_ring is None
    assert not result.passed and result.failed == ("phone.answer",)
    assert result.pickup_ring == 4


def test_pickup_on_the_last_allowed_ring_passes(pack: Pack) -> None:
    call = call_of(pack, "transfer")
    call.pick_up(3)
    play(call, [ANSWER, "请稍候，我去叫她。"])
    assert call.result().passed


def test_caller_gives_up_after_the_packs_rings(pack: Pack) -> None:
    call = call_of(pack, "transfer")
    for _ in range(pack.rings.give_up_rings):
        call.ring()
    assert call.phase is Phase.RINGING
    call.ring()
    assert call.phase is Phase.ENDED
    result = call.result()
    assert result.ended == "missed" and not result.passed and result.score == 0
    assert result.failed == ("phone.answer", "phone.transfer")
    assert result.reason_texts() == ["Nobody picked up: the caller gave up after 6 rings."]
    assert result.turns[0].reason_texts() == ["Not reached: the call ended before this turn."]


def test_picking_up_after_the_caller_gave_up_is_a_missed_call(pack: Pack) -> None:
    call = call_of(pack, "transfer")
    call.pick_up(7)
    assert call.phase is Phase.ENDED and call.result().ended == "missed"


def test_silence_brings_a_prompt_then_a_hang_up(pack: Pack) -> None:
    call = call_of(pack, "on-hold")
    call.pick_up(1)
    play_until_trainee = call.reply(ANSWER)
    assert play_until_trainee.passed
    call.caller_line()
    assert call.silence(3.0) == ()
    (prompt,) = call.silence(5.5)
    assert prompt.text == "喂？有人吗？" and prompt.voice == "elder"
    assert call.silence(8.0) == ()  # asked once
    (hang_up,) = call.silence(10.0)
    assert call.phase is Phase.ENDED
    result = call.result()
    assert result.ended == "hung_up" and not result.passed
    waited = result.turns[1]
    assert not waited.passed and waited.attempt is not None and waited.attempt.reply == ""
    assert waited.reason_texts("zh")[0] == "对方10秒没有听到应答，挂断了电话。"
    assert result.turns[2].attempt is None and not result.turns[2].passed
    assert result.failed == ("reception.wait", "reception.sorry_wait")
    kinds = [line.kind for line in call.transcript if line.speaker == "caller"]
    assert kinds == ["line", "prompt", "hang_up"]
    assert hang_up.text == call.transcript[-1].text


def test_one_long_silence_gives_prompt_and_hang_up_together(pack: Pack) -> None:
    call = call_of(pack, "transfer")
    call.pick_up(1)
    lines = call.silence(12.0)
    assert [line.text for line in lines] == ["喂？有人吗？", "怎么没人说话……算了，我挂了。"]
    assert call.result().turns[0].attempt.hung_up_after == 12.0  # type: ignore[union-attr]


def test_a_reply_after_the_prompt_still_counts(pack: Pack) -> None:
    call = call_of(pack, "transfer")
    call.pick_up(1)
    call.silence(6.0)
    assert call.reply(ANSWER).passed
    assert call.phase is Phase.CALLER


def test_silence_wording_can_be_overridden_and_follows_the_language(pack: Pack) -> None:
    rule = SilenceRule(prompt_after=2, hang_up_after=4, prompt="喂？听得到吗？")
    call = Call(pack, pack.scenario("transfer"), Mode.EXAM, silence_rule=rule)
    call.pick_up(1)
    assert [line.text for line in call.silence(2.0)] == ["喂？听得到吗？"]
    korean = load_pack("callcentre-ko")
    ko = Call(korean, korean.scenarios[0], Mode.EXAM)
    ko.pick_up(1)
    assert ko.silence(5.0)[0].text == "여보세요? 안 들리세요?"


def test_exam_gives_no_hint_no_model_answer_and_no_retry(pack: Pack) -> None:
    call = call_of(pack, "transfer", Mode.EXAM)
    call.pick_up(1)
    with pytest.raises(CallError, match="no hints in an exam"):
        call.hint()
    with pytest.raises(CallError, match="model answer"):
        call.model_answer()
    call.reply("喂？")
    assert call.phase is Phase.CALLER  # moved on: the failed turn stands
    with pytest.raises(CallError):
        call.retry()
    assert len(call.history) == 1 and not call.history[0].passed


def test_practice_retry_replaces_the_attempt(pack: Pack) -> None:
    call = call_of(pack, "transfer", Mode.PRACTICE)
    call.pick_up(1)
    assert call.hint() == "三响之内接听；先问好，报公司名称，再请对方讲。"
    assert call.model_answer() == MODEL_ANSWER
    first = call.reply("喂？")
    assert call.phase is Phase.REVIEW and not first.passed and first.hinted
    call.retry()
    assert call.phase is Phase.TRAINEE
    second = call.reply(ANSWER)
    assert second.passed and second.try_number == 2
    call.proceed()
    play(call, ["请稍候，我将电话转接给他。"])
    result = call.result()
    assert result.passed and result.turns[0].tries == 2 and result.turns[0].score == 100
    assert [a.reply for a in call.history] == ["喂？", ANSWER, "请稍候，我将电话转接给他。"]
    assert [a.reply for a in call.attempts] == [ANSWER, "请稍候，我将电话转接给他。"]


def test_results_total_and_what_to_practise_next(pack: Pack) -> None:
    call = call_of(pack, "front-desk-visit")
    with pytest.raises(CallError, match="front desk"):
        call.ring()
    call.pick_up()
    play(
        call,
        [
            "您好！",
            "请问有什么事情吗？",
            "好！明白了。",
            "你等着。",  # curt: fails reception.wait
            "哎呀对不起，让您久等了。",  # passes with an extra word: below 100
            "您慢走，再见！",
        ],
    )
    result = call.result()
    assert result.pickup_ring is None  # nothing rings at the front desk
    scores = {t.turn: t.score for t in result.turns}
    assert result.score == round(sum(scores.values()) / 6, 1)
    assert result.failed == ("reception.wait",)
    assert not result.passed
    weakest = [p.turn for p in result.practise_next]
    assert weakest[0] == "reception.wait"
    assert set(weakest) == {t for t, s in scores.items() if s < 100}
    assert result.practise_next[0].hint == "不能立即接待时，先道歉再请对方稍候。"


def test_weakest_turns_name_each_turn_once(pack: Pack) -> None:
    step = Step("reception.acknowledge")
    scenario = Scenario("twice", "twice", (step, step, Step("reception.pardon")), kind="desk")
    call = Call(pack, scenario, Mode.EXAM)
    call.pick_up()
    play(call, ["好。", "明白。", "对不起，请您再说一遍。"])
    result = call.result()
    assert [p.turn for p in result.practise_next] == ["reception.acknowledge"]
    assert result.score < 80 and result.failed == ("reception.acknowledge", "reception.acknowledge")


def test_timings_given_with_a_reply_are_scored(pack: Pack) -> None:
    call = call_of(pack, "transfer")
    call.pick_up(1)
    call.reply(ANSWER, Timing(response_delay=6.0), audio="01.wav")
    call.caller_line()
    attempt = call.reply(
        "请稍候，我将电话转接给他。", Timing(response_delay=0.8, longest_pause=0.3)
    )
    first = call.attempts[0]
    assert first.audio == "01.wav" and first.timing.answer_ring == 1
    assert any("6.0" in text for text in first.reason_texts()) and first.score < 100
    assert attempt.score == 100
    assert dataclasses.asdict(first.timing)["response_delay"] == 6.0


def test_calls_refuse_moves_out_of_turn(pack: Pack) -> None:
    call = call_of(pack, "transfer")
    with pytest.raises(CallError, match="ringing"):
        call.reply(ANSWER)
    call.pick_up(1)
    with pytest.raises(CallError):
        call.caller_line()
    with pytest.raises(CallError):
        call.pick_up(1)


def test_result_as_dict_is_plain_data(pack: Pack) -> None:
    import json

    call = call_of(pack, "transfer")
    call.pick_up(2)
    play(call, [ANSWER, "不关我的事，你找别人。"])
    data = call.result().as_dict("zh")
    text = json.dumps(data, ensure_ascii=False)
    assert "不能推诿" in text
    assert data["turns_failed"] == ["phone.transfer"] and data["pickup_ring"] == 2


@pytest.mark.parametrize(
    ("seconds", "ring", "passed"), [(0.4, 1, True), (3.2, 2, True), (8.9, 3, True), (9.0, 4, False)]
)
def test_picking_up_after_some_seconds_counts_the_rings(
    pack: Pack, seconds: float, ring: int, passed: bool
) -> None:
    call = call_of(pack, "transfer")
    call.pick_up_after(seconds)  # cadence: 1 s ring, 2 s gap
    assert call.pickup_ring == ring and call.pickup_seconds == seconds
    play(call, [ANSWER, "请稍候，我去叫他。"])
    assert call.result().passed is passed


def test_silence_words_come_from_the_pack() -> None:
    import dataclasses

    from trainer.core.session import silence_words

    pack = load_pack("property-zh")
    assert silence_words(pack) == ("喂？有人吗？", "怎么没人说话……算了，我挂了。")
    assert silence_words(pack, "desk")[0] == "你好？请问有人在吗？"
    bare = dataclasses.replace(pack, silence={})  # a pack without its own: its language's
    assert silence_words(bare) == ("喂？有人吗？", "怎么没人说话……算了，我挂了。")
    korean = dataclasses.replace(pack, silence={}, language="ko")
    assert silence_words(korean, "desk") == ("저기요? 계세요?", "나중에 다시 올게요.")
    english = dataclasses.replace(pack, silence={}, language="en")
    assert silence_words(english) == ("Hello? Is anyone there?", "Nobody's there... I'll hang up.")
