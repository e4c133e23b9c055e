"""Command line: ``trainer`` opens the app; subcommands serve scripts, batch jobs and CI.

Only this package parses argv. Every command turns a ``TrainerError`` into one line on
stderr and exit code 2; no traceback reaches the user. The root option ``--db URL`` sets
``TRAINER_DB`` for the process, so every command (and the app) uses that database.
"""

from __future__ import annotations

import os
import sys

import click

from trainer import __version__
from trainer.errors import TrainerError


class Group(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except TrainerError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=Group, invoke_without_command=True)
@click.version_option(__version__, prog_name="trainer")
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database: sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/NAME for a shared training room (default: TRAINER_DB, else the SQLite file `trainer locate` shows).",
)
@click.pass_context
def cli(ctx: click.Context, db_url: str | None) -> None:
    """Offline phone-script trainer. Without a command, opens the trainer app."""
    if db_url:
        # locations.database_url() reads TRAINER_DB: every command and the app see the choice.
        os.environ["TRAINER_DB"] = db_url
    if ctx.invoked_subcommand is None:
        from trainer.cli.app import run_app

        run_app()


@cli.command()
def locate() -> None:
    """Print where the trainer keeps its data, packs and models."""
    from trainer import locations

    for name, path in locations.all_paths().items():
        click.echo(f"{name:18} {path}")


def _register() -> None:
    from trainer.cli import app, calls, data, exams, packs, scoring, speech

    for module in (packs, scoring, speech, calls, data, exams, app):
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="trainer")
