"""Guided turns: a reply may put the key points in its own words and say more about the
problem, but a clause about something else (a sneer, an excuse, a referral elsewhere, gossip
about a resident) is named and fails the turn, whatever its wording. The clauses below are
written for the categories, not taken from any labelled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.core import vocabulary
from trainer.core.scoring import PackScorer, asr_channel, pack_vocabulary
from trainer.packs import load_pack
from trainer.packs.parse import parse_pack

DATA = Path(__file__).resolve().parents[1] / "data"
CALM = "非常抱歉给您带来不便，请您别着急，您反映的问题我已经记录下来了，马上安排人员处理，并及时给您回复。"
RECORD = "非常抱歉给您添麻烦了，您反映的问题我已经记录下来了，我们会尽快处理，并及时给您回复。"
SECRET = "对不起，业户的联系方式我们不能透露，您是否需要留言或传话？我们可以帮您转告。"


@pytest.fixture(scope="module")
def zh() -> PackScorer:
    return PackScorer(load_pack("property-zh"))


def _spaced(text: str) -> str:
    return " ".join(c for c in text if c not in "，。？！")


@pytest.mark.parametrize("source", ["text", "asr"])
@pytest.mark.parametrize(
    ("turn", "reply"),
    [
        ("conduct.calm", CALM + "您这一天打八回电话，我们这工作也别干了。"),
        ("conduct.calm", "说句实话，这栋楼就数您家事情最多。" + CALM),
        ("conduct.calm", CALM + "换我也生气，可这破楼本来就是豆腐渣工程。"),
        ("complaint.record", RECORD + "要我说啊，年轻人晚上蹦迪正常得很。"),
        ("complaint.record", RECORD + "您家狗半夜叫得比他们装修还响呢。"),
        ("conduct.confidential", SECRET + "他老婆在菜市场卖鱼，您上那儿问问也行。"),
        ("conduct.confidential", "他每天傍晚都在北门篮球场打球，" + SECRET),
    ],
)
def test_a_clause_about_something_else_fails_a_guided_turn(
    zh: PackScorer, turn: str, reply: str, source: str
) -> None:
    channel = asr_channel("zh") if source == "asr" else None
    text = _spaced(reply) if source == "asr" else reply
    v = zh.score(turn, text, **({"channel": channel} if channel else {}))
    assert not v.passed, (reply, v.score, v.reason_texts())
    codes = [r.code for r in v.reasons]
    assert codes and any(c == "extra_unrelated" or c.startswith("conduct.") for c in codes)


@pytest.mark.parametrize(
    ("turn", "reply"),
    [
        (
            "conduct.calm",
            "实在对不起，电梯的事我已经登记了，马上派维修师傅过去，修好了第一时间通知您。",
        ),
        (
            "conduct.calm",
            "不好意思让您受累了，您先别生气，问题我都记下了，今天之内安排人处理，再给您回电话。",
        ),
        (
            "complaint.record",
            "抱歉给您添麻烦了，楼上装修的情况我记录好了，马上联系施工队处理，尽快给您答复。",
        ),
        (
            "conduct.confidential",
            "不好意思，按公司规定住户的电话不能告诉您，您留个姓名和电话，我们帮您转达。",
        ),
        ("conduct.confidential", SECRET + "请您谅解。"),
        ("complaint.record", "好的，" + RECORD + "感谢您的来电。"),
    ],
)
def test_the_key_points_in_other_words_and_more_about_the_problem_pass(
    zh: PackScorer, turn: str, reply: str
) -> None:
    v = zh.score(turn, reply)
    assert v.passed, (reply, v.score, v.reason_texts())
    assert "extra_unrelated" not in [r.code for r in v.reasons]


def test_the_stray_clause_is_named_in_the_reason(zh: PackScorer) -> None:
    v = zh.score("complaint.record", RECORD + "您家狗半夜叫得比他们装修还响呢。")
    named = [r for r in v.reasons if r.code == "extra_unrelated"]
    assert named and "狗半夜叫" in named[0].text("zh"), v.reason_texts()


def test_a_pack_extends_what_its_guided_replies_may_talk_about() -> None:
    base = (
        "id: p\ntitle: T\nlanguage: zh\nturns:\n  calm:\n    guided: true\n"
        "    forms: 对不起，马上处理。\n    keys: [[对不起, 抱歉]]\n"
    )
    reply = "对不起，鱼塘清淤马上处理。"
    plain = PackScorer(parse_pack(base)).score("calm", reply)
    extended = PackScorer(parse_pack(base + "service: [鱼塘清淤]\n")).score("calm", reply)
    assert not plain.passed and "extra_unrelated" in [r.code for r in plain.reasons]
    assert extended.passed, extended.reason_texts()


def test_the_window_threshold_holds_on_the_labelled_guided_replies() -> None:
    """The figures in core.vocabulary's docstring: on the labelled replies to guided turns,
    passing ones leave under LIMIT unexplained units in any WINDOW, and most added clauses
    leave LIMIT or more (the rest are conduct cues the families catch)."""
    pack = load_pack("property-zh")
    words = pack_vocabulary(pack)
    guided = {t for t, turn in pack.turns.items() if turn.guided}
    from trainer.core import normalize

    passes, caught, clauses = 0, 0, 0
    for path in sorted(DATA.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("turn") not in guided or "label" not in row:
                continue
            said = normalize.prepare(row["reply"], "zh").without_fillers()
            stray = words.stray_clause(said.units, said.keys)
            if row["label"] == "pass":
                passes += 1
                assert stray is None, row
            elif row.get("kind") in ("rude", "impatient", "sarcasm", "blame", "buck", "disclose"):
                clauses += 1
                caught += stray is not None
    assert passes >= 20 and clauses >= 10, (passes, clauses)
    assert caught / clauses >= 0.7, (caught, clauses)


def test_without_a_vocabulary_nothing_is_stray() -> None:
    assert vocabulary.NONE.stray_clause(list("随便说点什么"), "abcdef") is None


def test_through_the_recogniser_ni_for_nin_is_not_held_against_the_trainee(zh: PackScorer) -> None:
    typed = zh.score("reception.greet", "你好！")
    heard = zh.score("reception.greet", "你好", channel=asr_channel("zh"))
    assert not typed.passed and "substitution" in [r.code for r in typed.reasons]
    assert heard.passed, heard.reason_texts()
    rude = zh.score("phone.transfer", "请 稍候 我 去 叫 他 你 烦 不 烦", channel=asr_channel("zh"))
    assert not rude.passed and "conduct.impatient" in [r.code for r in rude.reasons]


def test_service_talk_after_a_fixed_phrase_is_noted_not_failed(zh: PackScorer) -> None:
    ok = zh.score("reception.wait", "对不起，请您稍候。我这就帮您联系工程部的师傅确认一下。")
    assert ok.passed, ok.reason_texts()
    assert "extra_service" in [n.code for n in ok.notes]
    stray = zh.score("reception.wait", "对不起，请您稍候。隔壁那家面馆今天打八折。")
    assert not stray.passed and "extra" in [r.code for r in stray.reasons]


def test_a_time_or_a_number_of_service_detail_is_explained_a_phone_number_is_not(
    zh: PackScorer,
) -> None:
    ok = zh.score("conduct.calm", CALM + "维修师傅下午三点到，二十分钟左右修好。")
    assert ok.passed, ok.reason_texts()
    referral = zh.score("complaint.record", RECORD + "装修的事您打一二三四五吧。")
    assert not referral.passed
    keys = [r.code for r in referral.reasons]
    assert "conduct.buck" in keys or "extra_unrelated" in keys


def test_numbers_are_read_as_written_not_by_sound() -> None:
    """一 sounds like 意 and 十 like 是: only the written numeral pairs with a measure."""
    words = vocabulary.build([], "zh", "一二三十", ["点", "月"])
    assert words.unexplained("xy", ["三", "点"]) == [False, False]
    assert words.unexplained("xy", ["乐", "意"]) == [True, True]
