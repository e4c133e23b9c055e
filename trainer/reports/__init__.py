"""Reports for supervisors and HR: per trainee, per cohort or per exam, over a date range,
as CSV, XLSX (openpyxl) or one self-contained HTML page with inline SVG charts.

    data = collect(repo, Scope(cohort="2026-11", since=..., until=...))
    write_report(data, "html", Path("november.html"))
"""

from __future__ import annotations

from pathlib import Path

from trainer.errors import TrainerError
from trainer.reports.data import ReportData, Scope, TurnStat, collect

FORMATS = ("csv", "xlsx", "html")


def write_report(data: ReportData, fmt: str, out: Path) -> Path:
    """Write the report to ``out`` (through a temporary file, so a reader never sees half of
    it); returns ``out``."""
    if fmt not in FORMATS:
        raise TrainerError(f"report format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        if fmt == "csv":
            from trainer.reports.tables import write_csv

            write_csv(data, tmp)
        elif fmt == "xlsx":
            from trainer.reports.tables import write_xlsx

            write_xlsx(data, tmp)
        else:
            from trainer.reports.html import render_html

            tmp.write_text(render_html(data), encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise TrainerError(f"cannot write the report to {out}: {exc}") from exc
    return out


__all__ = ["FORMATS", "ReportData", "Scope", "TurnStat", "collect", "write_report"]
