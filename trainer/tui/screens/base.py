"""What every trainer screen shares: labels in the interface language, footer keys in that
language, and worker errors routed to the app's one handler."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding, BindingsMap
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from trainer.tui.labels import t

# (keys, action, label key): the first key is shown in the footer, the others work too.
Keys = Sequence[tuple[str, str, str]]


def bindings(keys: Keys, ui: str) -> BindingsMap:
    made = []
    for key_list, action, label in keys:
        first, *others = [k.strip() for k in key_list.split(",")]
        made.append(Binding(first, action, t(label, ui)))
        made += [Binding(k, action, t(label, ui), show=False) for k in others]
    return BindingsMap(made)


class TrainerScreen(Screen):
    KEYS: Keys = ()

    @property
    def ui(self) -> str:
        return getattr(self.app, "ui", "en")

    def on_mount(self) -> None:
        self.localize()

    def localize(self) -> None:
        """Footer keys in the interface language (call again when it changes)."""
        inherited = self._merged_bindings or BindingsMap()  # tab / shift+tab and the like
        self._bindings = BindingsMap.merge([inherited, bindings(self.KEYS, self.ui)])
        self.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        handler: Any = getattr(self.app, "worker_changed", None)
        if handler is not None:
            handler(event)


class TrainerModal(ModalScreen):
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        handler: Any = getattr(self.app, "worker_changed", None)
        if handler is not None:
            handler(event)
