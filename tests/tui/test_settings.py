"""The app's settings in config.toml: read and checked, and written back when the trainee
changes the interface language, the reply mode, the pack or the trainee."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui import fakes
from tests.tui.helpers import add_trainee, pilot_test, ready, screen_text
from trainer import config
from trainer.config import Settings
from trainer.errors import TrainerError
from trainer.tui.app import TrainerApp


def test_settings_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert config.load(path) == Settings(pack="property-zh")
    path.write_text('[app]\nui = "en"\nreply_by = "typed"\npack = "callcentre-ko"\n', "utf-8")
    assert config.load(path) == Settings(ui="en", reply_by="typed", pack="callcentre-ko")
    path.write_text('[app]\nui = "fr"\n', encoding="utf-8")
    with pytest.raises(TrainerError, match="ui = 'fr' is not a setting"):
        config.load(path)
    path.write_text('[app]\ncolour = "red"\n', encoding="utf-8")
    with pytest.raises(TrainerError, match="colour = 'red' is not a setting"):
        config.load(path)
    path.write_text("[app\n", encoding="utf-8")
    with pytest.raises(TrainerError, match="fix the file"):
        config.load(path)


def test_settings_written_are_read_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    settings = Settings(ui="zh", reply_by="voice", pack="callcentre-ko", trainee='王 "芳"')
    config.save(settings, path)
    assert config.load(path) == settings
    config.save(Settings(), path)
    assert 'pack = "property-zh"' in path.read_text("utf-8")
    assert "ui" not in path.read_text("utf-8")


@pilot_test
async def test_interface_language_follows_the_pack_unless_set() -> None:
    app = TrainerApp(fakes.services(microphone=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.ui == "zh" and "学员" in screen_text(app)  # a Chinese pack
        await pilot.press("l")
        await pilot.pause()
        assert app.ui == "en" and "Trainee" in screen_text(app)
    english = TrainerApp(fakes.services(microphone=False), ui="en")
    async with english.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "Trainee" in screen_text(english)


@pilot_test
async def test_what_the_trainee_changes_is_remembered_for_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    app = TrainerApp(
        fakes.services(microphone=False),
        settings=config.load(path),
        remember=lambda s: config.save(s, path),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await add_trainee(pilot, "王芳")
        await pilot.press("l")  # Chinese pack: the interface switches to English
        await pilot.press("t")  # typed replies (no microphone): ask for voice
        await pilot.pause()
    saved = config.load(path)
    assert saved == Settings(ui="en", reply_by="voice", pack="property-zh", trainee="王芳")

    again = TrainerApp(fakes.services(microphone=False), settings=saved)
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.pause()
        assert again.ui == "en" and again.trainee == "王芳"
        assert "Trainee" in screen_text(again)


@pilot_test
async def test_a_leaderboard_turned_off_in_the_settings_lists_the_cohort_by_name(
    tmp_path: Path,
) -> None:
    from textual.widgets import DataTable

    from tests.tui.supervision_support import open_repo, seed
    from trainer.tui.screens.progress import ProgressScreen

    path = tmp_path / "config.toml"
    path.write_text('[app]\nleaderboard = "off"\n', encoding="utf-8")
    app = TrainerApp(fakes.services(), settings=config.load(path), ui="en")
    assert app.leaderboard == "off"
    repo = open_repo()
    seed(repo)
    boss = repo.verify_supervisor("Lee Supervisor", "482613")
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        app.push_screen(ProgressScreen(repo, None, supervisor=boss))
        await pilot.pause(0.5)
        table = app.screen.query_one("#cohort", DataTable)
        for _ in range(40):
            if table.row_count:
                break
            await pilot.pause(0.1)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names == sorted(names) and len(names) == 3, names
        assert "leaderboard is off" in screen_text(app)
    repo.close()
