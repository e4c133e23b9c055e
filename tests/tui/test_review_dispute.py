"""A trainee acknowledges one result and disputes another; the dispute reaches the
supervisor's disputed filter, and a review (keeping or changing the score) resolves it."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Input

from tests.tui.supervision_support import (
    PIN,
    PlayerSpy,
    ScreenApp,
    pilot_test,
    seed,
    settle,
)
from trainer.storage import Repository
from trainer.storage.supervision import ReviewFilter, review_rows
from trainer.tui.screens.attempt import AttemptScreen, OverrideScreen
from trainer.tui.screens.my_results import DisputeScreen
from trainer.tui.screens.review import MyResultsScreen, ReviewScreen

SIZE = (140, 40)
REASON = "我说的是标准用语，系统没听清。"


def statuses(table: DataTable[Any]) -> dict[str, str]:
    return {str(k.value): str(table.get_row(k)[-1]) for k in table.rows}


@pilot_test
async def test_trainee_disputes_and_supervisor_resolves(repo: Repository) -> None:
    ids = seed(repo)
    kim = repo.trainee("Kim Minji")
    disputed, acknowledged = ids["Kim Minji/0"], ids["Kim Minji/4"]

    app = ScreenApp(lambda: MyResultsScreen(repo, kim))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#my-results", DataTable)
        assert table.row_count == 5  # only Kim's own attempts
        table.focus()
        table.move_cursor(row=table.get_row_index(str(acknowledged)))
        await pilot.press("a")
        await settle(pilot)
        table.move_cursor(row=table.get_row_index(str(disputed)))
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DisputeScreen)
        await pilot.press("enter")  # no reason: refused
        await settle(pilot)
        assert isinstance(app.screen, DisputeScreen)
        assert "reason" in str(app.screen.query_one("#dispute-error").content)
        app.screen.query_one("#dispute-reason", Input).value = REASON
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MyResultsScreen)
        table = app.screen.query_one("#my-results", DataTable)
        assert statuses(table)[str(disputed)] == "disputed"
        assert statuses(table)[str(acknowledged)] == "acknowledged"

    kinds = {r["attempt_id"]: (r["kind"], r["reason"]) for r in _responses(repo, kim.id)}
    assert kinds == {acknowledged: ("acknowledge", ""), disputed: ("dispute", REASON)}

    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    app = ScreenApp(lambda: ReviewScreen(repo, PlayerSpy(), supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#attempts", DataTable)
        assert table.row_count == 10
        table.focus()
        await pilot.press("d")  # the disputed filter
        await settle(pilot)
        assert list(statuses(table)) == [str(disputed)]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        assert REASON in str(app.screen.query_one("#attempt-dispute").content)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OverrideScreen)
        assert REASON in str(app.screen.query_one("#override-dispute").content)
        assert "Keep the score" in str(app.screen.query_one("#override-hint").content)
        kept = app.screen.query_one("#override-score", Input).value
        app.screen.query_one("#override-comment", Input).value = "Listened: the greeting is cut."
        app.screen.query_one("#override-comment", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Dispute resolved" in str(app.screen.query_one("#attempt-dispute").content)
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one("#attempts", DataTable)
        assert table.row_count == 0  # nothing left under "disputed"
        await pilot.press("d")  # filter off again
        await settle(pilot)
        assert statuses(table)[str(disputed)] == "resolved"

    [review] = repo.reviews(disputed)
    assert (review.supervisor, f"{review.score:.0f}") == ("Lee Supervisor", kept)
    assert review_rows(repo, ReviewFilter(outcome="disputed")) == []

    # back on the trainee's side: the dispute shows as resolved, with the supervisor's comment
    app = ScreenApp(lambda: MyResultsScreen(repo, "Kim Minji"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#my-results", DataTable)
        assert statuses(table)[str(disputed)] == "resolved"
        table.move_cursor(row=table.get_row_index(str(disputed)))
        await settle(pilot)
        detail = str(app.screen.query_one("#my-result-detail").content)
        assert "Lee Supervisor" in detail and "Listened: the greeting is cut." in detail
        assert "Not the standard phrase" in detail  # the scorer's reason for the wrong reply


def _responses(repo: Repository, trainee_id: int) -> list[dict[str, Any]]:
    calls = {r["call_id"] for r in repo.call_rows()}
    return [r for c in sorted(calls) for r in repo.responses(c) if r["trainee_id"] == trainee_id]
