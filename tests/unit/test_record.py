"""A verdict as stored: whole, reasons as codes, shown in the viewer's language."""

from __future__ import annotations

import json

from trainer.core.align import Piece
from trainer.core.record import codes_from_text, reason_texts, stored_verdict, verdict_record
from trainer.core.scoring import Timing, score_expected
from trainer.tui.widgets.diff import whole_units

EXPECTED = "您好，宇和物业管理客户服务中心，请讲。"


def test_a_stored_verdict_comes_back_whole_through_json() -> None:
    verdict = score_expected("您好物业请讲", EXPECTED, "zh", timing=Timing(response_delay=3.2))
    record = json.loads(json.dumps(verdict_record(verdict), ensure_ascii=False))
    assert stored_verdict(record) == verdict
    assert reason_texts(record, "zh") == verdict.reason_texts("zh")
    assert reason_texts(record, "en") == verdict.reason_texts("en")
    assert any("秒" in text for text in reason_texts(record, "zh"))


def test_an_old_english_sentence_becomes_its_code_again() -> None:
    found = codes_from_text("Picked up on ring 5; answer within 3 rings.")
    assert found["code"] == "late_pickup"
    assert reason_texts({"reasons": [found]}, "zh") == ["第5声才接听，应在3响之内接听。"]
    kept = codes_from_text("The supervisor said so.")
    assert kept == {"code": "stored_text", "args": {"text": "The supervisor said so."}, "points": 0}
    assert stored_verdict({"score": 50, "reasons": ["old"]}) is None  # kept before verdicts


def test_neighbouring_miscues_are_drawn_as_one_substitution() -> None:
    pieces = [
        Piece("insertion", "", "不", 0),
        Piece("substitution", "对不起", "好意思", 0),
        Piece("equal", "请稍候", "请稍候", 3),
    ]
    assert whole_units(pieces) == [
        Piece("substitution", "对不起", "不好意思", 0),
        Piece("equal", "请稍候", "请稍候", 3),
    ]
