"""``RoomScreen``: the training room live, for a supervisor: each trainee seen today, the call
they are in (or were last), and how many turns they have passed so far; refreshed every few
seconds, so attempts made at any seat of the shared database show as they land."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Label

from trainer.supervision import RoomSeat
from trainer.tui.names import Names
from trainer.tui.screens.supervised import SupervisedScreen, fill_table

COLUMNS = ("col_trainee", "col_scenario", "col_mode", "col_in_call", "col_turns", "col_when")
REFRESH_S = 2.0


class RoomScreen(SupervisedScreen):
    AUTO_FOCUS = "#room"
    STATUS = "#room-status"
    BINDINGS = [Binding("ctrl+r", "reload", "refresh"), Binding("escape", "close", "back")]

    class SeatsLoaded(Message):
        def __init__(self, seats: list[RoomSeat]) -> None:
            super().__init__()
            self.seats = seats

    def __init__(self, repository: Any, **kwargs: Any) -> None:
        super().__init__(repository, **kwargs)
        self.seats: list[RoomSeat] = []
        self._timer: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(self.tr("room_title"), classes="screen-title")
        table: DataTable[str] = DataTable(id="room", cursor_type="row", zebra_stripes=True)
        table.add_columns(*(self.tr(c) for c in COLUMNS))
        yield table
        yield Label(self.tr("loading"), id="room-status")
        yield Footer()

    def reload(self) -> None:
        if self._timer is None:
            self._timer = self.set_interval(REFRESH_S, self.reload)
        self._load()

    def action_reload(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="room-load")
    def _load(self) -> None:
        today = datetime.combine(datetime.now().date(), time()).astimezone()
        self.post_message(self.SeatsLoaded(self.service.room(since=today)))

    def on_room_screen_seats_loaded(self, message: SeatsLoaded) -> None:
        self.seats, tr, names = message.seats, self.tr, Names.of(self.app)
        rows = [(s.trainee, [
            s.trainee, names.scenario(s.scenario, s.pack), tr(s.mode), tr("yes") if s.in_call else "",
            f"{s.passed}/{s.turns}", f"{s.started_at.astimezone():%H:%M}",
        ]) for s in self.seats]  # fmt: skip
        fill_table(self.query_one("#room", DataTable), [tr(c) for c in COLUMNS], rows)
        busy = sum(s.in_call for s in self.seats)
        self.query_one("#room-status", Label).update(
            tr("room_status", n=len(self.seats), busy=busy, s=f"{REFRESH_S:g}")
        )
