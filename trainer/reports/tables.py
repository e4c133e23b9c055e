"""CSV (one row per attempt) and XLSX (Summary, Turns, Trainees, Attempts and Calls sheets), in
the report's language, times in local time with the zone named in the heading."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

from trainer.reports.data import ReportData
from trainer.reports.labels import tr

ATTEMPT_COLUMNS = [
    ("attempt_id", "attempt"), ("call_id", "call"), ("trainee", "trainee"),
    ("cohort", "cohort"), ("created_at", "time (UTC)"), ("pack", "pack"),
    ("pack_version", "pack version"), ("scenario", "scenario"), ("mode", "mode"),
    ("exam", "exam"), ("step", "step"), ("turn", "turn"), ("kind", "kind"), ("score", "score"),
    ("passed", "passed"), ("scored", "scorer's score"), ("overridden", "overridden"),
    ("scorer_version", "scorer version"), ("expected", "standard text"),
    ("transcript", "what was said"), ("review", "override (who, when, why)"),
]  # fmt: skip
CALL_COLUMNS = [
    ("call_id", "call"), ("trainee", "trainee"), ("cohort", "cohort"),
    ("started_at", "started (UTC)"), ("ended_at", "ended (UTC)"), ("pack", "pack"),
    ("scenario", "scenario"), ("mode", "mode"), ("exam", "exam"),
    ("total_score", "total score"), ("passed", "passed"), ("pickup_ring", "picked up on ring"),
    ("attempts", "attempts"),
]  # fmt: skip


ZH = {
    "attempt": "答题编号", "call": "通话编号", "trainee": "学员", "cohort": "班组",
    "time": "时间", "pack": "用语包", "pack version": "用语包版本", "scenario": "场景",
    "mode": "模式", "exam": "考试", "step": "步骤", "turn": "环节", "score": "得分",
    "passed": "通过", "scorer's score": "系统评分", "overridden": "已复核",
    "scorer version": "评分器版本", "standard text": "标准用语", "what was said": "回答",
    "override (who, when, why)": "主管复核（人、时间、理由）", "started": "开始",
    "ended": "结束", "total score": "总分", "picked up on ring": "接听于第几声",
    "attempts": "答题数", "pass rate": "通过率", "mean score": "平均分", "calls": "通话数",
    "last attempt": "最近答题", "Report": "报告", "Period": "期间", "Generated": "生成时间",
    "Calls": "通话", "Attempts": "答题", "Mean score": "平均分", "Pass rate": "通过率",
    "Summary": "汇总", "Turns": "环节", "Trainees": "学员", "kind": "类别",
}  # fmt: skip
TIMES = {"created_at", "started_at", "ended_at"}


def _title(text: str, ui: str, zone: str) -> str:
    """A heading in ``ui``; a time heading names its zone: ``time (UTC)`` -> ``time (CET)``."""
    timed = text.endswith(" (UTC)")
    base = text.removesuffix(" (UTC)")
    word = ZH.get(base, base) if ui == "zh" else base
    return f"{word} ({zone})" if timed else word


def _localise(data: ReportData) -> str:
    """Modes and overrides in words; returns the name of the zone the times are shown in."""
    from trainer.reports.html import _mode, _overrides

    for row in data.attempts:
        row["mode_shown"] = _mode(row, data.ui)
        row["review"] = _overrides(data, row)
    return data.zone()


def _cell(value: Any, *, excel: bool, data: ReportData | None = None, ui: str = "en") -> Any:
    if isinstance(value, datetime):
        local = data.local(value) if data is not None else value
        # Excel has no time zones: the naive local time; the heading names the zone
        return local.replace(tzinfo=None) if excel else local.isoformat(timespec="seconds")
    if isinstance(value, bool):
        yes, no = ("是", "否") if ui == "zh" else ("yes", "no")
        return (yes if value else no) if not excel else value
    if isinstance(value, float):
        return round(value, 1)
    return "" if value is None and not excel else value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text that looks like a formula gets a quote."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _value(row: dict[str, Any], key: str, data: ReportData, *, excel: bool) -> Any:
    if key == "mode" and "mode_shown" in row:
        return row["mode_shown"]
    if key in ("scenario", "turn"):
        return data.title_of(row[key])
    if key == "kind":  # scenario or rule quiz, so the two can be filtered apart
        return data.kind_of(row["turn"])
    return _cell(row.get(key), excel=excel, data=data, ui=data.ui)


def write_csv(data: ReportData, path: Path) -> None:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Chinese and Korean text."""
    zone = _localise(data)
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow([_title(title, data.ui, zone) for _, title in ATTEMPT_COLUMNS])
        for row in data.attempts:
            writer.writerow(
                [_inert(_value(row, key, data, excel=False)) for key, _ in ATTEMPT_COLUMNS]
            )


def write_xlsx(data: ReportData, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from trainer.reports.html import _title as report_title

    zone = _localise(data)
    ui = data.ui
    book = Workbook()
    bold = Font(bold=True)
    summary = book.active
    summary.title = _title("Summary", ui, zone)
    for label, value in [
        ("Report", report_title(data)), ("Period", data.scope.period),
        ("Generated (UTC)", _cell(data.generated_at, excel=True, data=data)),
        ("Calls", len(data.calls)), ("Attempts", len(data.attempts)),
        ("Mean score", round(data.mean_score, 1)), ("Pass rate", round(data.pass_rate, 3)),
    ]:  # fmt: skip
        summary.append([_title(label, ui, zone), value])
        summary.cell(summary.max_row, 1).font = bold
    if kinds := data.kinds():  # scenario and rule-quiz turns apart, under a blank row
        summary.append([])
        summary.append(
            [_title(h, ui, zone) for h in ("kind", "attempts", "passed", "pass rate", "mean score")]
        )
        for cell in summary[summary.max_row]:
            cell.font = bold
        for k in kinds.values():
            summary.append([tr(f"turn_kind_{k.kind}", ui), k.attempts, k.passed,
                            round(k.pass_rate, 3), round(k.mean, 1)])  # fmt: skip

    def sheet(title: str, header: list[str], rows: list[list[Any]]) -> None:
        ws = book.create_sheet(_title(title, ui, zone))
        header = [_title(h, ui, zone) for h in header]
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)
            for cell in ws[ws.max_row]:  # names and transcripts are text, never formulas
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
        for column, name in zip(ws.columns, header, strict=False):
            ws.column_dimensions[column[0].column_letter].width = max(10, min(40, len(name) + 4))

    sheet("Turns", ["turn", "attempts", "passed", "pass rate", "mean score", "kind"],
          [[data.title_of(t.turn), t.attempts, t.passed, round(t.pass_rate, 3), round(t.mean, 1),
            data.kind_of(t.turn)] for t in data.turns()])  # fmt: skip
    sheet("Trainees", ["trainee", "cohort", "calls", "attempts", "pass rate", "mean score",
                       "last attempt (UTC)"],
          [[t.trainee, t.cohort, t.calls, t.attempts, round(t.pass_rate, 3),
            round(t.mean, 1), _cell(t.last_attempt, excel=True, data=data)]
           for t in data.trainees()])  # fmt: skip
    sheet("Attempts", [title for _, title in ATTEMPT_COLUMNS],
          [[_value(r, key, data, excel=True) for key, _ in ATTEMPT_COLUMNS]
           for r in data.attempts])  # fmt: skip
    sheet("Calls", [title for _, title in CALL_COLUMNS],
          [[_value(r, key, data, excel=True) for key, _ in CALL_COLUMNS] for r in data.calls])  # fmt: skip
    book.save(path)
