"""What the supervisor screens share: the PIN gate, their stylesheet, and one place that
shows a failed background job to the user."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Label
from textual.worker import Worker, WorkerState

from trainer.supervision import Supervision, Supervisor
from trainer.tui.screens.base import TrainerScreen
from trainer.tui.screens.pin import PinScreen

CSS_FILE = Path(__file__).resolve().parent.parent / "supervisor.tcss"

MAX_COLUMN = 40


def fill_table(
    table: DataTable[Any], columns: Sequence[str], rows: Sequence[tuple[str, Sequence[str]]]
) -> None:
    """Replace the table's rows (key, cells), sizing each column to its widest cell (CJK
    counted double) and keeping the cursor's position. Widths are set before the rows are
    drawn, so no cell is ever cut to the width of its heading."""
    keep = table.cursor_row
    widths = [cell_len(label) for label in columns]
    for _, cells in rows:
        widths = [max(w, min(MAX_COLUMN, cell_len(c))) for w, c in zip(widths, cells, strict=True)]
    table.clear(columns=True)
    for label, width in zip(columns, widths, strict=True):
        table.add_column(label, width=width)
    for key, cells in rows:
        table.add_row(*(Text(c) for c in cells), key=key)  # shown as text, never markup
    if rows:
        table.move_cursor(row=min(max(keep, 0), len(rows) - 1))


class SupervisedScreen(TrainerScreen):
    """A screen over the repository. With ``NEEDS_SUPERVISOR`` it asks for a PIN on mount
    unless it was given a verified supervisor, and closes when the PIN screen is cancelled."""

    CSS_PATH = CSS_FILE
    BINDINGS = [Binding("escape", "close", "back")]
    NEEDS_SUPERVISOR = True
    STATUS = ""  # the selector of the label that reports on the screen's work

    def __init__(self, repository: Any, *, supervisor: Supervisor | None = None) -> None:
        super().__init__()
        self.service = Supervision.of(repository)  # a Supervision, or a repository to wrap
        self.supervisor = supervisor

    def needs_supervisor(self) -> bool:
        return self.NEEDS_SUPERVISOR

    def on_mount(self) -> None:
        self.service.know_packs(getattr(self.app, "packs", ()))  # pass marks for overrides
        sign_in = getattr(self.app, "sign_in", None)  # the app's one sign-in per session
        if self.supervisor is None and sign_in is not None and self.needs_supervisor():
            self.supervisor = sign_in.current()
        if self.needs_supervisor() and self.supervisor is None:
            self.app.push_screen(PinScreen(self.service), self._signed_in)
        else:
            self.reload()

    def _signed_in(self, supervisor: Supervisor | None) -> None:
        if supervisor is None:
            self.dismiss()
            return
        self.supervisor = supervisor
        sign_in = getattr(self.app, "sign_in", None)
        if sign_in is not None:
            sign_in.set(supervisor)
        self.notify(self.tr("signed_in", name=supervisor.name), timeout=2, markup=False)
        self.reload()

    def on_key(self) -> None:
        """A key pressed on a supervisor screen keeps the sign-in alive."""
        sign_in = getattr(self.app, "sign_in", None)
        if sign_in is not None and self.supervisor is not None:
            sign_in.touch()

    def reload(self) -> None:
        """Read what the screen shows (in a worker)."""

    def action_close(self) -> None:
        self.dismiss()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed worker goes to the app's one handler when it has one (``worker_changed``),
        else it is notified here; either way the screen says so and keeps running."""
        if event.state is not WorkerState.ERROR or event.worker.node is not self:
            return
        event.stop()
        handler: Any = getattr(self.app, "worker_changed", None)
        if handler is not None:
            handler(event)  # calls work_failed when this is the current screen
            if self.app.screen is not self:
                self.work_failed(event.worker.group, event.worker.error)
            return
        error = event.worker.error
        self.notify(
            str(error) or type(error).__name__,
            title=self.tr("failed"),
            severity="error",
            markup=False,
        )
        self.work_failed(event.worker.group, error)

    def work_failed(self, group: str, error: BaseException | None) -> None:
        """Show what went wrong where the screen reports on its work."""
        if self.STATUS and self.is_mounted:
            text = str(error) or type(error).__name__
            self.query_one(self.STATUS, Label).update(Text(f"{self.tr('failed')}: {text}"))
