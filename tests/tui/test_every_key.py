"""Every screen, every key its footer shows, in both interface languages: no exception, and
nothing on screen (text, footer, notifications) from the other language.

The tour starts at home and, one step at a time, presses a key the current screen's footer
shows that has not been pressed there yet; when none is left it does what a person would (a
PIN dialog gets a supervisor's name and PIN, a call gets the standard reply typed in, then the
next turn), else leaves the screen. It ends when home has nothing left to press."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from tests.tui import fakes
from tests.tui.helpers import add_trainee, pilot_test, ready, screen_text
from trainer.core.session import Phase
from trainer.storage import open_repository
from trainer.tui.app import TrainerApp

SUPERVISOR, PIN = "Lee", "482613"
TRAINEE = {"zh": "王芳", "en": "Mina"}
COMMENT = {"zh": "说得完整", "en": "Said in full"}
# Latin words a Chinese screen may show: commands, ids, key names, units, the language switch
LATIN_ALLOWED = {
    "zip", "yaml", "fake", "model", "property", "zh", "ko", "en", "utc", "yyyy", "mm", "dd",
    "english", "pin", "usb", "headset", "callcentre", "lee", "mina",
}  # fmt: skip
COMMAND = re.compile(r"trainer(?: (?:[a-z][a-z-]*|--[a-z-]+|[A-Z]+))+|--[a-z-]+")  # as typed
HAN_ALLOWED = {"中文"}  # the key that switches an English screen to Chinese
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
HAN = re.compile(r"[\u4e00-\u9fff]+")
STEPS = 300
SCREENS = {
    "HomeScreen", "AddTraineeScreen", "CallScreen", "ResultsScreen", "MyResultsScreen",
    "DisputeScreen", "PinScreen", "ReviewScreen", "AttemptScreen", "OverrideScreen",
    "ProgressScreen", "ExamSetupScreen",
}  # fmt: skip
SKIP_KEYS = {"q"}  # quitting ends the tour
# leave a screen once before using it: a dialog before filling it in (the PIN is asked once a
# session), a call before picking up
LEAVE_FIRST = {"OverrideScreen", "DisputeScreen", "PinScreen", "AddTraineeScreen", "CallScreen"}
# a PIN cancelled leads nowhere yet: what opened it is opened again (then signed in)


def pack_of(pack_id: str) -> tuple[list[Any], dict[str, Any]]:
    from trainer.packs import load_pack_file, pack_folders

    folder = pack_folders()[pack_id]
    return [load_pack_file(folder)], {pack_id: folder}


def foreign(text: str, ui: str) -> list[str]:
    if ui == "zh":
        text = COMMAND.sub(" ", text)
        return [w for w in LATIN_WORD.findall(text) if w.lower() not in LATIN_ALLOWED]
    return [w for w in HAN.findall(text) if w not in HAN_ALLOWED]


def footer(app: Any) -> dict[str, str]:
    """Key -> label of every key the footer shows now."""
    return {
        key: one.binding.description
        for key, one in app.screen.active_bindings.items()
        if one.binding.show and one.enabled
    }


class Tour:
    def __init__(self, app: Any, pilot: Pilot, ui: str) -> None:
        self.app, self.pilot, self.ui = app, pilot, ui
        self.shown: dict[str, set[str]] = {}
        self.pressed: dict[str, set[str]] = {}
        self.notes: list[str] = []
        self.home: Any = None
        self.helped: set[str] = set()  # screens where the tour did a person's part once
        self.rounds = 0
        self.origin = ""  # the home key that led to the current screen
        self.reach: dict[str, set[str]] = {}  # home key -> screens reached through it
        self.trail: list[str] = []  # what was done, for the failure message
        self.revisit: set[str] = set()  # home keys to press again (a cancelled sign-in)

    def check(self, where: str) -> None:
        texts = [screen_text(self.app), *footer(self.app).values(), *self.notes]
        self.notes.clear()
        bad = foreign("\n".join(texts), self.ui)
        assert not bad, f"{self.ui} interface, {where}: {bad}"

    async def settle(self) -> None:
        await self.pilot.pause(0.05)
        await self.pilot.wait_for_scheduled_animations()

    async def help_along(self) -> bool:
        """What a person does on a screen beyond its footer keys; False when nothing."""
        screen = self.app.screen
        name = type(screen).__name__
        if name == "PinScreen":
            screen.query_one("#pin-name", Input).value = SUPERVISOR
            screen.query_one("#pin-code", Input).value = PIN
        elif name == "AddTraineeScreen":
            screen.query_one("#add-name", Input).value = TRAINEE[self.ui]
            screen.query_one("#add-cohort", Input).focus()  # Enter there adds the trainee
            await self.settle()
        elif name == "ReviewScreen" and name not in self.helped:
            table = screen.query_one("#attempts", DataTable)
            if not table.row_count:
                return False
            table.focus()  # Enter opens the highlighted attempt
        elif name == "AttemptScreen" and "OverrideScreen" not in self.helped:
            await self.pilot.press("o")  # this time override the score
            await self.settle()
            return True
        elif name == "OverrideScreen":
            screen.query_one("#override-score", Input).value = "90"
            screen.query_one("#override-comment", Input).value = COMMENT[self.ui]
            screen.query_one("#override-comment", Input).focus()
        elif name == "CallScreen" and screen.call.phase is Phase.TRAINEE:
            box = screen.query_one("#reply", Input)
            if not screen.typing:  # listening (no microphone here): type instead
                await self.pilot.press("f6")
                await self.settle()
                return True
            if box.disabled:
                return False
            box.value = screen.call.turn.model_answer
        elif name == "CallScreen" and screen.call.phase in (Phase.REVIEW, Phase.RINGING):
            await self.pilot.press("f5" if screen.call.phase is Phase.REVIEW else "space")
            await self.settle()
            return True
        else:
            return False
        await self.pilot.press("enter")
        await self.settle()
        return True

    async def step(self) -> bool:
        """One thing done on the current screen; False when home has nothing left to press."""
        screen = self.app.screen
        name = type(screen).__name__
        phase = getattr(getattr(screen, "call", None), "phase", "")
        self.trail.append(f"{name}{':' if phase else ''}{phase}")
        self.check(name)
        keys = footer(self.app)
        self.shown.setdefault(name, set()).update(keys)
        done = self.pressed.setdefault(name, set())
        todo = [k for k in keys if k not in done and k not in SKIP_KEYS and k != "escape"]
        if screen is not self.home and self.origin:
            self.reach.setdefault(self.origin, set()).add(name)
        leave_first = name in LEAVE_FIRST and "escape" in keys
        seen_all = set(self.shown) >= SCREENS
        if "escape" not in done and (
            leave_first or (not todo and seen_all and name in self.helped)
        ):
            todo = ["escape"]  # leave it this time (the dialog first, else once it was done)
        if not todo:
            if await self.help_along():
                self.helped.add(name)
                return True
            if name == "CallScreen" and screen.call.phase is not Phase.ENDED:
                await self.pilot.pause(0.2)  # the caller is speaking
                return True
            if screen is self.home:
                if not self.missing() and set(self.shown) >= SCREENS:
                    return False
                unseen = SCREENS - set(self.shown)
                unfinished = set(self.missing()) | unseen
                again = [k for k, seen in self.reach.items() if seen & unseen]
                again = again or [k for k, seen in self.reach.items() if seen & unfinished]
                again = again or sorted(self.revisit)
                self.revisit.difference_update(again[:1])
                if not again and unseen and self.rounds < 3 * len(self.reach):
                    again = sorted(self.reach)  # a screen may show more now (rows to open)
                if not again:
                    return False
                todo = [again[self.rounds % len(again)]]  # open what is behind it again
                self.rounds += 1
            else:
                todo = ["escape"] if "escape" in keys else []
        if not todo:
            self.app.back_home()
            await self.settle()
            return True
        key = todo[0]
        if screen is self.home:
            self.origin = key
        self.trail[-1] += f" {key}"
        await self.pilot.press(key)
        done.add(key)
        if name == "PinScreen" and key == "escape" and self.origin:
            self.revisit.add(self.origin)
        await self.settle()
        if key == "l":  # the other language (with this pack's words): switch back
            assert self.app.ui != self.ui
            await self.pilot.press("l")
            await self.settle()
            assert self.app.ui == self.ui
        self.check(f"{name} after {key}")
        return True

    def missing(self) -> dict[str, set[str]]:
        return {
            name: left
            for name, keys in self.shown.items()
            if (left := keys - self.pressed.get(name, set()) - SKIP_KEYS)
        }


@pytest.mark.parametrize("ui", ["zh", "en"])
@pilot_test
async def test_every_key_on_every_screen_in_one_language(ui: str) -> None:
    with open_repository() as repo:
        repo.add_supervisor(SUPERVISOR, PIN)
    services = fakes.services(microphone=False, player=fakes.FakePlayer())
    if ui == "en":  # the Chinese pack's own words would be Chinese: tour a Korean pack
        services.load_packs = lambda: pack_of("callcentre-ko")
    app = TrainerApp(services, ui=ui)
    tour: Tour | None = None

    def noted(message: str, *args: Any, **kwargs: Any) -> None:
        if tour is not None:
            tour.notes.append(f"{kwargs.get('title') or ''} {message}")
        original(message, *args, **kwargs)

    original, app.notify = app.notify, noted  # type: ignore[method-assign]
    async with app.run_test(size=(160, 50)) as pilot:
        await add_trainee(pilot, TRAINEE[ui])
        await ready(pilot)
        tour = Tour(app, pilot, ui)
        tour.home = app.screen
        for _ in range(STEPS):
            if not await tour.step():
                break
        assert app.is_running, "a key ended the app"
    assert app.return_code in (0, None)
    assert not tour.missing(), f"never pressed: {tour.missing()} after {tour.trail[-12:]}"
    assert set(tour.shown) >= SCREENS, SCREENS - set(tour.shown)


def test_the_language_check_sees_the_other_language() -> None:
    assert foreign("学员: Trainee", "zh") == ["Trainee"]
    assert foreign("Trainee: 王芳 中文", "en") == ["王芳"]
    assert foreign("请运行 trainer model install zh（或 --from 文件.zip）", "zh") == []
    assert foreign("Ctrl", "zh") == ["Ctrl"]
