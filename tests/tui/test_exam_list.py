"""The exam list and the room view against a real SQLite repository: duplicate, close and
release an exam, its completion per trainee, and the room as attempts land."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Input

from tests.exam_support import set_up, sit
from tests.tui.helpers import until
from tests.tui.supervision_support import ScreenApp, open_repo, pilot_test, settle
from trainer.supervision import Supervision
from trainer.tui.screens.confirm import ConfirmScreen
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
        await until(pilot, lambda: [r[0] for r in cells(app, "#exams")] == ["十一月考核", "补考"])
        await pilot.press("c")  # the first row: closed
        await until(pilot, lambda: cells(app, "#exams")[0][5] == "closed")
        await pilot.press("r")  # asks first: Esc keeps the results hidden
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "cannot be undone" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ExamListScreen))
        assert cells(app, "#exams")[0][5] == "closed" and not repo.exam("十一月考核").released
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await until(pilot, lambda: cells(app, "#exams")[0][5] == "closed, released")
        await pilot.press("r")  # released already: said so, nothing asked
        await until(pilot, lambda: any("already released" in n.message
                                       for n in app._notifications))  # fmt: skip
        assert isinstance(app.screen, ExamListScreen)
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


@pilot_test
async def test_an_exam_opened_from_the_list_is_edited_in_place() -> None:
    from trainer.packs import load_pack
    from trainer.tui.screens.exam_setup import ExamSetupScreen

    repo = open_repo()
    service = Supervision(repo)
    boss, exam = set_up(service)
    pack = load_pack("property-zh")
    app = ScreenApp(lambda: ExamListScreen(service, pack, supervisor=boss))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the highlighted exam opens in the form, filled in
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ExamSetupScreen) and form.editing is not None
        assert form.query_one("#exam-name", Input).value == "十一月考核"
        assert "Edit exam: 十一月考核" in str(form.query_one("#exam-form-title").content)
        form.query_one("#exam-due", Input).value = "2027-01-15"
        form.query_one("#exam-limit", Input).value = "3"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "Saved" in str(form.query_one("#exam-status").content))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ExamListScreen))
        await until(pilot, lambda: cells(app, "#exams")[0][2:4] == ["2027-01-15", "3"])
    [stored] = repo.list_exams()
    assert (stored.id, stored.attempt_limit) == (exam.id, 3)  # the same exam, not a second one
    assert f"{stored.due_at.astimezone():%Y-%m-%d}" == "2027-01-15"
    assert "exam.edit" in [e["action"] for e in repo.audit_entries(5)]
    repo.close()


@pilot_test
async def test_keys_on_an_empty_exam_list_say_how_to_make_one() -> None:
    repo = open_repo()
    service = Supervision(repo)
    repo.add_supervisor("Lee Supervisor", "482613")
    boss = service.sign_in("Lee Supervisor", "482613")
    app = ScreenApp(lambda: ExamListScreen(service, supervisor=boss))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("d", "c", "r", "o", "enter"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, ExamListScreen)
        said = [n.message for n in app._notifications]
        assert said.count("No exam yet: press n to create one.") == 4  # d c r o (enter: no row)
    repo.close()
