"""The status line: speech model, microphone (with a live level meter) and database."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from trainer.tui.labels import t

METER_CELLS = 12
METER_FLOOR_DB = -60.0


@dataclass
class Status:
    model: str = "loading"  # loading | ready | missing
    model_name: str = ""
    model_language: str = ""
    mic: str = "checking"  # checking | ready | none
    mic_device: str = ""
    level_db: float = -90.0
    db: str = "loading"  # loading | ready | error
    db_detail: str = ""


def meter(level_db: float, cells: int = METER_CELLS) -> str:
    """A bar for a loudness in dBFS: empty at -60 dB and below, full at 0 dB."""
    share = (max(METER_FLOOR_DB, min(0.0, level_db)) - METER_FLOOR_DB) / -METER_FLOOR_DB
    filled = round(share * cells)
    return "█" * filled + "░" * (cells - filled)


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: auto; padding: 0 1; background: $panel; color: $text-muted; }
    """

    def show(self, status: Status, ui: str) -> None:
        lang = status.model_language or "?"
        model = {
            "loading": ("$text-muted", t("model_loading", ui, lang=lang)),
            "ready": ("$success", t("model_ready", ui, name=status.model_name)),
            "missing": ("$warning", t("model_missing", ui, lang=lang)),
        }[status.model]
        mic = {
            "checking": ("$text-muted", t("mic_checking", ui)),
            "ready": ("$success", f"{status.mic_device} {meter(status.level_db)}"),
            "none": ("$warning", t("mic_none", ui)),
        }[status.mic]
        db = {
            "loading": ("$text-muted", t("loading", ui)),
            "ready": ("$success", t("db_ready", ui)),
            "error": ("$error", f"{t('db_error', ui)} {status.db_detail}".strip()),
        }[status.db]
        self.update(
            Content.assemble(
                (t("model", ui) + ": ", "bold"),
                (model[1], model[0]),
                "   ",
                (t("mic", ui) + ": ", "bold"),
                (mic[1], mic[0]),
                "   ",
                (t("database", ui) + ": ", "bold"),
                (db[1], db[0]),
            )  # fmt: skip
        )
