"""Driving the trainer app in tests: wait for the background loads, answer a call."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from trainer.core.session import Phase

STANDARD = {
    "transfer": ["您好！宇和物业管理客户服务中心，请讲。", "请稍候，我去叫他。"],
}


async def until(pilot: Pilot, check: Any, timeout: float = 10.0) -> None:
    waited = 0.0
    while not check():
        if waited >= timeout:
            raise AssertionError(f"timed out waiting for {getattr(check, '__name__', check)}")
        await pilot.pause(0.05)
        waited += 0.05


async def ready(pilot: Pilot) -> None:
    """Until packs, database and speech model have reported (ready or not)."""
    app: Any = pilot.app
    await until(
        pilot,
        lambda: (
            app.pack is not None
            and app.status.db != "loading"
            and app.status.model != "loading"
            and app.status.mic != "checking"
        ),
    )
    await pilot.pause()


async def add_trainee(pilot: Pilot, name: str, cohort: str = "") -> None:
    app: Any = pilot.app
    await ready(pilot)
    await pilot.press("a")
    await until(pilot, lambda: app.screen.query("#add-name"))
    app.screen.query_one("#add-name", Input).value = name
    cohort_box = app.screen.query_one("#add-cohort", Input)
    cohort_box.value = cohort
    cohort_box.focus()  # Enter in the name moves here; Enter here adds the trainee
    await until(pilot, lambda: app.focused is cohort_box)
    await pilot.press("enter")
    # the trainee is written by the app's database worker, which may still be opening a fresh
    # database (migrations) on a busy machine
    await until(pilot, lambda: app.trainee == name, timeout=60)
    await pilot.pause()


async def type_reply(pilot: Pilot, text: str) -> None:
    """Type a reply (set as the Input's value: Pilot cannot press full-width punctuation)."""
    app: Any = pilot.app
    await until(pilot, lambda: app.screen.call.phase is Phase.TRAINEE)
    box = app.screen.query_one("#reply", Input)
    await until(pilot, lambda: not box.disabled)
    box.value = text
    await pilot.press("enter")
    await pilot.pause()


def screen_text(app: Any) -> str:
    """Everything the current screen shows, as plain text."""
    from textual.widgets import DataTable, Static

    parts = []
    for widget in app.screen.query(Static):
        parts.append(str(widget.render()))
    for table in app.screen.query(DataTable):
        for row in range(table.row_count):
            parts.append(" ".join(str(c) for c in table.get_row_at(row)))
    return "\n".join(parts)


def pilot_test(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test in its own event loop (no async pytest plugin needed)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run
