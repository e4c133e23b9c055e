"""Which way a call goes: each condition of a branch judged on a real scored attempt."""

from __future__ import annotations

import dataclasses

import pytest

from trainer.core.messages import Reason
from trainer.core.outcome import Attempt
from trainer.core.route import conduct_codes, holds
from trainer.core.scenario import Condition, KeyPhrase
from trainer.core.scoring import PackScorer, Timing
from trainer.packs import load_pack

PACK = load_pack("property-zh")
SCORER = PackScorer(PACK)


def attempt(turn: str, reply: str) -> Attempt:
    verdict = SCORER.score(turn, reply)
    return Attempt(0, turn, reply, verdict, Timing())


NOT_IN = "对不起！她不在座位上，您是否需要留言或传话？"


@pytest.mark.parametrize(
    ("when", "turn", "reply", "expected"),
    [
        (Condition(passed=True), "phone.not_in", NOT_IN, True),
        (Condition(passed=False), "phone.not_in", NOT_IN, False),
        (Condition(silence=True), "phone.not_in", "", True),
        (Condition(silence=True), "phone.not_in", NOT_IN, False),
        (Condition(said=(KeyPhrase(("留言", "传话")),)), "phone.not_in", "你留个言吧", False),
        (Condition(said=(KeyPhrase(("留言", "传话")),)), "phone.not_in", "要不要传话", True),
        (Condition(conduct=()), "phone.not_in", "不归我们管。", True),
        (Condition(conduct=("rude",)), "phone.not_in", "不归我们管。", False),
        (Condition(conduct=("buck",)), "phone.not_in", "不归我们管。", True),
        (Condition(conduct=()), "phone.not_in", NOT_IN, False),
        (
            Condition(form="楼门"),
            "phone.unknown_person",
            "对不起！您能说出他是哪个楼门的吗？",
            True,
        ),
        (Condition(form="楼门"), "phone.unknown_person", "对不起，请稍候，我帮您问一下。", False),
        (Condition(reasons=("key_missing",)), "phone.not_in", "对不起！她不在座位上。", True),
        (Condition(reasons=("blocker",)), "phone.not_in", "对不起！她不在座位上。", False),
        (Condition(passed=False, said=(KeyPhrase(("留言",)),)), "phone.not_in", "你留言吧", True),
    ],
)
def test_each_condition(when: Condition, turn: str, reply: str, expected: bool) -> None:
    assert holds(when, attempt(turn, reply), "zh") is expected


def test_a_conduct_reason_code_counts_as_conduct_without_a_blocker() -> None:
    plain = attempt("phone.not_in", NOT_IN)
    coded = dataclasses.replace(
        plain,
        verdict=dataclasses.replace(plain.verdict, reasons=(Reason("conduct.sarcasm"),)),
    )
    assert conduct_codes(plain) == set() and conduct_codes(coded) == {"conduct.sarcasm"}
    assert holds(Condition(conduct=()), coded, "zh")
    assert holds(Condition(conduct=("sarcasm",)), coded, "zh")
    assert holds(Condition(conduct=("conduct.sarcasm",)), coded, "zh")
    assert not holds(Condition(conduct=("rude",)), coded, "zh")
