"""What a person calls a pack, a scenario or a turn: its title in the installed packs, the
id only when the pack that had it is gone. Stored rows keep ids; screens show titles."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from trainer.tui.labels import label


class Names:
    def __init__(self, packs: Iterable[Any] = (), ui: str = "en") -> None:
        self._packs = {p.id: p for p in packs}
        self.ui = ui

    @classmethod
    def of(cls, app: Any) -> Names:
        """The names in the app's loaded packs (none when the app has no packs)."""
        return cls(getattr(app, "packs", None) or (), getattr(app, "ui", "en"))

    def pack(self, pack_id: str) -> str:
        pack = self._packs.get(pack_id)
        return (pack.title or pack_id) if pack is not None else pack_id

    def scenario(self, scenario_id: str, pack_id: str | None = None) -> str:
        if scenario_id.startswith("drill:"):  # practice of a scenario's weakest turns
            base = self.scenario(scenario_id.removeprefix("drill:"), pack_id)
            return label("drill_of", self.ui, title=base)
        for pack in self._in(pack_id):
            for scenario in pack.scenarios:
                if scenario.id == scenario_id:
                    return str(scenario.title or scenario_id)
        return scenario_id

    def turn(self, turn_id: str, pack_id: str | None = None) -> str:
        for pack in self._in(pack_id):
            turn = pack.turns.get(turn_id)
            if turn is not None:
                return str(turn.title or turn_id)
        return turn_id

    def _in(self, pack_id: str | None) -> list[Any]:
        if pack_id is not None and pack_id in self._packs:
            return [self._packs[pack_id]]
        return list(self._packs.values())
