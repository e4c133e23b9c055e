"""One self-contained HTML page: summary, three charts (inline SVG), and the tables."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from trainer.reports import svg
from trainer.reports.data import ALL, ReportData
from trainer.reports.labels import tr

# Named fonts first, so Chinese renders with a CJK face wherever one is installed (on Linux the
# fonts-noto-cjk package gives "Noto Sans CJK SC"), never as boxes.
FONTS = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", '
         '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK KR", sans-serif')  # fmt: skip


STYLE = """
body { font-family: FONTS; margin: 2em auto; max-width: 980px; color: #111827; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { margin-top: 1.6em; font-size: 1.2em; }
.meta { color: #4b5563; } .cards { display: flex; gap: 1em; margin: 1em 0; }
.card { border: 1px solid #d1d5db; border-radius: 6px; padding: 0.6em 1em; min-width: 8em; }
.card b { display: block; font-size: 1.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; text-align: left; }
th { background: #f3f4f6; } td.num { text-align: right; } .fail { color: #b91c1c; }
""".replace("FONTS", FONTS)


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


def _mode(row: dict[str, Any], ui: str) -> str:
    if row["mode"] != "exam":
        return tr("practice", ui)
    return tr("exam_mode", ui) if row.get("exam_id") is not None else tr("mock", ui)


def _overrides(data: ReportData, row: dict[str, Any]) -> str:
    ui = data.ui
    return "; ".join(
        tr("override", ui, who=r.supervisor, when=f"{data.local(r.at):%Y-%m-%d %H:%M}",
           score=f"{r.score:.0f}", scored=f"{row['scored']:.0f}", comment=r.comment)
        for r in data.reviews.get(row["attempt_id"], [])
    )  # fmt: skip


def _title(data: ReportData) -> str:
    scope, ui = data.scope, data.ui
    if scope.trainee:
        return tr("trainee", ui, name=scope.trainee)
    if scope.exam:
        return tr("exam", ui, name=scope.exam)
    if scope.cohort and scope.cohort != ALL:
        return tr("cohort", ui, name=scope.cohort)
    return tr("everyone", ui)


def render_html(data: ReportData) -> str:
    ui, name = data.ui, data.title_of
    turns = data.turns()
    mark = data.pass_mark if data.pass_mark is not None else 80.0
    zone = data.zone()
    pass_rate_bars = [
        (name(t.turn), 100 * t.pass_rate,
         tr("bar_passed", ui, turn=name(t.turn), a=t.passed, b=t.attempts))
        for t in turns
    ]  # fmt: skip
    weakest_bars = [
        (name(t.turn), t.mean,
         tr("bar_mean", ui, turn=name(t.turn), mean=f"{t.mean:.1f}", n=t.attempts))
        for t in data.weakest()
    ]  # fmt: skip
    judged = [c["passed"] for c in data.calls if c["passed"] is not None]
    calls_passed = tr("of", ui, a=sum(judged), b=len(judged)) if judged else "-"
    cards = "".join(
        f'<div class="card">{escape(label)}<b>{escape(value)}</b></div>'
        for label, value in [
            (tr("calls", ui), str(len(data.calls))), (tr("attempts", ui), str(len(data.attempts))),
            (tr("mean", ui), f"{data.mean_score:.1f}"),
            (tr("turns_passed", ui), f"{data.pass_rate:.0%}"), (tr("calls_passed", ui), calls_passed),
            *[(tr(f"kind_{k.kind}", ui),
               tr("kind_value", ui, mean=f"{k.mean:.1f}", a=k.passed, b=k.attempts))
              for k in data.kinds().values() if len(data.kinds()) > 1],
        ]
    )  # fmt: skip
    scope = data.scope
    start = f"{scope.since:%Y-%m-%d}" if scope.since else tr("beginning", ui)
    end = f"{scope.until:%Y-%m-%d}" if scope.until else tr("now", ui)
    title = _title(data)
    series = {
        (tr("mean_per_day", ui) if k == "mean per day" else k): [(data.local(w), v) for w, v in pts]
        for k, pts in data.score_over_time().items()
    }
    empty = tr("no_attempts", ui)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if ui == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{escape(title)} — {escape(tr('report', ui))}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(tr("period", ui, start=start, end=end))} · '
        f"{escape(tr('generated', ui, when=f'{data.local(data.generated_at):%Y-%m-%d %H:%M}', zone=zone))}</p>",
        f'<div class="cards">{cards}</div>',
        f"<h2>{escape(tr('over_time', ui))}</h2>",
        svg.score_over_time(series, pass_mark=data.pass_mark, title=tr("over_time", ui),
                            empty=empty, mark_label=tr("pass_mark", ui, mark="{mark}"), zone=zone),
        f"<h2>{escape(tr('pass_rate', ui))}</h2>",
        svg.horizontal_bars("chart-pass-rate", tr("pass_rate", ui), pass_rate_bars, maximum=100,
                            unit="%", color=svg.GREEN, empty=empty),
        f"<h2>{escape(tr('weakest', ui))}</h2>",
        svg.horizontal_bars("chart-weakest", tr("weakest", ui), weakest_bars, maximum=100,
                            passing=mark, empty=empty),
    ]  # fmt: skip
    c = {k: tr(f"col_{k}", ui) for k in ("trainee", "cohort", "calls", "attempts", "passed",
         "pass_rate", "mean", "last", "turn", "time", "scenario", "mode", "score", "override",
         "said", "standard")}  # fmt: skip
    yes_no = {True: tr("yes", ui), False: tr("no", ui)}
    trainees = data.trainees()
    if len(trainees) > 1:
        parts += [f"<h2>{escape(tr('trainees', ui))}</h2>", _table(
            [c["trainee"], c["cohort"], c["calls"], c["attempts"], c["pass_rate"], c["mean"],
             c["last"]],
            [[t.trainee, t.cohort, t.calls, t.attempts, 100 * t.pass_rate, t.mean,
              data.local(t.last_attempt) if t.last_attempt else None] for t in trainees],
            "trainees")]  # fmt: skip
    parts += [
        f"<h2>{escape(tr('turns', ui))}</h2>",
        _table([c["turn"], c["attempts"], c["passed"], c["pass_rate"], c["mean"]],
               [[name(t.turn), t.attempts, t.passed, 100 * t.pass_rate, t.mean] for t in turns],
               "turns"),
        f"<h2>{escape(tr('attempt_list', ui))}</h2>",
        _table([c["time"], c["trainee"], c["scenario"], c["turn"], c["mode"], c["score"],
                c["passed"], c["override"], c["said"], c["standard"]],
               [[data.local(r["created_at"]), r["trainee"], name(r["scenario"]), name(r["turn"]),
                 _mode(r, ui), r["score"], yes_no[bool(r["passed"])], _overrides(data, r),
                 r["transcript"], r["expected"]] for r in data.attempts],
               "attempts"),
        "</body></html>",
    ]  # fmt: skip
    return "\n".join(parts)
