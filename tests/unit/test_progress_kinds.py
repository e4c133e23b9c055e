"""Quiz and scenario turns counted apart: a trainee strong on phrases and weak on rules shows
as such in the numbers, on the HTML report and in the CSV and XLSX exports."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from trainer.core.progress import by_kind
from trainer.core.scenario import turn_kind
from trainer.errors import PackError
from trainer.packs import parse_pack
from trainer.reports import write_report
from trainer.reports.data import ReportData, Scope
from trainer.reports.html import render_html

RESULTS = [
    ("phone.answer", 100.0, True),
    ("phone.not_in", 90.0, True),
    ("quiz.key_loan", 40.0, False),
    ("quiz.weekly", 60.0, False),
    ("quiz.fire", 95.0, True),
]


def test_by_kind_splits_the_numbers() -> None:
    kinds = by_kind(RESULTS)
    assert list(kinds) == ["scenario", "quiz"]
    assert (kinds["scenario"].attempts, kinds["scenario"].passed) == (2, 2)
    assert kinds["scenario"].mean == pytest.approx(95.0)
    assert (kinds["quiz"].attempts, kinds["quiz"].passed) == (3, 1)
    assert kinds["quiz"].mean == pytest.approx(65.0)
    assert by_kind([]) == {}


def test_a_turns_kind_goes_with_its_id() -> None:
    assert turn_kind("quiz.key_loan") == "quiz" and turn_kind("phone.answer") == "scenario"
    text = "id: k\ntitle: T\nlanguage: zh\nturns:\n  a.b:\n    kind: quiz\n    forms: 您好\n"
    with pytest.raises(PackError, match="a quiz turn's id starts with 'quiz.'"):
        parse_pack(text)
    assert parse_pack(text.replace("a.b:", "quiz.b:")).turn("quiz.b").kind == "quiz"
    assert (
        parse_pack(text.replace("a.b:", "quiz.b:").replace("    kind: quiz\n", ""))
        .turn("quiz.b")
        .kind
        == "quiz"
    )  # a quiz. id is a quiz turn by default


def rows() -> list[dict[str, Any]]:
    when = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    return [
        {"turn": turn, "score": score, "passed": passed, "trainee": "李娜", "cohort": None,
         "call_id": 1, "created_at": when, "scenario": "s", "expected": "", "transcript": "",
         "overridden": False, "mode": "practice", "exam_id": None, "scored": score,
         "attempt_id": i, "pack": "frontdesk-rules-zh"}
        for i, (turn, score, passed) in enumerate(RESULTS, 1)
    ]  # fmt: skip


def test_the_report_counts_quiz_and_scenario_turns_apart() -> None:
    data = ReportData(Scope(trainee="李娜"), rows(), [])
    kinds = data.kinds()
    assert kinds["quiz"].passed == 1 and kinds["scenario"].passed == 2
    page = render_html(data)
    assert "Scenario turns<b>95.0 mean, 2 of 2 passed</b>" in page
    assert "Rule quiz turns<b>65.0 mean, 1 of 3 passed</b>" in page


def test_a_report_without_quiz_turns_shows_no_split() -> None:
    data = ReportData(Scope(trainee="李娜"), rows()[:2], [])
    assert "Rule quiz turns" not in render_html(data) and "Scenario turns" not in render_html(data)


def test_csv_and_xlsx_say_each_turns_kind_in_the_reports_language(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = ReportData(Scope(trainee="李娜"), rows(), [])
    with open(write_report(data, "csv", tmp_path / "k.csv"), encoding="utf-8-sig") as fh:
        got = list(csv.DictReader(fh))
    assert [(r["turn"], r["kind"]) for r in got] == [
        ("phone.answer", "scenario"), ("phone.not_in", "scenario"), ("quiz.key_loan", "rule quiz"),
        ("quiz.weekly", "rule quiz"), ("quiz.fire", "rule quiz"),
    ]  # fmt: skip
    data.ui = "zh"
    with open(write_report(data, "csv", tmp_path / "zh.csv"), encoding="utf-8-sig") as fh:
        assert [r["类别"] for r in csv.DictReader(fh)] == ["情景"] * 2 + ["制度问答"] * 3

    data.ui = "en"
    book = load_workbook(write_report(data, "xlsx", tmp_path / "k.xlsx"))
    attempts = list(book["Attempts"].iter_rows(values_only=True))
    column = attempts[0].index("kind")
    assert [r[column] for r in attempts[1:]] == ["scenario"] * 2 + ["rule quiz"] * 3
    turns = list(book["Turns"].iter_rows(values_only=True))
    assert turns[0][-1] == "kind" and turns[3][0] == "quiz.key_loan" and turns[3][-1] == "rule quiz"
    summary = [r for r in book["Summary"].iter_rows(values_only=True) if any(r)]
    at = [r[0] for r in summary].index("kind")
    assert summary[at][:5] == ("kind", "attempts", "passed", "pass rate", "mean score")
    assert summary[at + 1][:5] == ("scenario", 2, 2, 1.0, 95.0)
    assert summary[at + 2][:5] == ("rule quiz", 3, 1, 0.333, 65.0)
