"""Snapshots of a trainee's progress and the cohort table (reviewed SVGs in __snapshots__)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tests.tui.supervision_support import PIN, ScreenApp, seed
from trainer.storage import Repository
from trainer.tui.screens.progress import ProgressScreen

SIZE = (110, 34)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()  # the tables size their columns on the next refresh


def test_trainee_progress_snapshot(snap_compare: Any, repo: Repository) -> None:
    seed(repo)
    app = ScreenApp(lambda: ProgressScreen(repo, "Kim Minji"))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_cohort_progress_snapshot(snap_compare: Any, repo: Repository) -> None:
    seed(repo)
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    app = ScreenApp(lambda: ProgressScreen(repo, supervisor=sup))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)
