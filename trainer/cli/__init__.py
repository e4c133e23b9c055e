"""Command line: ``trainer`` opens the app; subcommands serve scripts, batch jobs and CI.

Only this package parses argv. Every command exits 0 on success, 1 when some items of a batch
failed (each said so on its own line), and 2 on bad input: a ``TrainerError`` or a refused
argument becomes one line on stderr; no traceback reaches the user. The root option ``--db URL`` sets
``TRAINER_DB`` for the process, so every command (and the app) uses that database.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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
        except click.ClickException as exc:
            if exc.exit_code == 1:  # click's default; a refused input is exit code 2 here
                exc.exit_code = 2
            raise


@click.group(cls=Group, invoke_without_command=True)
@click.version_option(__version__, prog_name="trainer")
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database: sqlite:///PATH or postgresql+psycopg://USER@HOST/NAME for a shared training room; the password comes from PGPASSWORD, ~/.pgpass or a prompt, never the command line (default: TRAINER_DB, else the SQLite file `trainer locate` shows).",
)
@click.pass_context
def cli(ctx: click.Context, db_url: str | None) -> None:
    """Offline phone-script trainer. Without a command, opens the trainer app."""
    os.umask(0o077)  # recordings, reports, exports, config: readable by their owner only
    if db_url:
        # locations.database_url() reads TRAINER_DB: every command and the app see the choice.
        os.environ["TRAINER_DB"] = db_url
    _ask_password(os.environ.get("TRAINER_DB", ""))
    if ctx.invoked_subcommand is None:
        from trainer.cli.app import run_app

        run_app()


def _ask_password(url: str) -> None:
    """A PostgreSQL URL without a password: libpq reads PGPASSWORD or ~/.pgpass by itself;
    when neither is there and someone is at the keyboard, ask once (not echoed) and pass it
    on in this process's environment, which only its owner can read."""
    if not url.startswith("postgresql") or os.environ.get("PGPASSWORD"):
        return
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return
    pgpass = Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")
    if parsed.password is not None or pgpass.is_file() or not sys.stdin.isatty():
        return
    who = f"{parsed.username or os.environ.get('PGUSER', '')}@{parsed.host or 'localhost'}"
    os.environ["PGPASSWORD"] = click.prompt(f"PostgreSQL password for {who}", hide_input=True)


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
