"""Every word the app shows, through one function: ``label(code, ui, **args)``.

One table per interface language (``en.py``, ``zh.py``, keyed by code) merged with the
core's tables for reasons and call outcomes, so a stored reason code renders in the viewer's
language like any other label. The interface follows the pack's language (Chinese labels for
a Chinese pack, English otherwise) unless a setting chooses one."""

from __future__ import annotations

from trainer.core.labels import UI_LANGUAGES, Labels, merged, render
from trainer.core.messages import REASONS
from trainer.core.outcome import CALL_LABELS
from trainer.tui.labels import en, zh

__all__ = ["LABELS", "UI_LANGUAGES", "is_label", "label", "t", "ui_for", "what_to_do"]

LABELS: Labels = merged({"en": en.EN, "zh": zh.ZH}, REASONS, CALL_LABELS)


def ui_for(pack_language: str | None, setting: str | None = None) -> str:
    """The interface language: the setting when given, else Chinese for a Chinese pack."""
    if setting in UI_LANGUAGES:
        return setting
    return "zh" if pack_language == "zh" else "en"


def label(code: str, ui: str, **args: object) -> str:
    """The label ``code`` in the interface language ``ui``, its ``{parameters}`` filled."""
    return render(LABELS, code, ui, **args)


t = label  # the short name the screens use


def is_label(code: str) -> bool:
    return code in LABELS["en"]


def what_to_do(group: str, ui: str) -> str:
    """What the user can do when a background job of ``group`` fails ("" when nothing)."""
    code = f"todo_{group}"
    return label(code, ui) if is_label(code) else ""
