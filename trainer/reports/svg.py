"""Charts as inline SVG: no JavaScript, no stylesheet or font to fetch, nothing on the network."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

BLUE, GREEN, RED, GREY, INK = "#2563eb", "#16a34a", "#dc2626", "#d1d5db", "#111827"


def _frame(chart_id: str, title: str, width: int, height: int, body: list[str]) -> str:
    return (
        f'<svg id="{chart_id}" class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="inherit" font-size="12"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


EMPTY = "No attempts in this period"


def _empty(chart_id: str, title: str, width: int, height: int, empty: str = EMPTY) -> str:
    return _frame(chart_id, title, width, height, [
        f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="{INK}">'
        f"{escape(empty)}</text>"
    ])  # fmt: skip


PALETTE = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#0891b2", "#ca8a04", "#db2777", "#4b5563")


def score_over_time(
    series: dict[str, Sequence[tuple[datetime, float]]],
    *,
    pass_mark: float | None = None,
    width: int = 720,
    height: int = 280,
    title: str = "Score over time",
    empty: str = EMPTY,
    mark_label: str = "pass mark {mark}",
    zone: str = "UTC",
) -> str:
    """Scores against time (``zone``'s local times), one line per series (a trainee, or a
    cohort's daily mean)."""
    chart_id = "chart-score-over-time"
    every = sorted(w for pts in series.values() for w, _ in pts)
    if not every:
        return _empty(chart_id, title, width, height, empty)
    legend_h = 18 if len(series) > 1 else 0
    left, right, top, bottom = 44, 16, 16 + legend_h, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    t0, t1 = every[0].timestamp(), every[-1].timestamp()
    span = (t1 - t0) or 1.0

    def x(when: datetime) -> float:
        return left + (plot_w * (when.timestamp() - t0) / span if t1 > t0 else plot_w / 2)

    def y(score: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, score)) / 100)

    body = []
    for tick in (0, 25, 50, 75, 100):
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" '
                    f'y2="{y(tick):.1f}" stroke="{GREY}" stroke-width="1"/>'
                    f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
                    f'fill="{INK}">{tick}</text>')  # fmt: skip
    if pass_mark is not None:
        body.append(f'<line class="pass-mark" x1="{left}" x2="{width - right}" '
                    f'y1="{y(pass_mark):.1f}" y2="{y(pass_mark):.1f}" stroke="{RED}" '
                    'stroke-dasharray="6 4" stroke-width="1.5"/>'
                    f'<text x="{width - right}" y="{y(pass_mark) - 4:.1f}" text-anchor="end" '
                    f'fill="{RED}">{escape(mark_label.format(mark=f"{pass_mark:g}"))}</text>')  # fmt: skip
    for n, (label, pts) in enumerate(series.items()):
        color = PALETTE[n % len(PALETTE)]
        pts = sorted(pts)
        path = " ".join(f"{x(w):.1f},{y(s):.1f}" for w, s in pts)
        body.append(f'<polyline class="series" points="{path}" fill="none" stroke="{color}" '
                    'stroke-width="2.5"/>')  # fmt: skip
        for when, score in pts:
            body.append(f'<circle class="point" cx="{x(when):.1f}" cy="{y(score):.1f}" r="4.5" '
                        f'fill="{color}"><title>{escape(label)} {when:%Y-%m-%d %H:%M} {zone}: '
                        f'{score:.1f}</title></circle>')  # fmt: skip
        if legend_h:
            lx = left + n * 130
            body.append(f'<rect x="{lx}" y="4" width="12" height="12" fill="{color}"/>'
                        f'<text x="{lx + 16}" y="14" fill="{INK}">{escape(label[:16])}</text>')  # fmt: skip
    for when, anchor in date_ticks(every[0], every[-1]):
        body.append(f'<text class="date" x="{x(when):.1f}" y="{height - 12}" '
                    f'text-anchor="{anchor}" fill="{INK}">{when:%Y-%m-%d}</text>')  # fmt: skip
    return _frame(chart_id, title, width, height, body)


def date_ticks(first: datetime, last: datetime) -> list[tuple[datetime, str]]:
    """Where to write dates under the time axis: one date once (centred) when every point is
    on one day; else the first and last day, and the middle when they are days apart."""
    if first.date() == last.date():
        return [(first + (last - first) / 2, "middle")]
    ticks = [(first, "start"), (last, "end")]
    middle = first + (last - first) / 2
    if (last - first).days >= 2 and middle.date() not in (first.date(), last.date()):
        ticks.insert(1, (middle, "middle"))
    return ticks


def horizontal_bars(
    chart_id: str,
    title: str,
    bars: Sequence[tuple[str, float, str]],
    *,
    maximum: float,
    unit: str = "",
    width: int = 720,
    color: str = BLUE,
    passing: float | None = None,
    empty: str = EMPTY,
) -> str:
    """One bar per (label, value, tooltip), longest possible bar = ``maximum``; with
    ``passing``, a bar reaching it is green and one below it red."""
    row, label_w, right = 26, 220, 60
    height = max(60, 16 + row * len(bars))
    if not bars:
        return _empty(chart_id, title, width, height, empty)
    plot_w = width - label_w - right
    body = []
    for i, (label, value, tip) in enumerate(bars):
        top = 8 + i * row
        length = plot_w * max(0.0, min(value, maximum)) / maximum if maximum else 0
        short = label if len(label) <= 32 else label[:31] + "…"
        fill = color if passing is None else (GREEN if value >= passing else RED)
        body.append(
            f'<text x="{label_w - 8}" y="{top + 15}" text-anchor="end" fill="{INK}">'
            f"{escape(short)}</text>"
            f'<rect class="bar" x="{label_w}" y="{top + 2}" width="{max(length, 1.5):.1f}" '
            f'height="{row - 8}" fill="{fill}"><title>{escape(tip)}</title></rect>'
            f'<text x="{label_w + length + 6:.1f}" y="{top + 15}" fill="{INK}">'
            f"{value:.0f}{unit}</text>"
        )
    return _frame(chart_id, title, width, height, body)
