"""The exam list and the room view against a real SQLite repository: duplicate, close and
release an exam, its completion per trainee, and the room as attempts land."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Input

from tests.exam_support import set_up, sit
from tests.tui.supervision_support import ScreenApp, open_repo, pilot_test, settle
from trainer.supervision import Supervision
from trainer.tui.screens.exam_list import CompletionScreen, ExamListScreen, NameScreen
from trainer.tui.screens.room import RoomScreen

SIZE = (140, 40)


def cells(app: Any, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


@pilot_test
async def test_exams_are_duplicated_closed_released_and_their_completion_shown() -> None:
    repo = open_repo()
    service = Supervision(repo)
    boss, exam = set_up(service, due_in_days=-1)
    sit(service, "Kim Minji", exam)
    app = ScreenApp(lambda: ExamListScreen(service, supervisor=boss))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cells(app, "#exams")[0][3:] == ["2", "[2026-11]", "open"]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, NameScreen)
        app.screen.query_one(Input).value = "补考"
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert [r[0] for r in cells(app, "#exams")] == ["十一月考核", "补考"]
        await pilot.press("c")  # the first row: closed
        await settle(pilot)
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await settle(pilot)
        assert cells(app, "#exams")[0][5] == "closed, released"
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, CompletionScreen)
        rows = {r[0]: r for r in cells(app, "#completion")}
        assert rows["Kim Minji"][3:] == ["yes", "100", "pass", ""]
        assert rows["Lee Minho"][3:] == ["no", "-", "-", "yes"]  # due yesterday: overdue
    assert repo.exam("十一月考核").released and repo.exam("十一月考核").closed
    assert not repo.exam("补考").released
    repo.close()


@pilot_test
async def test_the_room_view_follows_the_calls_as_they_land() -> None:
    repo = open_repo()
    service = Supervision(repo)
    boss, exam = set_up(service)
    sit(service, "Kim Minji", exam, end=False)  # still in the last call
    app = ScreenApp(lambda: RoomScreen(service, supervisor=boss))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (kim,) = cells(app, "#room")
        assert kim[:5] == ["Kim Minji", "not-at-desk", "exam", "yes", "1/1"]
        sit(service, "Lee Minho", exam)  # another seat's calls land
        await pilot.pause(2.5)  # the view refreshes by itself
        await settle(pilot)
        names = [r[0] for r in cells(app, "#room")]
        assert names == ["Kim Minji", "Lee Minho"]
        assert cells(app, "#room")[1][3] == ""  # Lee's last call has ended
    repo.close()
