"""The progress screen against a real SQLite repository: a trainee's tier, chart, scenario and
rule-quiz turns apart, and weakest turns, and the supervisors' cohort table."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, Label, Select

from tests.tui.supervision_support import (
    EXPECTED,
    PIN,
    SHORT,
    START,
    WRONG,
    ScreenApp,
    add_attempt,
    pilot_test,
    seed,
    settle,
)
from trainer.core.progress import standing
from trainer.storage import Repository
from trainer.tui.screens.pin import PinScreen
from trainer.tui.screens.progress import ProgressScreen
from trainer.tui.widgets.chart import AXIS, EIGHTHS, ScoreChart

SIZE = (120, 40)


def chart_text(chart: ScoreChart) -> str:
    return str(chart.render())


def bar_heights(drawn: str) -> list[float]:
    """Each bar's height in cells (eighths counted), read back from the drawn chart."""
    lines = [line[AXIS:] for line in drawn.splitlines()]
    bottom = lines[-1]
    starts = [
        i for i, c in enumerate(bottom) if c in EIGHTHS[1:] and (i == 0 or bottom[i - 1] == " ")
    ]
    return [
        sum(EIGHTHS.index(line[i]) / 8 for line in lines if i < len(line) and line[i] in EIGHTHS)
        for i in starts
    ]


@pilot_test
async def test_a_trainees_tier_chart_and_weakest_turns(repo: Repository) -> None:
    seed(repo)
    scores = [r["score"] for r in repo.attempt_rows(trainee="Kim Minji")]
    expected = standing(scores)
    assert expected.tier is not None  # the seed gives Kim a tier
    app = ScreenApp(lambda: ProgressScreen(repo, repo.trainee("Kim Minji")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)  # no PIN for a trainee's own progress
        tier = screen.query_one("#tier", Label)
        assert str(tier.content).startswith(f"{expected.tier.capitalize()}: weighted score")
        assert f"{expected.score:.0f} over 5 attempt(s)" in str(tier.content)
        assert tier.has_class(expected.tier)

        chart = screen.query_one("#chart", ScoreChart)
        assert chart.scores == tuple(scores)
        drawn = chart_text(chart)
        assert "█" in drawn and "No scored attempts" not in drawn
        # five bars, as tall as the scores: a wrong reply (0), two short ones, two in full
        heights = bar_heights(drawn)
        assert len(heights) == 5
        assert heights[0] < heights[1] == heights[2] < heights[3] == heights[4]

        weak = screen.query_one("#weakest", DataTable)
        turns = [str(weak.get_row_at(i)[0]) for i in range(weak.row_count)]
        assert turns[0] == "phone.answer"  # the wrong reply drags the answer turn down


def table_rows(table: DataTable[str]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pilot_test
async def test_quiz_and_scenario_turns_are_counted_apart(repo: Repository) -> None:
    seed(repo)  # Kim: five scenario attempts
    for day, reply in enumerate([WRONG, WRONG, EXPECTED]):  # strong on phrases, weak on rules
        when = START + timedelta(days=20 + day)
        add_attempt(repo, "Kim Minji", reply, when=when, scenario="rules", turn="quiz.key_loan")
    rows = repo.attempt_rows(trainee="Kim Minji")
    phrases = [float(r["score"]) for r in rows if not r["turn"].startswith("quiz.")]
    rules = [float(r["score"]) for r in rows if r["turn"].startswith("quiz.")]
    assert len(phrases) == 5 and len(rules) == 3
    for ui, words in (("en", ("Scenario turns", "Rule quiz")), ("zh", ("情景环节", "制度问答"))):
        app = ScreenApp(lambda: ProgressScreen(repo, "Kim Minji"), ui=ui)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            title = app.screen.query_one("#kinds-title", Label)
            kinds = app.screen.query_one("#kinds", DataTable)
            assert title.display and kinds.display
            passed = sum(1 for r in rows if not r["turn"].startswith("quiz.") and r["passed"])
            assert table_rows(kinds) == [
                [words[0], "5", f"{sum(phrases) / 5:.0f}", f"{passed / 5:.0%}"],
                [words[1], "3", f"{sum(rules) / 3:.0f}", "33%"],
            ]


@pilot_test
async def test_without_quiz_attempts_the_kinds_stay_hidden(repo: Repository) -> None:
    seed(repo)
    app = ScreenApp(lambda: ProgressScreen(repo, "Lee Minho"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#kinds", DataTable).display
        assert not app.screen.query_one("#kinds-title", Label).display


@pilot_test
async def test_no_attempts_shows_an_empty_chart_and_no_tier(repo: Repository) -> None:
    trainee = repo.add_trainee("New Hire")
    app = ScreenApp(lambda: ProgressScreen(repo, trainee))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No scored attempts yet" in str(app.screen.query_one("#tier", Label).content)
        assert "█" not in chart_text(app.screen.query_one("#chart", ScoreChart))


@pilot_test
async def test_the_cohort_table_needs_a_pin_filters_and_opens_a_trainee(
    repo: Repository,
) -> None:
    seed(repo)
    add_attempt(repo, "Choi Yuna", SHORT, when=START, cohort="2026-12")
    app = ScreenApp(lambda: ProgressScreen(repo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PinScreen)
        app.screen.query_one("#pin-name").value = "Lee Supervisor"
        app.screen.query_one("#pin-code").value = PIN
        app.screen.query_one("#pin-code").focus()
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one("#cohort", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[0] for r in rows] == ["Lee Minho", "Kim Minji", "Choi Yuna", "Park Jisoo"]
        assert [r[2] for r in rows] == ["3", "5", "1", "2"]
        assert rows[3][5] == "-"  # two wrong replies: no tier
        picker = app.screen.query_one("#f-cohort", Select)
        picker.value = "2026-12"  # only Choi's cohort
        await settle(pilot)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["Choi Yuna"]
        picker.clear()
        await settle(pilot)
        assert table.row_count == 4
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert app.screen.trainee_name == "Kim Minji"


@pilot_test
async def test_the_cohort_dashboard_moves_a_trainee_and_can_drop_the_ranking(
    repo: Repository,
) -> None:
    seed(repo)
    repo.add_trainee("Choi Yuna", cohort="2026-11")  # no attempts yet: listed all the same
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    app = ScreenApp(lambda: ProgressScreen(repo, None, supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#cohort", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names[-1] == "Choi Yuna" and len(names) == 4  # strongest first, no score last
        table.move_cursor(row=names.index("Park Jisoo"))
        await pilot.press("k")
        await settle(pilot)
        app.screen.query_one("#name-value").value = "2026-12"
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert repo.trainee("Park Jisoo").cohort == "2026-12"
        row = table.get_row(table.coordinate_to_cell_key((names.index("Park Jisoo"), 0)).row_key)
        assert str(row[1]) == "2026-12"
    app = ScreenApp(lambda: ProgressScreen(repo, None, supervisor=sup))
    app.leaderboard = "off"  # type: ignore[attr-defined]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#cohort", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names == sorted(names)
        status = str(app.screen.query_one("#progress-status", Label).content)
        assert "leaderboard is off" in status
