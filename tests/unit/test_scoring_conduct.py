"""The verdict accounts for every span of a reply: conduct families (through recogniser
spacing and homophone slips), courtesy phrases, extra clauses, and the recogniser channel
still failing wrong or incomplete phrases."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from trainer.core.scoring import PackScorer, asr_channel, score_expected
from trainer.packs import load_pack

DATA = Path(__file__).resolve().parents[1] / "data"
CALM = "非常抱歉给您带来不便，请您别着急，您反映的问题我已经记录下来了，马上安排人员处理，并及时给您回复。"


@pytest.fixture(scope="module")
def zh() -> PackScorer:
    return PackScorer(load_pack("property-zh"))


@pytest.fixture(scope="module")
def ko() -> PackScorer:
    return PackScorer(load_pack("callcentre-ko"))


def _codes(v) -> list[str]:  # noqa: ANN001
    return [r.code for r in v.reasons]


@pytest.mark.parametrize("source", ["text", "asr"])
@pytest.mark.parametrize(
    ("turn", "reply", "code"),
    [
        ("phone.answer", "您好 宇和 物业 管理 客户 服务 中心 请讲 说 重点", "conduct.impatient"),
        ("phone.transfer", "请 稍候 我 去 叫 他 真 是 的", "conduct.sarcasm"),
        ("reception.acknowledge", "好 明白 了 下 次 早 点 说", "conduct.impatient"),
        ("reception.pardon", "对不起，请您再说一遍。烦 死 了", "conduct.impatient"),
        ("reception.pardon", "对不起，请您再说一遍。凡死了", "conduct.impatient"),  # homophone
        ("complaint.record", CALM + "反正 说了 也 没用", "conduct.dismiss"),
        (
            "conduct.confidential",
            "对不起，业户的电话不能透露，可以帮您留言转告。他 一般 周末 在家",
            "conduct.disclose",
        ),
        ("conduct.calm", CALM + "这事不归我们管", "conduct.buck"),
        ("conduct.calm", "你冲我嚷嚷什么，" + CALM, "conduct.rude"),
        ("reception.wait", "都怪您自己，对不起，请您稍候。", "conduct.blame"),
        (
            "phone.not_in",
            "对不起！他不在座位上，您是否需要留言或传话？他的手机号是13812345678",
            "conduct.disclose",
        ),
        (
            "phone.unknown_person",
            "对不起，请稍候，我帮您问一下。他家就在七号楼二单元",
            "conduct.disclose",
        ),
    ],
)
def test_conduct_fails_a_perfect_phrase_with_the_rule(
    zh: PackScorer, turn: str, reply: str, code: str, source: str
) -> None:
    channel = asr_channel("zh") if source == "asr" else None
    v = zh.score(turn, reply, channel=channel) if channel else zh.score(turn, reply)
    assert not v.passed and code in _codes(v), (v.score, _codes(v))
    text = next(r for r in v.reasons if r.code == code).text("zh")
    assert "“" in text  # the words are quoted back with the rule


@pytest.mark.parametrize(
    ("turn", "reply"),
    [
        ("phone.answer", "您好，宇和物业管理客户服务中心，请讲。请问有什么可以帮您？"),
        ("reception.acknowledge", "好的，明白了，谢谢您。"),
        ("reception.wait", "对不起，请您稍候，谢谢您的耐心。"),
        ("reception.farewell", "您慢走，再见！欢迎下次光临。"),
        (
            "reception.apology",
            "王女士，对不起，刚才疏忽了，给您添麻烦了实在抱歉，今后一定注意，不再发生这类事。",
        ),
        ("conduct.confidential", "对不起，我不能告诉您他的电话是多少，您可以留言，我帮您转告。"),
        ("conduct.calm", CALM + "麻烦您了"),
    ],
)
def test_courtesy_costs_nothing(zh: PackScorer, turn: str, reply: str) -> None:
    v = zh.score(turn, reply)
    assert v.passed, (v.score, v.reason_texts("zh"))


def test_an_unexplained_clause_is_named_and_fails_past_the_allowance(zh: PackScorer) -> None:
    short = zh.score("reception.wait", "对不起，请您稍候，小王。")
    assert short.passed and "extra_allowed" in [n.code for n in short.notes]
    long = zh.score("reception.wait", "对不起，请您稍候，今天天气不错出去走走。")
    assert not long.passed and _codes(long) == ["extra"]
    assert "今天天气不错出去走走" in long.reason_texts("zh")[0]


def test_guided_turns_allow_extra_content_but_not_conduct(zh: PackScorer) -> None:
    assert zh.score("conduct.calm", CALM + "电梯公司的师傅下午就到，您放心。").passed
    assert not zh.score("conduct.calm", CALM + "您就等着吧").passed


@pytest.mark.parametrize(
    ("turn", "reply", "code"),
    [
        ("reception.wait", "请您稍候", "omission"),  # the opening apology left out
        ("reception.wait", "好的，请您稍候。", "incomplete"),
        ("reception.wait", "对不起，让您久等了。", "wrong_moment"),  # another turn's phrase
        ("reception.sorry_wait", "对不起，请您稍候。", "wrong_moment"),
        ("reception.pardon", "对不起，请再说一次", None),
        ("reception.greet", "干嘛", None),
    ],
)
def test_the_recogniser_channel_still_fails_wrong_and_incomplete_phrases(
    zh: PackScorer, turn: str, reply: str, code: str | None
) -> None:
    v = zh.score(turn, reply, channel=asr_channel("zh"))
    assert not v.passed, v.reason_texts()
    if code:
        assert code in _codes(v)


@pytest.mark.parametrize(
    ("turn", "reply"),
    [("call.thanks_wait", "감사합니다"), ("call.hold", "기다려 주시겠습니까")],
)
def test_a_clean_transcript_with_a_hole_is_an_omission(
    ko: PackScorer, turn: str, reply: str
) -> None:
    """Every syllable heard is right, yet whole words were never said: not recogniser noise."""
    v = ko.score(turn, reply, channel=asr_channel("ko"))
    assert not v.passed and "omission" in _codes(v)


def test_the_recogniser_channel_names_what_it_forgave(ko: PackScorer) -> None:
    v = ko.score("call.thanks_wait", "기다려 주셔서 감사함니다", channel=asr_channel("ko"))
    out = v.as_dict("ko")
    assert v.passed
    assert out["forgiven"] and all(f["why"] for f in out["forgiven"])
    assert len(out["notes"]) == len(out["note_codes"]) >= 1


@pytest.mark.parametrize(
    ("turn", "reply", "code"),
    [
        ("call.hold", "잠시만 기다려 주시겠습니까? 짜증나 진짜", "conduct.rude"),
        (
            "call.greet",
            "빨리 말씀하세요. 안녕하십니까, 한빛 고객센터입니다. 무엇을 도와드릴까요?",
            "conduct.impatient",
        ),
        (
            "call.pardon",
            "죄송합니다만, 다시 한 번 말씀해 주시겠습니까? 그건 저희 담당이 아니에요",
            "conduct.buck",
        ),
        (
            "call.farewell",
            "감사합니다. 좋은 하루 되십시오. 그분 번호는 공일공 일이삼사 오육칠팔이에요",
            "conduct.disclose",
        ),
        (
            "call.thanks_wait",
            "기다려 주셔서 감사합니다. 그분은 보통 저녁에 집에 계세요",
            "conduct.disclose",
        ),
    ],
)
def test_korean_conduct(ko: PackScorer, turn: str, reply: str, code: str) -> None:
    for channel in (None, asr_channel("ko")):
        v = ko.score(turn, reply, channel=channel) if channel else ko.score(turn, reply)
        assert not v.passed and code in _codes(v), (v.score, _codes(v))


def test_korean_courtesy_and_refusals_pass(ko: PackScorer) -> None:
    assert ko.score("call.thanks_wait", "네 고객님, 기다려 주셔서 감사합니다.").passed
    assert ko.score("call.farewell", "감사합니다. 좋은 하루 되십시오. 또 이용해 주세요").passed


@pytest.mark.parametrize("length", [500, 2000, 2001, 20000])
@pytest.mark.parametrize("turn", ["reception.greet", "conduct.calm", "reception.apology"])
def test_any_reply_length_is_a_clear_fail_in_bounded_time(
    zh: PackScorer, turn: str, length: int
) -> None:
    reply = ("您好谢谢对不起请稍候" * (length // 10 + 1))[:length]
    start = time.perf_counter()
    v = zh.score(turn, reply)
    asr = zh.score(turn, reply, channel=asr_channel("zh"))
    assert time.perf_counter() - start < 5.0  # measured well under 0.1 s
    assert not v.passed and not asr.passed
    assert "too_long" in _codes(v)


def test_a_free_phrase_takes_long_replies_too() -> None:
    assert score_expected("啊" * 600 + "您好", "您好", "zh").passed  # fillers cost nothing
    v = score_expected("不" * 600 + "您好", "您好", "zh")
    assert not v.passed


@pytest.mark.parametrize("name", ["scorer_conduct_devset.jsonl"])
def test_conduct_devset_agrees_with_no_false_pass(zh: PackScorer, name: str) -> None:
    rows = [json.loads(x) for x in (DATA / name).read_text(encoding="utf-8").splitlines() if x]
    assert len(rows) >= 300
    for channel in (None, asr_channel("zh")):
        wrong, false_pass = [], []
        for r in rows:
            v = (
                zh.score(r["turn"], r["reply"], channel=channel)
                if channel
                else zh.score(r["turn"], r["reply"])
            )
            if v.passed != (r["label"] == "pass"):
                wrong.append((r["kind"], r["reply"], _codes(v)))
                if v.passed:
                    false_pass.append(r["reply"])
        assert false_pass == []
        assert 1 - len(wrong) / len(rows) >= 0.98, wrong


def test_a_reply_that_is_not_the_phrase_still_names_the_conduct(zh: PackScorer) -> None:
    v = zh.score("phone.transfer", "不关我的事，你找别人。")
    assert not v.passed and "conduct.buck" in _codes(v)


@pytest.mark.parametrize(
    "courtesy",
    ["给您添麻烦了", "不好意思", "麻烦您了", "谢谢您的耐心", "请问有什么可以帮您", "好的"],
)
def test_courtesy_at_either_end_of_every_fixed_turn(zh: PackScorer, courtesy: str) -> None:
    """给他。麻烦您了 holds the keys of a vulgar cue across the phrase's last word: a cue must
    lie outside the standard phrase."""
    for turn in zh.pack.turns.values():
        if turn.guided:
            continue
        for reply in (courtesy + "，" + turn.forms[0], turn.forms[0] + courtesy):
            v = zh.score(turn.id, reply)
            assert v.passed, (turn.id, reply, v.reason_texts("zh"))
