"""The score chart drawn with eighth blocks: bar heights, crowding, tier marks."""

from __future__ import annotations

from trainer.tui.widgets.chart import AXIS, EIGHTHS, bar_layout, columns, render_chart


def test_a_bar_is_filled_to_its_score_in_eighths() -> None:
    assert columns(100, 2) == ["█", "█"]
    assert columns(50, 2) == [" ", "█"]
    assert columns(25, 2) == [" ", "▄"]
    assert columns(0, 2) == [" ", "▁"]  # a zero still shows on the baseline


def test_when_scores_do_not_fit_the_latest_are_shown() -> None:
    assert bar_layout(5, 40) == (5, 3, 1)
    assert bar_layout(30, 40) == (30, 1, 0)
    assert bar_layout(100, 40) == (40, 1, 0)
    scores = [0.0] * 90 + [100.0] * 10
    drawn = render_chart(scores, 40 + AXIS + 8, 4).plain.splitlines()
    top = drawn[0][AXIS : AXIS + 40]
    assert top == " " * 30 + "█" * 10  # the last ten (full) scores end the chart


def test_tier_marks_are_named_in_the_interface_language() -> None:
    names = {"gold": "金牌", "silver": "银牌", "bronze": "铜牌"}
    drawn = render_chart([95.0, 80.0], 40, 10, names).plain
    assert all(name in drawn for name in names.values()) and "gold" not in drawn
    assert set(drawn) & set(EIGHTHS[1:])
