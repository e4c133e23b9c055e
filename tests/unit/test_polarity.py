"""A key said the other way round: negated where the rule affirms it, allowed or made optional
where the rule forbids it. Cases are written for the categories (negation ahead and after,
double negation, conditions, set phrases, questions, topic-first sentences, recogniser text
without punctuation), not taken from a labelled set."""

from __future__ import annotations

import pytest

from trainer.core.polarity import turned_round
from trainer.core.scenario import KeyPhrase

LOAN = "各房间钥匙存放在前台由专人管理；管理人员需要使用钥匙，应统一办理借用手续，并详细填写钥匙借用登记表。"
LOAN_KEYS = (KeyPhrase(("借用手续", "手续")), KeyPhrase(("登记表", "登记")))
GIFTS = "不能收。不得受私徇情，不得索取或收受任何方式的赏钱、礼物。"
GIFT_KEYS = (KeyPhrase(("不能收", "不收")), KeyPhrase(("礼物", "赏钱", "红包")))
SECRET = "在任何情况下不泄露客户的任何资料；不把公司内部文件带出公司或借给无关的人。"
SECRET_KEYS = (KeyPhrase(("客户", "业主")), KeyPhrase(("文件",)))


def turned(reply: str, model: str, keys: tuple[KeyPhrase, ...], *, typed: bool = True) -> list[str]:
    return [k.label for k, _, _ in turned_round(reply, model, keys, "zh", typed=typed)]


@pytest.mark.parametrize(
    "reply",
    [
        "不用办手续，也不用登记，直接拿走就行",  # needn't, ahead
        "手续就不用办了，登记表回头再说",  # needn't, after (topic first)
        "借用手续可以先不办",  # permission and a negation after
        "可以不登记，手续也免了",
        "不 用 办 手续 也 不用 登记",  # a recogniser's words
    ],
)
def test_a_required_step_said_as_not_needed_is_turned_round(reply: str) -> None:
    assert turned(reply, LOAN, LOAN_KEYS, typed=False) or turned(reply, LOAN, LOAN_KEYS)


@pytest.mark.parametrize(
    "reply",
    [
        "要办借用手续，填好登记表",
        "没登记的话不能借，要先办借用手续",  # a condition: two negations
        "不办手续不能借钥匙，还得填登记表",
        "不能不登记，手续一定要办",  # double negation
        "对不起，不好意思，要办手续、填登记表",  # set phrases that negate nothing
        "不要慌 先 办 借用 手续 再 填 登记表",  # a recogniser's words, a set phrase ahead
        "手续办了没有都要查，登记表要填",  # a question, not a negation
    ],
)
def test_a_required_step_said_plainly_or_as_a_condition_stands(reply: str) -> None:
    assert turned(reply, LOAN, LOAN_KEYS) == []
    assert turned(reply.replace("，", " "), LOAN, LOAN_KEYS, typed=False) == []


def test_a_negation_ending_another_clause_is_bounded_by_punctuation_when_typed() -> None:
    reply = "登记之后不能外借给别人，手续要办全"
    assert turned(reply, LOAN, LOAN_KEYS) == []
    # without punctuation (a recogniser's text) the negation's reach is all that bounds it,
    # and 不能外借给别人 is near enough to 手续 to be read as its negation: a known limit
    assert turned(reply.replace("，", " "), LOAN, LOAN_KEYS, typed=False) == ["借用手续"]


@pytest.mark.parametrize(
    "reply",
    ["小礼物可以收", "礼物收了也没关系", "红包收下就行", "不是不能收，看情况"],
)
def test_a_forbidden_thing_allowed_is_turned_round(reply: str) -> None:
    assert turned(reply, GIFTS, GIFT_KEYS)


@pytest.mark.parametrize(
    "reply",
    ["不能收，礼物红包都不能收", "红包礼物一律不收", "礼物是不能接受的，不能收"],
)
def test_a_forbidden_thing_refused_stands(reply: str) -> None:
    assert turned(reply, GIFTS, GIFT_KEYS) == []


@pytest.mark.parametrize(
    "reply",
    [
        "客户的资料任何情况下都不能泄露，内部文件不能带出公司",  # the negation far after: topic first
        "业主资料绝对不外传，文件不带出去",
        "不泄露客户资料，不把文件带出公司",
    ],
)
def test_confidentiality_said_topic_first_or_plainly_stands(reply: str) -> None:
    assert turned(reply, SECRET, SECRET_KEYS) == []


@pytest.mark.parametrize(
    "reply",
    ["客户的资料都可以告诉别人", "文件借给别人看看也没关系", "文件带不带出去都无所谓"],
)
def test_confidentiality_given_up_is_turned_round(reply: str) -> None:
    assert turned(reply, SECRET, SECRET_KEYS)


def test_words_that_only_look_negative_negate_nothing() -> None:
    model = "离岗时应切断电器的电源；下班时仔细检查各种电器是否都已正常关闭。"
    keys = (KeyPhrase(("电源", "断电")), KeyPhrase(("关闭", "关了", "关好")))
    for reply in (
        "离开的时候把电源断了，下班看看电器是不是都关好了",  # 是不是: a question
        "下班前检查电器关了没有，走的时候要断电",  # 关了没有: a question
        "放在别处的电器也要断电，都关好",  # 别处 is not 别
        "电源来不及拔也要先断电，电器都关好",  # 来不及: a set phrase
    ):
        assert turned(reply, model, keys) == [], reply


def test_other_languages_are_not_judged_for_polarity() -> None:
    keys = (KeyPhrase(("안내",)),)
    assert turned_round("안내 안 해요", "안내해 드리겠습니다", keys, "ko") == []


def test_the_reason_quotes_the_reply_and_the_rule_it_contradicts() -> None:
    model = "合理安排就餐时间，午餐时间保证有人值班，不能出现缺岗或脱岗现象。"
    keys = (KeyPhrase(("缺岗", "脱岗", "空岗", "空着")),)
    [(key, said, rule)] = turned_round("午餐时间前台可以空着，大家一起去吃", model, keys, "zh")
    assert said == "午餐时间前台可以空着"
    assert rule == "不能出现缺岗或脱岗现象"  # the rule's own words, not the bare key 缺岗
