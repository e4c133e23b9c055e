"""``ScoreChart``: scores (0-100, oldest first) as vertical bars of Unicode eighth blocks.

No plotting dependency: each bar is a column of ``█`` with a partial block on top, coloured
by the tier its score reaches, under a 0-100 axis with the tier marks drawn across.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from trainer.core.progress import TIERS, tier_for

EIGHTHS = " ▁▂▃▄▅▆▇█"
AXIS = 4  # "100┤"
MARGIN = 8  # "┄ silver" after the bars
TIER_STYLES = {"gold": "#ffd700", "silver": "#c0c0c0", "bronze": "#cd7f32"}
BELOW_STYLE = "#e05050"


def columns(value: float, height: int) -> list[str]:
    """One bar, top cell first: ``height`` cells filled to ``value`` percent in eighths."""
    # at least one eighth, so a zero still shows as an attempt on the baseline
    fill = max(1, round(max(0.0, min(100.0, value)) / 100 * height * 8))
    cells = []
    for row in range(height):
        from_bottom = height - 1 - row
        cells.append(EIGHTHS[max(0, min(8, fill - from_bottom * 8))])
    return cells


def bar_layout(n: int, width: int) -> tuple[int, int, int]:
    """(bars shown, bar width, gap) for ``n`` scores in ``width`` cells: the latest scores
    win when they do not all fit."""
    if n <= 0 or width <= 0:
        return 0, 0, 0
    for bar, gap in ((3, 1), (2, 1), (1, 1), (1, 0)):
        if n * (bar + gap) <= width:
            return n, bar, gap
    return width, 1, 0


def render_chart(
    scores: Sequence[float], width: int, height: int, names: Mapping[str, str] | None = None
) -> Text:
    """The chart as styled text, ``height`` lines of ``width`` cells; ``names`` gives the
    tier marks' labels (the tier ids when not given)."""
    plot = max(0, width - AXIS - MARGIN)
    shown, bar, gap = bar_layout(len(scores), plot)
    values = list(scores)[-shown:] if shown else []
    bars = [columns(v, height) for v in values]
    marks = {_row_of(mark, height): (names or {}).get(name, name) for name, mark in TIERS}
    out = Text(no_wrap=True, overflow="crop")
    for row in range(height):
        label = "100" if row == 0 else ("0" if row == height - 1 else "")
        out.append(f"{label:>3}┤" if label else "   │", style="dim")
        used = 0
        for value, cells in zip(values, bars, strict=True):
            style = TIER_STYLES.get(tier_for(value) or "", BELOW_STYLE)
            out.append(cells[row] * bar, style=style)
            used += bar
            if gap:
                out.append(" " * gap)
                used += gap
        if row in marks:
            out.append("┄" * (plot - used + 1) + f" {marks[row]}", style="dim")
        if row < height - 1:
            out.append("\n")
    return out


def _row_of(mark: float, height: int) -> int:
    """The row (top = 0) whose cell holds the ``mark`` percent line."""
    return max(0, min(height - 1, height - 1 - int(mark / 100 * height)))


class ScoreChart(Widget):
    """Scores over time; ``scores`` oldest first. Shows a line of text when there are none."""

    DEFAULT_CSS = """
    ScoreChart {
        height: 12;
        width: 1fr;
    }
    """

    scores: reactive[tuple[float, ...]] = reactive(tuple, layout=False)

    def __init__(
        self,
        scores: Sequence[float] = (),
        *,
        empty: str = "No scored attempts yet.",
        names: Mapping[str, str] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.empty = empty
        self.names = dict(names or {})
        self.set_reactive(ScoreChart.scores, tuple(scores))

    def render(self) -> Text:
        if not self.scores:
            return Text(self.empty, style="dim italic")
        return render_chart(self.scores, self.size.width, max(3, self.size.height), self.names)
