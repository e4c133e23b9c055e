"""``PinScreen``: a supervisor's name and PIN, checked against the stored argon2 hash.

Dismisses with the verified ``Supervisor`` (which authorises overrides and exam setup on the
same repository), or None when cancelled. A wrong name or PIN keeps the modal open with the
same message for both, and the repository logs the rejection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label

from trainer.errors import TrainerError
from trainer.supervision import AccessDenied, Supervision, Supervisor, SupervisorLocked
from trainer.tui.screens.base import TrainerModal

CSS_FILE = Path(__file__).resolve().parent.parent / "supervisor.tcss"


class PinScreen(TrainerModal[Supervisor | None]):
    CSS_PATH = CSS_FILE
    BINDINGS = [Binding("escape", "cancel", "cancel")]

    class PinChecked(Message):
        def __init__(self, supervisor: Supervisor | None, error: str = "") -> None:
            super().__init__()
            self.supervisor = supervisor
            self.error = error

    def __init__(self, repository: Any, *, name: str = "") -> None:
        super().__init__()
        self.service = Supervision.of(repository)
        self.supervisor_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="pin-box"):
            yield Label(self.tr("pin_title"), id="pin-title")
            yield Input(self.supervisor_name, placeholder=self.tr("pin_name"), id="pin-name")
            yield Input(
                placeholder=self.tr("pin_code"), password=True, id="pin-code", restrict=r"[0-9]*"
            )
            yield Label("", id="pin-error")
            yield Input(
                placeholder=self.tr("pin_new_code"), password=True, id="pin-new", restrict=r"[0-9]*"
            )
            yield Input(
                placeholder=self.tr("pin_new_again"),
                password=True,
                id="pin-again",
                restrict=r"[0-9]*",
            )
            yield Button(self.tr("pin_ok"), variant="primary", id="pin-ok")
            yield Label(self.tr("pin_new"), id="pin-hint")

    def on_mount(self) -> None:
        for name in ("#pin-new", "#pin-again"):
            self.query_one(name).display = False
        self.query_one("#pin-code" if self.supervisor_name else "#pin-name", Input).focus()

    @on(Input.Submitted, "#pin-name")
    def _next(self) -> None:
        self.query_one("#pin-code", Input).focus()

    @on(Input.Submitted, "#pin-code")
    @on(Button.Pressed, "#pin-ok")
    def _submit(self) -> None:
        name = self.query_one("#pin-name", Input).value
        pin = self.query_one("#pin-code", Input).value
        if not name.strip() or not pin:
            self.query_one("#pin-error", Label).update(self.tr("pin_empty"))
            return
        self.query_one("#pin-error", Label).update(self.tr("pin_checking"))
        self._verify(name, pin)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pin")
    def _verify(self, name: str, pin: str) -> None:
        try:
            supervisor = self.service.sign_in(name, pin)
        except SupervisorLocked as exc:
            self.post_message(self.PinChecked(None, self.tr("pin_locked", minutes=exc.minutes)))
            return
        except AccessDenied:
            self.post_message(self.PinChecked(None, self.tr("pin_wrong")))
            return
        except TrainerError as exc:  # the database, not the PIN: say what happened
            self.post_message(self.PinChecked(None, str(exc)))
            return
        self.post_message(self.PinChecked(supervisor))

    def on_pin_screen_pin_checked(self, message: PinChecked) -> None:
        if message.supervisor is not None and getattr(message.supervisor, "pin_too_short", False):
            self._ask_new_pin(message.supervisor)  # an older, shorter PIN: replace it first
            return
        if message.supervisor is not None:
            self.dismiss(message.supervisor)
            return
        self.query_one("#pin-error", Label).update(Text(message.error))
        code = self.query_one("#pin-code", Input)
        code.value = ""
        code.focus()

    # -- an older, shorter PIN is replaced at sign-in ----------------------------------------

    class PinChanged(Message):
        def __init__(self, supervisor: Supervisor | None, error: str = "") -> None:
            super().__init__()
            self.supervisor, self.error = supervisor, error

    def _ask_new_pin(self, supervisor: Supervisor) -> None:
        self._pending = supervisor
        self.query_one("#pin-title", Label).update(self.tr("pin_change_title"))
        self.query_one("#pin-hint", Label).update(self.tr("pin_change_why"))
        self.query_one("#pin-error", Label).update("")
        for name in ("#pin-name", "#pin-code", "#pin-ok"):
            self.query_one(name).display = False
        for name in ("#pin-new", "#pin-again"):
            self.query_one(name).display = True
        self.query_one("#pin-new", Input).focus()

    @on(Input.Submitted, "#pin-new")
    def _again(self) -> None:
        self.query_one("#pin-again", Input).focus()

    @on(Input.Submitted, "#pin-again")
    def _new_pin(self) -> None:
        new = self.query_one("#pin-new", Input).value
        if new != self.query_one("#pin-again", Input).value:
            self.query_one("#pin-error", Label).update(self.tr("pin_mismatch"))
            return
        self._change(self._pending, new)

    @work(thread=True, exclusive=True, exit_on_error=False, group="pin")
    def _change(self, supervisor: Supervisor, new: str) -> None:
        try:
            changed = self.service.change_pin(supervisor, new)
        except TrainerError as exc:  # too short, or the database
            self.post_message(self.PinChanged(None, str(exc)))
            return
        self.post_message(self.PinChanged(changed))

    def on_pin_screen_pin_changed(self, message: PinChanged) -> None:
        if message.supervisor is None:
            self.query_one("#pin-error", Label).update(message.error)
            return
        self.notify(self.tr("pin_changed"))
        self.dismiss(message.supervisor)

    def action_cancel(self) -> None:
        self.dismiss(None)
