"""``trainer`` with no command, and ``trainer app``: the Textual app."""

from __future__ import annotations

import sys

import click


def run_app() -> None:
    _start_model_early()
    try:
        from trainer.tui.app import main as tui_main
    except ImportError as exc:  # the app module is optional in a minimal install
        raise click.ClickException(f"the trainer app is not available: {exc}") from None
    code = tui_main()
    if code:
        sys.exit(code)  # the app stopped on an error (its traceback is on the screen)


def _start_model_early() -> None:
    """The speech model of the pack the app will open on starts loading before the interface
    is imported (``trainer`` has started it already, before its parser; then this does
    nothing)."""
    from trainer.start import preload

    preload()


@click.command("app")
def app_command() -> None:
    """Open the trainer app (the same as `trainer` alone)."""
    run_app()


COMMANDS = (app_command,)
