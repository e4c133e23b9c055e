"""The real app in a real terminal: `uv run trainer` in tmux with a temporary home, a call
answered by typing the standard replies, and the pass read off the captured screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.tui.helpers import STANDARD

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, home: Path):
        self.name = f"trainer-test-{uuid.uuid4().hex[:8]}"
        self.tmux = ["tmux", "-L", self.name]  # a server of its own, closed at the end
        # COLUMNS/LINES from pytest's environment would override the pane's size
        env = f"-u COLUMNS -u LINES TRAINER_HOME={home} LANG=C.UTF-8 LC_ALL=C.UTF-8"
        command = f"cd {ROOT} && env {env} uv run trainer"
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", "140", "-y", "45", command],
            check=True,
        )

    def screen(self) -> str:
        done = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return done.stdout

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def press_until(self, key: str, text: str, timeout: float = 60.0) -> str:
        """Press ``key`` until ``text`` is on screen, each time waiting for the screen to
        change (or a moment) before looking again."""
        deadline = time.monotonic() + timeout
        shown = self.screen()
        while text not in shown:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen was:\n{shown}")
            self.keys(key)
            before, changed_by = shown, time.monotonic() + 2.0
            while shown == before and time.monotonic() < changed_by:
                time.sleep(0.05)
                shown = self.screen()
        return shown

    def keys(self, *keys: str, literal: bool = False) -> None:
        flags = ["-l"] if literal else []
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *flags, *keys], check=True)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def test_a_call_answered_by_typing_passes_in_a_real_terminal(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert not os.environ.get("TRAINER_DB")
    term = Tmux(home)
    try:
        term.wait_for("property-zh")
        term.keys("BTab")  # from the scenarios to the packs
        term.press_until(
            "Down", "来电找人，此人在"
        )  # the Chinese pack (the default), Chinese labels
        term.wait_for("trainer model install zh")  # no model in a fresh home: how to get one
        term.keys("Tab")
        term.keys("p")
        term.wait_for("电话响了")
        term.keys("Space")
        for reply in STANDARD["transfer"]:
            term.wait_for("请输入回答")
            term.keys(reply, literal=True)
            term.keys("Enter")
            shown = term.wait_for("得分")
            assert "通过" in shown and "未通过" not in shown, shown
            term.keys("n")
        shown = term.wait_for("总分")
        assert "通过" in shown and "未通过" not in shown, shown
        assert "总分 100.0" in shown
    finally:
        term.close()
    assert (home / "trainer.sqlite3").is_file()  # the call was saved in the temporary home
