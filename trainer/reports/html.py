"""One self-contained HTML page: summary, three charts (inline SVG), and the tables."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from trainer.reports import svg
from trainer.reports.data import ReportData

STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 980px; color: #111827; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.6em; font-size: 1.2em; }
.meta { color: #4b5563; } .cards { display: flex; gap: 1em; margin: 1em 0; }
.card { border: 1px solid #d1d5db; border-radius: 6px; padding: 0.6em 1em; min-width: 8em; }
.card b { display: block; font-size: 1.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; text-align: left; }
th { background: #f3f4f6; } td.num { text-align: right; } .fail { color: #b91c1c; }
"""


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    return str(value)


def _table(header: list[str], rows: list[list[Any]], table_id: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{_fmt(v)}</td>' if isinstance(v, int | float) and not isinstance(v, bool)
            else f"<td>{escape(_fmt(v))}</td>"
            for v in row
        )  # fmt: skip
        body.append(f"<tr>{cells}</tr>")
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def render_html(data: ReportData) -> str:
    turns = data.turns()
    pass_rate_bars = [
        (t.turn, 100 * t.pass_rate, f"{t.turn}: {t.passed} of {t.attempts} passed") for t in turns
    ]
    weakest_bars = [
        (t.turn, t.mean, f"{t.turn}: mean {t.mean:.1f} over {t.attempts} attempt(s)")
        for t in data.weakest()
    ]
    cards = "".join(
        f'<div class="card">{escape(label)}<b>{escape(value)}</b></div>'
        for label, value in [
            ("Calls", str(len(data.calls))), ("Attempts", str(len(data.attempts))),
            ("Mean score", f"{data.mean_score:.1f}"), ("Turns passed", f"{data.pass_rate:.0%}"),
            ("Calls passed", data.calls_passed),
        ]
    )  # fmt: skip
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(data.scope.title)} — training report</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{escape(data.scope.title)}</h1>",
        f'<p class="meta">{escape(data.scope.period)} · generated '
        f"{data.generated_at:%Y-%m-%d %H:%M} UTC · times in UTC</p>",
        f'<div class="cards">{cards}</div>',
        "<h2>Score over time</h2>",
        svg.score_over_time(data.score_over_time(), pass_mark=data.pass_mark),
        "<h2>Pass rate per turn</h2>",
        svg.horizontal_bars(
            "chart-pass-rate",
            "Pass rate per turn",
            pass_rate_bars,
            maximum=100,
            unit="%",
            color=svg.GREEN,
        ),  # fmt: skip
        "<h2>Weakest turns</h2>",
        svg.horizontal_bars(
            "chart-weakest", "Weakest turns (mean score)", weakest_bars, maximum=100, color=svg.RED
        ),  # fmt: skip
    ]
    trainees = data.trainees()
    if len(trainees) > 1:
        parts += ["<h2>Trainees</h2>", _table(
            ["trainee", "cohort", "calls", "attempts", "pass rate %", "mean score", "last attempt"],
            [[t.trainee, t.cohort, t.calls, t.attempts, 100 * t.pass_rate, t.mean,
              t.last_attempt] for t in trainees], "trainees")]  # fmt: skip
    parts += [
        "<h2>Turns</h2>",
        _table(
            ["turn", "attempts", "passed", "pass rate %", "mean score"],
            [[t.turn, t.attempts, t.passed, 100 * t.pass_rate, t.mean] for t in turns],
            "turns",
        ),  # fmt: skip
        "<h2>Attempts</h2>",
        _table(
            [
                "time",
                "trainee",
                "scenario",
                "turn",
                "score",
                "passed",
                "overridden",
                "said",
                "standard",
            ],
            [
                [
                    r["created_at"],
                    r["trainee"],
                    r["scenario"],
                    r["turn"],
                    r["score"],
                    r["passed"],
                    r["overridden"],
                    r["transcript"],
                    r["expected"],
                ]
                for r in data.attempts
            ],
            "attempts",
        ),  # fmt: skip
        "</body></html>",
    ]
    return "\n".join(parts)
