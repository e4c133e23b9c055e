"""CSV (one row per attempt) and XLSX (Summary, Turns, Trainees, Attempts and Calls sheets)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Any

from trainer.reports.data import ReportData

ATTEMPT_COLUMNS = [
    ("attempt_id", "attempt"), ("call_id", "call"), ("trainee", "trainee"),
    ("cohort", "cohort"), ("created_at", "time (UTC)"), ("pack", "pack"),
    ("pack_version", "pack version"), ("scenario", "scenario"), ("mode", "mode"),
    ("exam", "exam"), ("step", "step"), ("turn", "turn"), ("score", "score"),
    ("passed", "passed"), ("scored", "scorer's score"), ("overridden", "overridden"),
    ("scorer_version", "scorer version"), ("expected", "standard text"),
    ("transcript", "what was said"),
]  # fmt: skip
CALL_COLUMNS = [
    ("call_id", "call"), ("trainee", "trainee"), ("cohort", "cohort"),
    ("started_at", "started (UTC)"), ("ended_at", "ended (UTC)"), ("pack", "pack"),
    ("scenario", "scenario"), ("mode", "mode"), ("exam", "exam"),
    ("total_score", "total score"), ("passed", "passed"), ("pickup_ring", "picked up on ring"),
    ("attempts", "attempts"),
]  # fmt: skip


def _cell(value: Any, *, excel: bool) -> Any:
    if isinstance(value, datetime):
        # Excel has no time zones: the naive UTC time, the header says "(UTC)"
        return value.replace(tzinfo=None) if excel else value.isoformat(timespec="seconds")
    if isinstance(value, bool):
        return ("yes" if value else "no") if not excel else value
    if isinstance(value, float):
        return round(value, 1)
    return "" if value is None and not excel else value


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text that looks like a formula gets a quote."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def write_csv(data: ReportData, path: Path) -> None:
    """UTF-8 with a byte-order mark, so spreadsheet programs read Chinese and Korean text."""
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow([title for _, title in ATTEMPT_COLUMNS])
        for row in data.attempts:
            writer.writerow([_inert(_cell(row[key], excel=False)) for key, _ in ATTEMPT_COLUMNS])


def write_xlsx(data: ReportData, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    bold = Font(bold=True)
    summary = book.active
    summary.title = "Summary"
    for label, value in [
        ("Report", data.scope.title), ("Period", data.scope.period),
        ("Generated (UTC)", data.generated_at.replace(tzinfo=None)),
        ("Calls", len(data.calls)), ("Attempts", len(data.attempts)),
        ("Mean score", round(data.mean_score, 1)), ("Pass rate", round(data.pass_rate, 3)),
    ]:  # fmt: skip
        summary.append([label, value])
        summary.cell(summary.max_row, 1).font = bold

    def sheet(title: str, header: list[str], rows: list[list[Any]]) -> None:
        ws = book.create_sheet(title)
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

    sheet("Turns", ["turn", "attempts", "passed", "pass rate", "mean score"],
          [[t.turn, t.attempts, t.passed, round(t.pass_rate, 3), round(t.mean, 1)]
           for t in data.turns()])  # fmt: skip
    sheet("Trainees", ["trainee", "cohort", "calls", "attempts", "pass rate", "mean score",
                       "last attempt (UTC)"],
          [[t.trainee, t.cohort, t.calls, t.attempts, round(t.pass_rate, 3),
            round(t.mean, 1), _cell(t.last_attempt, excel=True)]
           for t in data.trainees()])  # fmt: skip
    sheet("Attempts", [title for _, title in ATTEMPT_COLUMNS],
          [[_cell(r[key], excel=True) for key, _ in ATTEMPT_COLUMNS] for r in data.attempts])  # fmt: skip
    sheet("Calls", [title for _, title in CALL_COLUMNS],
          [[_cell(r[key], excel=True) for key, _ in CALL_COLUMNS] for r in data.calls])  # fmt: skip
    book.save(path)
