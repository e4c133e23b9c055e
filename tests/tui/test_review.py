"""The review screen against a real SQLite repository: the PIN gate, an override with its
audit entry, and a trainee's dispute reaching the supervisor's disputed filter."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from tests.tui.supervision_support import (
    PIN,
    PlayerSpy,
    ScreenApp,
    pilot_test,
    seed,
    settle,
)
from trainer.errors import StorageError
from trainer.storage import Repository
from trainer.storage.schema import reviews
from trainer.tui.screens.attempt import AttemptScreen, OverrideScreen
from trainer.tui.screens.pin import PinScreen
from trainer.tui.screens.review import ReviewScreen

SIZE = (140, 40)


def rows_of(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def sign_in(pilot: Pilot[Any], pin: str) -> None:
    assert isinstance(pilot.app.screen, PinScreen)
    pilot.app.screen.query_one("#pin-name", Input).value = "Lee Supervisor"
    pilot.app.screen.query_one("#pin-code", Input).value = pin
    pilot.app.screen.query_one("#pin-code", Input).focus()
    await pilot.press("enter")
    await settle(pilot)


@pilot_test
async def test_a_wrong_pin_is_refused_and_the_right_one_opens_the_list(repo: Repository) -> None:
    seed(repo)
    app = ScreenApp(lambda: ReviewScreen(repo, PlayerSpy()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await sign_in(pilot, "0000")
        assert isinstance(app.screen, PinScreen)
        assert "Wrong supervisor name or PIN." in str(app.screen.query_one("#pin-error").content)
        assert app.screen.query_one("#pin-code", Input).value == ""
        assert [e["action"] for e in repo.audit_entries(5)][0] == "pin.rejected"

        await sign_in(pilot, PIN)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.supervisor is not None
        assert app.screen.supervisor.name == "Lee Supervisor"
        assert app.screen.query_one("#attempts", DataTable).row_count == 10


@pilot_test
async def test_cancelling_the_pin_closes_the_review(repo: Repository) -> None:
    seed(repo)
    app = ScreenApp(lambda: ReviewScreen(repo, PlayerSpy()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReviewScreen | PinScreen)


@pilot_test
async def test_filters_narrow_the_list(repo: Repository) -> None:
    seed(repo)
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    app = ScreenApp(lambda: ReviewScreen(repo, PlayerSpy(), supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#attempts", DataTable)
        screen.query_one("#f-trainee", Select).value = "Kim Minji"
        await settle(pilot)
        assert {r[1] for r in rows_of(table)} == {"Kim Minji"} and table.row_count == 5
        screen.query_one("#f-scenario", Select).value = "pardon"
        await settle(pilot)
        assert [r[3] for r in rows_of(table)] == ["pardon", "pardon"]
        screen.query_one("#f-scenario", Select).clear()
        screen.query_one("#f-outcome", Select).value = "failed"
        await settle(pilot)
        assert {r[7] for r in rows_of(table)} == {"fail"} and table.row_count == 3
        screen.query_one("#f-since", Input).value = "2026-11-05"
        await settle(pilot)
        # Kim's attempts on the 2nd (wrong) and 4th (short) are before the 5th
        assert [r[0][:10] for r in rows_of(table)] == ["2026-11-06"]
        screen.query_one("#f-until", Input).value = "2026-11-0"
        await settle(pilot)
        assert screen.query_one("#f-until", Input).has_class("-invalid")


@pilot_test
async def test_an_override_is_stored_with_its_audit_and_shown_in_the_list(
    repo: Repository,
) -> None:
    ids = seed(repo)
    target = ids["Park Jisoo/0"]
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    player = PlayerSpy()
    app = ScreenApp(lambda: ReviewScreen(repo, player, supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#attempts", DataTable)
        row = table.get_row_index(str(target))
        before = rows_of(table)[row]
        assert before[1] == "Park Jisoo" and before[7] == "fail"
        table.move_cursor(row=row)
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        await pilot.press("p")
        await settle(pilot)
        assert [p.suffix for p in player.played] == [".flac"] and player.played[0].is_file()

        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OverrideScreen)
        app.screen.query_one("#override-score", Input).value = "85"
        app.screen.query_one("#override-comment", Input).value = "识别错误，录音里说全了。"
        app.screen.query_one("#override-comment", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AttemptScreen)
        assert "Score 85 (passed)" in str(app.screen.query_one("#attempt-score").content)
        assert "Lee Supervisor: 85" in str(app.screen.query_one("#attempt-reviews").content)

        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one("#attempts", DataTable)
        after = rows_of(table)[table.get_row_index(str(target))]
        assert after[6].startswith("85 (was ") and after[7] == "pass"

    stored = repo.db.read(lambda c: c.execute(select(reviews)).all())
    assert [(r.attempt_id, r.score, r.passed, r.comment) for r in stored] == [
        (target, 85.0, True, "识别错误，录音里说全了。")
    ]
    entry = repo.audit_entries(1)[0]
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "supervisor:Lee Supervisor", "score.override", f"attempt:{target}"
    )  # fmt: skip
    [row_after] = [r for r in repo.attempt_rows() if r["attempt_id"] == target]
    assert entry["detail"] == {
        "old": row_after["scored"], "new": 85.0, "comment": "识别错误，录音里说全了。", "pass_mark": 80.0
    }  # fmt: skip
    assert row_after["score"] == 85.0 and row_after["overridden"]


@pilot_test
async def test_a_database_error_is_shown_and_the_screen_keeps_running(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(repo)
    sup = repo.verify_supervisor("Lee Supervisor", PIN)

    def locked(**_: Any) -> list[dict[str, Any]]:
        raise StorageError("the database stayed busy for 120 s; close other trainers")

    monkeypatch.setattr(repo, "attempt_rows", locked)
    app = ScreenApp(lambda: ReviewScreen(repo, PlayerSpy(), supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#review-status").content)
        assert status.startswith("Failed: the database stayed busy")
        assert any("stayed busy" in n.message for n in app._notifications)
        monkeypatch.undo()  # the database is free again: refreshing shows the list
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.screen.query_one("#attempts", DataTable).row_count == 10


@pilot_test
async def test_an_override_in_the_app_is_judged_by_the_packs_own_pass_mark(
    repo: Repository,
) -> None:
    import dataclasses

    from trainer.packs import load_pack

    ids = seed(repo)
    target = ids["Park Jisoo/0"]  # a practice attempt: no exam pass mark applies
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    lenient = dataclasses.replace(load_pack("property-zh"), pass_mark=60)
    app = ScreenApp(lambda: AttemptScreen(repo, target, player=PlayerSpy(), supervisor=sup))
    app.packs = [lenient]  # type: ignore[attr-defined]  # as the trainer app holds its packs
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        app.screen.query_one("#override-score", Input).value = "65"
        app.screen.query_one("#override-comment", Input).value = "这个包的及格分是 60。"
        app.screen.query_one("#override-comment", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert "Score 65 (passed)" in str(app.screen.query_one("#attempt-score").content)
    stored = repo.db.read(lambda c: c.execute(select(reviews)).all())
    assert [(r.score, r.passed) for r in stored] == [(65.0, True)]  # 65 < 80 but >= 60
    assert repo.audit_entries(1)[0]["detail"]["pass_mark"] == 60.0
