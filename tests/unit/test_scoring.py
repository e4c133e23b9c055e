"""The scorer against real phrasings and real recogniser slips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.core.scoring import TEXT, PackScorer, Timing, asr_channel, score_expected
from trainer.packs import load_pack

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def scorer() -> PackScorer:
    return PackScorer(load_pack("property-zh"))


def _devset(name: str) -> list[dict]:
    return [
        json.loads(line)
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.mark.parametrize("name", ["scorer_devset.jsonl", "scorer_heldout.jsonl"])
def test_labelled_sets_agree_with_labels(scorer: PackScorer, name: str) -> None:
    """scorer_devset was written with the scorer; scorer_heldout was written apart from it,
    from the rulebook alone, and measured only after it was finished."""
    rows = _devset(name)
    assert len(rows) >= 150
    wrong = []
    for row in rows:
        verdict = scorer.score(row["turn"], row["reply"])
        if verdict.passed != (row["label"] == "pass"):
            wrong.append(
                (row["kind"], row["turn"], row["reply"], verdict.score, verdict.reason_texts())
            )
    agreement = 1 - len(wrong) / len(rows)
    assert agreement >= 0.98, wrong


@pytest.mark.parametrize("kind", ["rude", "pass_the_buck", "disclose", "key_missing"])
def test_no_false_pass_on_blockers_and_key_phrases(scorer: PackScorer, kind: str) -> None:
    rows = [
        r
        for name in ("scorer_devset.jsonl", "scorer_heldout.jsonl")
        for r in _devset(name)
        if r["kind"] == kind
    ]
    assert rows
    passed = [r["reply"] for r in rows if scorer.score(r["turn"], r["reply"]).passed]
    assert passed == []


# exact > homophone slip > omission > unrelated, on every turn with a fixed wording
ORDERING = {
    "phone.answer": ("您好雨和物业管理客户服务中心您请讲", "您好宇和物业管理客户服务中心"),
    "phone.transfer": ("请稍后我将电话转接给他", "请稍候我将电话"),
    "phone.not_in": ("对不起他不在座位上您是否需要流言或传话", "对不起他不在座位上"),
    "phone.unknown_person": ("对不起您能说出他是那个楼门的吗", "您能说出他是哪个楼门的吗"),
    "reception.greet": ("您号", ""),
    "reception.offer_help": ("先生很荣兴能为您服务", "很荣幸能为您服务"),
    "reception.acknowledge": ("好明白乐", "好明"),
    "reception.pardon": ("对不起请您在说一遍", "对不起请您"),
    "reception.wait": ("对不起请您稍后", "请您稍候"),
    "reception.sorry_wait": ("对不起让您酒等了", "让您久等了"),
    "reception.apology": (
        "对不起刚才疏忽了给您添麻烦了实在抱歉今后一定注意不在发生这类事",
        "对不起刚才疏忽了给您添麻烦了",
    ),
    "reception.farewell": ("您漫走再见", "再见"),
}


@pytest.mark.parametrize("turn_id", sorted(ORDERING))
def test_ordering_exact_homophone_omission_unrelated(scorer: PackScorer, turn_id: str) -> None:
    homophone, omission = ORDERING[turn_id]
    exact = scorer.pack.turn(turn_id).model_answer
    scores = [scorer.score(turn_id, exact).score, scorer.score(turn_id, homophone).score]
    if omission:
        scores.append(scorer.score(turn_id, omission).score)
    scores.append(scorer.score(turn_id, "今天天气不错我们去公园散步吧").score)
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores), scores
    assert scorer.score(turn_id, homophone).passed


def test_homophone_costs_no_pass_and_is_noted(scorer: PackScorer) -> None:
    v = scorer.score("phone.transfer", "请 稍后 我 将 电话 转接 给 他")
    assert v.passed and v.completeness == 1.0
    assert any(n.code == "homophone" for n in v.notes)


def test_accent_merges_zh_z_n_l_in_ing(scorer: PackScorer) -> None:
    # zhong->zong, shao->sao, liu->niu, qing->qin: a southern accent or a recogniser slip
    v = scorer.score("phone.answer", "您好 宇和 物业 管理 客户 服务 宗 心 您 亲 讲")
    assert v.passed, v.reason_texts()


def test_half_reply_fails_though_every_word_is_right(scorer: PackScorer) -> None:
    v = scorer.score("reception.apology", "对不起，刚才疏忽了，给您添麻烦了")
    assert not v.passed
    assert v.accuracy == 1.0
    assert any(r.code == "stopped_early" for r in v.reasons)


def test_miscues_list_omission_insertion_substitution() -> None:
    v = score_expected("对不起请再讲一遍吧", "对不起，请您再说一遍。", "zh")
    kinds = {m.kind for m in v.miscues}
    assert kinds == {"omission", "substitution", "insertion"}, v.miscues
    assert v.matched == "对不起，请您再说一遍。"


def test_wrong_moment_is_named(scorer: PackScorer) -> None:
    v = scorer.score("phone.answer", "您慢走，再见！")
    assert not v.passed
    assert v.reasons[0].code == "wrong_moment"
    assert "客人离开" in v.reasons[0].text("zh")


def test_blocker_fails_a_full_phrase(scorer: PackScorer) -> None:
    v = scorer.score(
        "phone.not_in", "对不起！他不在座位上，您是否需要留言或传话？他的手机号是13812345678"
    )
    assert not v.passed and v.blockers == ("disclose",)
    assert v.score < scorer.pack.pass_mark


def test_late_pickup_fails_and_says_why(scorer: PackScorer) -> None:
    v = scorer.score(
        "phone.answer", "您好！宇和物业管理客户服务中心，您请讲。", timing=Timing(answer_ring=5)
    )
    assert not v.passed
    assert "5" in v.reason_texts("en")[0] and v.fluency is not None and v.fluency < 100


def test_fluency_from_timings(scorer: PackScorer) -> None:
    good = scorer.score(
        "reception.wait", "对不起，请您稍候。", timing=Timing(response_delay=0.8, speaking_time=1.6)
    )
    slow = scorer.score(
        "reception.wait",
        "对不起，请您稍候。",
        timing=Timing(response_delay=6.0, speaking_time=1.6, longest_pause=3.5),
    )
    assert good.passed and good.fluency == 100.0
    assert slow.fluency is not None and slow.fluency < good.fluency and slow.score < good.score


def test_korean_jamo_keys_and_near_credit() -> None:
    exact = score_expected("기다려 주셔서 감사합니다", "기다려 주셔서 감사합니다.", "ko")
    slip = score_expected(
        "기다려 주셔서 감사함니다", "기다려 주셔서 감사합니다.", "ko"
    )  # ㅂ/ㅁ final
    assert exact.passed and exact.score == 100.0
    assert slip.score < exact.score


def test_english_words() -> None:
    v = score_expected("um thank you for waiting", "Thank you for waiting.", "en")
    assert v.passed and v.score == 100.0
    assert not score_expected("thanks", "Thank you for waiting.", "en").passed


def test_asr_channel_forgives_noise_but_not_a_cut_reply() -> None:
    expected = "심폐소생술 자격증 취득을 원하시면 인터넷으로 신청해주세요."
    noisy = "심폐 소생술 자격 증 취득 을 원하 시면 인터 넷 으로 신청 해 주세요"
    garbled = "심폐 소생 수 자격증 취득 을 원하 시면 인테리어 로 신청 해 조세"
    cut = "심폐 소생술 자격증 취득 을"
    ch = asr_channel("ko")
    assert score_expected(noisy, expected, "ko", channel=ch).passed
    assert score_expected(garbled, expected, "ko", channel=ch).passed
    assert not score_expected(garbled, expected, "ko", channel=TEXT).passed
    assert not score_expected(cut, expected, "ko", channel=ch).passed


def test_recogniser_unknown_tokens_and_repeated_fillers_cost_nothing(scorer: PackScorer) -> None:
    v = scorer.score("reception.pardon", "那个那个 对不起 [unk] 请 您 再 说 一遍 <unk>")
    assert v.passed and v.score == 100.0 and v.extra == 0
