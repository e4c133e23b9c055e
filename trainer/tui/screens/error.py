"""A problem the user has to act on: what happened and what to do; the app keeps running."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static

from trainer.tui.screens.base import TrainerModal


class ErrorScreen(TrainerModal):
    BINDINGS = [("escape,enter", "dismiss", "ok")]

    def __init__(self, title: str, message: str, what_to_do: str, ok: str = "OK") -> None:
        super().__init__()
        self.title_text, self.message, self.what, self.ok = title, message, what_to_do, ok

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static(self.title_text, id="error-title")
            yield Static(self.message, id="error-message", markup=False)
            yield Static(self.what, id="error-what", markup=False)
            yield Button(self.ok, id="error-ok", variant="primary")

    def on_button_pressed(self) -> None:
        self.dismiss()
