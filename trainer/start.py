"""The ``trainer`` command's entry point. When the command opens the app, the speech model of
the pack it opens on starts loading first, before the command-line parser and the interface
are imported: the model takes longer than anything else, and nothing else needs to wait."""

from __future__ import annotations

import sys


def opens_app(args: list[str]) -> bool:
    """Whether these arguments open the app: none, only ``--db URL``, or the ``app`` command."""
    rest = list(args)
    while rest and (rest[0] == "--db" or rest[0].startswith("--db=")):
        rest = rest[2:] if rest[0] == "--db" else rest[1:]
    return not rest or rest[0] == "app"


def preload() -> None:
    """Start loading the opening pack's speech model on a thread (the app reports a bad config
    or a missing model itself)."""
    try:
        from trainer import config
        from trainer.tui.services import preload_model

        preload_model(config.load().pack)
    except Exception:  # noqa: BLE001 - reported by the app when it loads the model again
        return


def main() -> None:
    if opens_app(sys.argv[1:]):
        preload()
    from trainer.cli import main as cli_main

    cli_main()
