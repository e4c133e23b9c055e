"""Snapshots of the review list and an opened attempt (reviewed SVGs in __snapshots__)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.tui.supervision_support import PIN, PlayerSpy, ScreenApp, seed
from trainer.storage import Repository
from trainer.tui.screens.review import ReviewScreen

SIZE = (150, 30)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()  # the tables size their columns on the next refresh


def review_app(repo: Repository, ui: str = "en") -> tuple[ScreenApp, dict[str, int]]:
    ids = seed(repo)
    kim = repo.trainee("Kim Minji")
    call_id = next(
        r["call_id"] for r in repo.attempt_rows() if r["attempt_id"] == ids["Kim Minji/0"]
    )
    repo.dispute(kim.id, call_id, "我说的是标准用语。", attempt_id=ids["Kim Minji/0"])
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    repo.override(ids["Lee Minho/2"], sup, score=90, comment="Recording is complete.")
    return ScreenApp(lambda: ReviewScreen(repo, PlayerSpy(), supervisor=sup), ui), ids


def test_review_list_snapshot(snap_compare: Any, repo: Repository) -> None:
    app, _ = review_app(repo)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_attempt_snapshot(snap_compare: Any, repo: Repository) -> None:
    app, ids = review_app(repo)

    async def open_disputed(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        table = pilot.app.screen.query_one("#attempts", DataTable)
        table.move_cursor(row=table.get_row_index(str(ids["Kim Minji/0"])))
        table.focus()
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=open_disputed)


def test_review_list_in_chinese_snapshot(snap_compare: Any, repo: Repository) -> None:
    app, _ = review_app(repo, ui="zh")
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
