"""What every trainer screen shares: the typed app, labels in the interface language, footer
keys in that language, and worker errors routed to the app's one handler.

A binding's description is a label code (``Binding("escape", "close", "back")``); the footer
reads ``active_bindings``, which renders each code in the interface language, so a change of
language only needs ``refresh_bindings()``. A screen may list its keys as ``KEYS`` (keys,
action, label code): the first key is shown in the footer, the others work too. A screen
whose keys depend on the instance (an exam offers fewer than practice) declares them all in
``KEYS`` and sets ``self.KEYS`` to the ones it offers (with their labels): the others are left
out of the footer (their actions check the mode themselves).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from textual.binding import ActiveBinding, Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.worker import Worker

from trainer.tui.labels import UI_LANGUAGES, is_label, label

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

# (keys, action, label code): the first key is shown in the footer, the others work too.
Keys = Sequence[tuple[str, str, str]]
Result = TypeVar("Result")


def bindings(keys: Keys) -> list[Binding]:
    made = []
    for key_list, action, code in keys:
        first, *others = [k.strip() for k in key_list.split(",")]
        made.append(Binding(first, action, code))
        made += [Binding(k, action, code, show=False) for k in others]
    return made


class Localized:
    """Mixed into a Screen or ModalScreen (before it in the bases)."""

    KEYS: Keys = ()
    BINDINGS: ClassVar[list[BindingType]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        keys = cls.__dict__.get("KEYS")
        if keys:
            cls.BINDINGS = [*cls.__dict__.get("BINDINGS", []), *bindings(keys)]
        super().__init_subclass__(**kwargs)

    @property
    def trainer(self) -> TrainerApp:
        """The app, typed."""
        return cast("TrainerApp", cast(Screen[Any], self).app)

    @property
    def ui(self) -> str:
        ui = getattr(cast(Screen[Any], self).app, "ui", "en")
        return ui if ui in UI_LANGUAGES else "en"

    def tr(self, code: str, **args: object) -> str:
        """A label in the interface language."""
        return label(code, self.ui, **args)

    def localize(self) -> None:
        """Show the footer again in the interface language (call when it changes)."""
        cast(Screen[Any], self).refresh_bindings()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active = super().active_bindings  # type: ignore[misc]
        ui = self.ui
        hidden = self._not_offered()
        codes = {action: code for _, action, code in self.KEYS}
        out: dict[str, ActiveBinding] = {}
        for key, one in active.items():
            binding = one.binding
            mine = one.node is self
            if mine and binding.action in hidden:
                continue
            code = codes.get(binding.action, binding.description) if mine else binding.description
            if is_label(code):
                text = label(code, ui)
                binding = dataclasses.replace(binding, description=text)
                one = one._replace(binding=binding, tooltip=one.tooltip or text)
            out[key] = one
        return out

    def _not_offered(self) -> set[str]:
        declared = type(self).KEYS
        if declared is self.KEYS:
            return set()
        return {a for _, a, _ in declared} - {a for _, a, _ in self.KEYS}

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        handler: Any = getattr(cast(Screen[Any], self).app, "worker_changed", None)
        if handler is not None:
            handler(event)


class TrainerScreen(Localized, Screen[Any]):
    def on_mount(self) -> None:
        self.localize()


class TrainerModal(Localized, ModalScreen[Result], Generic[Result]):
    """A dialog over a screen; ``dismiss`` returns a ``Result``."""
