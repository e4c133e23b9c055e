"""The PIN screen: five wrong PINs lock the supervisor (said in the interface language), and an
older, shorter PIN is replaced at sign-in before any supervisor screen opens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.widgets import Input, Label

from tests.tui.supervision_support import open_repo, pilot_test, settle
from trainer.supervision import Supervision
from trainer.tui.screens.pin import PinScreen

PIN = "482613"


class PinApp(App[None]):
    """Opens the PIN screen and keeps what it answers."""

    def __init__(self, service: Any, ui: str = "en") -> None:
        super().__init__()
        self.service, self.ui = service, ui
        self.answers: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(PinScreen(self.service), self.answers.append)


async def try_pin(pilot: Any, pin: str) -> str:
    screen = pilot.app.screen
    screen.query_one("#pin-name", Input).value = "Lee Supervisor"
    screen.query_one("#pin-code", Input).value = pin
    screen.query_one("#pin-code", Input).focus()
    await pilot.press("enter")
    await settle(pilot)
    return str(screen.query_one("#pin-error", Label).content)


@pilot_test
async def test_wrong_pins_lock_the_supervisor_and_say_so_in_chinese() -> None:
    repo = open_repo()
    repo.add_supervisor("Lee Supervisor", PIN)
    app = PinApp(repo, ui="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(4):
            assert await try_pin(pilot, "000000") == "主管姓名或 PIN 码错误。"
        assert "已被锁定 15 分钟" in await try_pin(pilot, "000000")
        assert "已被锁定" in await try_pin(pilot, PIN)  # the right PIN waits for the lock
        assert app.answers == []  # not signed in
    assert repo.audit_entries(1)[0]["action"] == "pin.locked"
    repo.close()


@dataclass(frozen=True)
class OldSupervisor:
    id: int
    name: str
    pin_too_short: bool = True


class ShortPinService(Supervision):
    """Signs in a supervisor whose stored PIN is shorter than new PINs must be."""

    changed: list[str] = []

    def sign_in(self, name: str, pin: str) -> Any:
        return OldSupervisor(1, name)

    def change_pin(self, supervisor: Any, new_pin: str) -> Any:
        if len(new_pin) < 6:
            from trainer.errors import StorageError

            raise StorageError("a supervisor PIN needs at least 6 digits")
        self.changed.append(new_pin)
        return OldSupervisor(supervisor.id, supervisor.name, pin_too_short=False)


@pilot_test
async def test_a_short_pin_is_changed_at_sign_in() -> None:
    repo = open_repo()
    service = ShortPinService(repo)
    app = PinApp(service)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await try_pin(pilot, "4826")
        assert app.screen.query_one("#pin-new").display  # signed in only once it is changed
        assert "Choose a new PIN" in str(app.screen.query_one("#pin-title", Label).content)
        for new, again in (("1234", "1234"), ("135790", "135791")):
            app.screen.query_one("#pin-new", Input).value = new
            app.screen.query_one("#pin-again", Input).value = again
            app.screen.query_one("#pin-again", Input).focus()
            await pilot.press("enter")
            await settle(pilot)
        assert str(app.screen.query_one("#pin-error", Label).content) == "The two PINs differ."
        app.screen.query_one("#pin-again", Input).value = "135790"
        app.screen.query_one("#pin-again", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert service.changed == ["135790"]
        assert [s.pin_too_short for s in app.answers] == [False]
    repo.close()
