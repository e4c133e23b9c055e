"""The score card draws a Korean reply with the standard phrase's word spaces (the scorer
compares syllable by syllable, so its pieces carry none); Chinese stays unspaced."""

from __future__ import annotations

import pytest

from trainer.core.scoring import score_expected
from trainer.tui.widgets.diff import diff_rows, word_starts


def rows(expected: str, reply: str, language: str) -> tuple[str, str]:
    verdict = score_expected(reply, expected, language)
    top, bottom = diff_rows(verdict.pieces, "", word_starts(verdict.pieces, verdict.matched))
    return top.plain.rstrip(), bottom.plain.rstrip()


def test_a_korean_reply_keeps_the_phrases_word_spaces() -> None:
    top, bottom = rows("상담 예약 해드릴까요?", "상담 예약 해드릴까요", "ko")
    assert top == "상담 예약 해드릴까요" and bottom == "상담 예약 해드릴까요"


def test_a_korean_reply_with_a_word_missing_lines_up_with_spaces() -> None:
    top, bottom = rows("필러 가격은 칠만 원에서 십만 원까지 있습니다", "필러 가격은 있습니다", "ko")
    assert top.split() == ["필러", "가격은", "칠만", "원에서", "십만", "원까지", "있습니다"]
    assert bottom.startswith("필러 가격은 ") and bottom.endswith("있습니다")


@pytest.mark.parametrize("reply", ["您好，请讲。", "您好请讲"])
def test_chinese_stays_unspaced(reply: str) -> None:
    top, bottom = rows("您好，请讲。", reply, "zh")
    assert top == "您好请讲" and bottom == "您好请讲"
