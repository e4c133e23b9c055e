"""The README tells the truth: every command in its table runs with --help, and the keys it
names for home and for a call are the app's keys (and the app's are all in the README)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from trainer.cli import cli
from trainer.tui.screens.call import CallScreen
from trainer.tui.screens.home import HomeScreen

README = (ROOT / "README.md").read_text(encoding="utf-8")
WORD = re.compile(r"[a-z][a-z-]*(?:\\\|[a-z][a-z-]*)*")  # a command word, or a\|b choices


def _table_commands() -> list[tuple[str, ...]]:
    section = README.split("## The command line", 1)[1].split("\n## ", 1)[0]
    out: list[tuple[str, ...]] = []
    for row in (line for line in section.splitlines() if line.startswith("| `")):
        group: list[str] = []
        for segment in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            words = segment.split()
            if words[0] == "trainer":
                words, group = words[1:], []
            elif group and words[0] != group[0]:
                words = [group[0], *words]
            path: list[list[str]] = [[]]
            for word in words:
                if not WORD.fullmatch(word):
                    break
                path = [[*p, choice] for p in path for choice in word.split("\\|")]
            out += [tuple(p) for p in path]
            group = path[0] or group
    return sorted(set(out))


COMMANDS = _table_commands()


def test_the_table_is_read() -> None:
    assert ("supervisor", "reset-pin") in COMMANDS and ("pack", "show") in COMMANDS
    assert ("db", "status") in COMMANDS and ("model", "path") in COMMANDS and () in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "trainer")
def test_every_command_in_the_readme_runs_with_help(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output


def _keys(text: str) -> set[str]:
    names = {"esc": "escape", "space": "space"}
    found = re.findall(r"`([^`]+)`", text)
    keys = {
        names.get(k.lower(), k.lower()) for k in found if re.fullmatch(r"[a-z]|F\d|Esc|space", k)
    }
    return keys


def _app_keys(screen: type) -> set[str]:
    return {k.strip() for keys, _, _ in screen.KEYS for k in keys.split(",")}


def test_the_keys_in_the_readme_are_the_apps() -> None:
    app = README.split("## The app", 1)[1].split("\n## ", 1)[0]
    home, call = app.split("In a call:", 1)
    call = call.split("\n\n", 1)[0]  # the call keys are one paragraph
    assert _keys(home) == _app_keys(HomeScreen)
    assert _keys(call) == _app_keys(CallScreen)
