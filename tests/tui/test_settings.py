"""The app's settings in config.toml: the interface language and how replies are given."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui import fakes
from tests.tui.helpers import pilot_test, ready, screen_text
from trainer.errors import TrainerError
from trainer.tui.app import TrainerApp
from trainer.tui.services import app_settings


def test_settings_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert app_settings(path) == {}
    path.write_text('[app]\nui = "en"\nreply_by = "typed"\n', encoding="utf-8")
    assert app_settings(path) == {"ui": "en", "reply_by": "typed"}
    path.write_text('[app]\nui = "fr"\n', encoding="utf-8")
    with pytest.raises(TrainerError, match="ui = 'fr' is not a setting"):
        app_settings(path)
    path.write_text("[app\n", encoding="utf-8")
    with pytest.raises(TrainerError, match="fix the file"):
        app_settings(path)


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
