"""What the supervisor screens share: the PIN gate, their stylesheet, and one place that
shows a failed background job to the user."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from trainer.storage.records import Supervisor
from trainer.tui.screens.pin import PinScreen

CSS_FILE = Path(__file__).resolve().parent.parent / "supervisor.tcss"


class SupervisedScreen(Screen[None]):
    """A screen over the repository. With ``NEEDS_SUPERVISOR`` it asks for a PIN on mount
    unless it was given a verified supervisor, and closes when the PIN screen is cancelled."""

    CSS_PATH = CSS_FILE
    BINDINGS = [Binding("escape", "close", "Back")]
    NEEDS_SUPERVISOR = True

    def __init__(self, repository: Any, *, supervisor: Supervisor | None = None) -> None:
        super().__init__()
        self.repository = repository
        self.supervisor = supervisor

    def needs_supervisor(self) -> bool:
        return self.NEEDS_SUPERVISOR

    def on_mount(self) -> None:
        if self.needs_supervisor() and self.supervisor is None:
            self.app.push_screen(PinScreen(self.repository), self._signed_in)
        else:
            self.reload()

    def _signed_in(self, supervisor: Supervisor | None) -> None:
        if supervisor is None:
            self.dismiss()
            return
        self.supervisor = supervisor
        self.notify(f"Signed in as {supervisor.name}", timeout=2)
        self.reload()

    def reload(self) -> None:
        """Read what the screen shows (in a worker)."""

    def action_close(self) -> None:
        self.dismiss()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.node is self:
            event.stop()
            error = event.worker.error
            self.notify(str(error) or type(error).__name__, title="Failed", severity="error")
