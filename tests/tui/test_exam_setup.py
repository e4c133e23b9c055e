"""Exam setup against a real SQLite repository and the real property-zh pack."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Label, SelectionList

from tests.tui.supervision_support import PIN, ScreenApp, open_repo, pilot_test, settle
from trainer.packs import load_pack
from trainer.storage import Repository
from trainer.tui.screens.exam_setup import ExamSetupScreen
from trainer.tui.screens.pin import PinScreen

SIZE = (120, 40)


@pytest.fixture
def repo() -> Repository:
    repository = open_repo()
    repository.add_trainee("Kim Minji", cohort="2026-11")
    repository.add_trainee("Lee Minho", cohort="2026-11")
    repository.add_trainee("Park Jisoo", cohort="2026-12")
    repository.add_supervisor("Lee Supervisor", PIN)
    yield repository
    repository.close()


def status(app: Any) -> str:
    return str(app.screen.query_one("#exam-status", Label).content)


@pilot_test
async def test_exam_setup_stores_an_exam(repo: Repository) -> None:
    pack = load_pack("property-zh")
    app = ScreenApp(lambda: ExamSetupScreen(repo, pack))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PinScreen)
        app.screen.query_one("#pin-name", Input).value = "Lee Supervisor"
        app.screen.query_one("#pin-code", Input).value = PIN
        app.screen.query_one("#pin-code", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExamSetupScreen)

        await pilot.press("ctrl+s")  # nothing filled in: refused, nothing stored
        await settle(pilot)
        assert status(app) == "Name the exam."

        screen.query_one("#exam-name", Input).value = "十一月接听考核"
        screen.query_one("#exam-mark", Input).value = "85"
        scenarios = screen.query_one("#exam-scenarios", SelectionList)
        scenarios.select("pardon")
        scenarios.select("transfer")
        trainees = screen.query_one("#exam-trainees", SelectionList)
        assert trainees.option_count == 3
        trainees.select("Kim Minji")
        trainees.select("Park Jisoo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(app).startswith("Saved exam “十一月接听考核”: 2 scenario(s), pass mark 85")
        assert str(screen.query_one("#exam-save").label) == "Save changes"  # it edits now

        # the form now edits the saved exam: a second save changes it, it makes no copy
        screen.query_one("#exam-due", Input).value = "2026-12-15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(app).startswith("Saved exam “十一月接听考核”")

    exam = repo.exam("十一月接听考核")
    assert exam.scenarios == ("transfer", "pardon")  # in the pack's order
    assert exam.pass_mark == 85.0 and exam.pack_id == "property-zh"
    assert exam.trainees == ("Kim Minji", "Park Jisoo")
    assert [e.name for e in repo.exams_for(repo.trainee("Park Jisoo").id)] == ["十一月接听考核"]
    assert repo.exams_for(repo.trainee("Lee Minho").id) == []
    assert exam.attempt_limit == 1 and exam.due_at is not None
    assert exam.due_at.astimezone().date().isoformat() == "2026-12-15"
    assert [e["action"] for e in repo.audit_entries(2)] == ["exam.edit", "exam.create"]


@pilot_test
async def test_a_taken_name_is_refused_in_the_interface_language(repo: Repository) -> None:
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    pack = load_pack("property-zh")
    repo.save_exam("期末考核", pack=pack, scenarios=["pardon"], pass_mark=80, supervisor=sup)
    app = ScreenApp(lambda: ExamSetupScreen(repo, pack, supervisor=sup), ui="zh")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#exam-name", Input).value = "期末考核"
        app.screen.query_one("#exam-scenarios", SelectionList).select("transfer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(app) == "已有名为“期末考核”的考试。"
    assert repo.exam("期末考核").scenarios == ("pardon",)  # the first one is untouched


@pilot_test
async def test_the_form_says_in_words_who_is_assigned(repo: Repository) -> None:
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    app = ScreenApp(lambda: ExamSetupScreen(repo, load_pack("property-zh"), supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen

        def assigned() -> str:
            return str(screen.query_one("#exam-assigned", Label).content)

        assert assigned() == "Assigned: nobody yet"
        screen.query_one("#exam-trainees", SelectionList).select("Lee Minho")
        screen.query_one("#exam-cohorts", SelectionList).select("2026-12")
        await settle(pilot)
        assert assigned() == "Assigned: Lee Minho, [2026-12]"
        await pilot.press("ctrl+s")  # no name, no scenario: refused, nothing stored
        await settle(pilot)
        assert repo.list_exams() == []


@pilot_test
async def test_a_pass_mark_out_of_range_is_refused(repo: Repository) -> None:
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    app = ScreenApp(lambda: ExamSetupScreen(repo, load_pack("property-zh"), supervisor=sup))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#exam-name", Input).value = "Too hard"
        app.screen.query_one("#exam-mark", Input).value = "120"
        app.screen.query_one("#exam-scenarios", SelectionList).select("pardon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "0 to 100" in status(app)
    with pytest.raises(Exception, match="no exam"):
        repo.exam("Too hard")


class HomeApp(ScreenApp):
    """An app whose home screen has chosen a pack (``app.pack``), as the trainer app does."""

    def __init__(self, make: Any, pack: Any) -> None:
        super().__init__(make)
        self.pack = pack


@pilot_test
async def test_without_a_pack_it_uses_the_apps_pack(repo: Repository) -> None:
    sup = repo.verify_supervisor("Lee Supervisor", PIN)
    pack = load_pack("property-zh")
    app = HomeApp(lambda: ExamSetupScreen(repo, supervisor=sup), pack)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        offered = app.screen.query_one("#exam-scenarios", SelectionList)
        assert offered.option_count == len(pack.scenarios)
        assert offered.get_option_at_index(0).value == pack.scenarios[0].id
