"""Data commands: ``trainer db``, ``purge``, ``report``, ``supervisor`` and ``trainee``.

Every command uses the database chosen by ``trainer --db URL`` or ``TRAINER_DB`` (default:
the SQLite file ``trainer locate`` shows), and brings its schema up to date first.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from trainer.errors import TrainerError

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _repo():  # type: ignore[no-untyped-def]
    from trainer.storage import open_repository

    return open_repository()


def _service(repo):  # type: ignore[no-untyped-def]
    """The supervision service over ``repo``, with the titles of every pack installed."""
    from trainer.packs import load_pack_file, pack_folders
    from trainer.supervision import Supervision

    packs = []
    for folder in pack_folders().values():
        try:
            packs.append(load_pack_file(folder / "pack.yaml"))
        except TrainerError:
            continue  # a broken pack shows its ids; `trainer packs check` says what is wrong
    return Supervision(repo, packs=packs)


def _utc(day: datetime | None, *, end: bool = False) -> datetime | None:
    if day is None:
        return None
    start = day.replace(tzinfo=UTC)
    return start + timedelta(days=1) if end else start


@click.group("db")
def db() -> None:
    """The database: schema version and upgrades."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (also done automatically on start)."""
    from trainer import locations
    from trainer.storage import Database, migrate
    from trainer.storage.database import redact

    database = Database(locations.database_url())
    try:
        before = migrate.upgrade(database)
        head = migrate.head_revision()
    finally:
        database.dispose()
    where = redact(database.url)
    if before == head:
        click.echo(f"{where}: already at schema {head}")
    else:
        click.echo(f"{where}: upgraded schema {before or '(empty)'} -> {head}")


@db.command("status")
def db_status() -> None:
    """Show which database is used, its schema version, and what it holds."""
    from trainer import locations
    from trainer.storage import Database, Repository, migrate
    from trainer.storage.database import redact

    database = Database(locations.database_url())
    try:
        current, head = migrate.current_revision(database), migrate.head_revision()
        click.echo(f"database    {redact(database.url)}")
        pending = "" if current == head else f"  (pending: upgrade to {head})"
        click.echo(f"schema      {current or '(empty)'}{pending}")
        if current == head:
            counts = Repository(database, locations.recordings_dir()).counts()
            for name in ("trainees", "calls", "attempts", "reviews"):
                click.echo(f"{name:11} {counts[name]}")
            mb = counts["recording_bytes"] / 1_000_000
            click.echo(
                f"recordings  {counts['recordings']} ({mb:.1f} MB) in {locations.recordings_dir()}"
            )
    finally:
        database.dispose()


@db.command("repair")
def db_repair() -> None:
    """Sweep what a crash left: calls never ended, recordings no attempt refers to."""
    with _repo() as repo:
        click.echo(repo.repair().describe())


@click.command("purge")
@click.option(
    "--before",
    type=DATE,
    required=True,
    help="Remove what was recorded before this day (YYYY-MM-DD, UTC).",
)
@click.option(
    "--attempts",
    "with_attempts",
    is_flag=True,
    help="Delete the attempts too (their scores, transcripts and reviews), not only the recordings.",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def purge(before: datetime, with_attempts: bool, yes: bool) -> None:
    """Remove old recordings (and with --attempts, old attempts) in one transaction.

    \b
    trainer purge --before 2026-01-01            # recordings only; scores stay
    trainer purge --before 2026-01-01 --attempts --yes
    """
    cutoff = _utc(before)
    assert cutoff is not None
    with _repo() as repo:
        plan = repo.purge_preview(cutoff, with_attempts=with_attempts)
        what = f"{plan.recordings} recording(s) ({plan.bytes_freed / 1_000_000:.1f} MB)"
        if with_attempts:
            what += f" and {plan.attempts} attempt(s)"
        if not plan.recordings and not plan.attempts:
            swept = repo.purge(cutoff, with_attempts=with_attempts)  # crash leftovers only
            click.echo(f"nothing recorded before {cutoff:%Y-%m-%d}; " + swept.describe())
            return
        if not yes and not click.confirm(f"Remove {what} made before {cutoff:%Y-%m-%d}?"):
            raise click.Abort()
        click.echo(repo.purge(cutoff, with_attempts=with_attempts).describe())


@click.command("report")
@click.option("--trainee", help="One trainee's results.")
@click.option(
    "--cohort",
    is_flag=False,
    flag_value="*",
    default=None,
    metavar="[NAME]",
    help="A cohort's results; --cohort alone: every trainee.",
)
@click.option("--exam", help="One exam's results.")
@click.option("--from", "since", type=DATE, help="First day (YYYY-MM-DD, UTC).")
@click.option("--to", "until", type=DATE, help="Last day, included (YYYY-MM-DD, UTC).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "html"]),
    help="Default: from the --out file's extension.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write."
)
@click.option(
    "--ui",
    type=click.Choice(["en", "zh"]),
    help="The report's language (default: the language of the packs reported on).",
)
def report(
    trainee: str | None,
    cohort: str | None,
    exam: str | None,
    since: datetime | None,
    until: datetime | None,
    fmt: str | None,
    out: Path,
    ui: str | None,
) -> None:
    """Export results as CSV, XLSX or an HTML page with charts.

    \b
    trainer report --trainee "Kim Minji" --format html --out kim.html
    trainer report --cohort 2026-11 --from 2026-11-01 --to 2026-11-30 --out november.xlsx
    trainer report --exam "November final" --format csv --out final.csv
    """
    from trainer.reports import FORMATS, Scope, write_report

    if sum(x is not None for x in (trainee, cohort, exam)) != 1:
        raise click.UsageError("give exactly one of --trainee NAME, --cohort [NAME], --exam NAME")
    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise click.UsageError("give --format csv|xlsx|html (or an --out file ending in one)")
    if since and until and until < since:
        raise click.UsageError("--to is before --from")
    with _repo() as repo:
        scope = Scope(
            trainee=trainee,
            cohort=cohort,
            exam=exam,
            since=_utc(since),
            until=_utc(until, end=True),
        )
        data = _service(repo).report_data(scope, ui=ui)  # a typo'd name is an error
    write_report(data, fmt, out)
    from trainer.reports.html import _title
    from trainer.reports.labels import tr

    click.echo(  # in the report's own language
        tr("written", data.ui, out=out, title=_title(data), calls=len(data.calls),
           attempts=len(data.attempts))
    )  # fmt: skip


@click.group("supervisor")
def supervisor() -> None:
    """Supervisors: who may review and override scores."""


@supervisor.command("add")
@click.argument("name")
def supervisor_add(name: str) -> None:
    """Add a supervisor; asks for the PIN (6 digits or more) or password twice (not shown).
    Without a terminal, the first line of stdin is the PIN."""
    with _repo() as repo:
        if any(known == " ".join(name.split()) for known, _ in repo.supervisor_names()):
            raise TrainerError(f"there is already a supervisor called {name!r}")
        repo.add_supervisor(name, _new_pin())
    click.echo(f"supervisor {name} added")


@supervisor.command("list")
def supervisor_list() -> None:
    """List supervisors (a removed one can no longer sign in)."""
    with _repo() as repo:
        people = repo.supervisor_names()
    if not people:
        click.echo("no supervisors yet: add one with `trainer supervisor add NAME`")
    for name, active in people:
        click.echo(name if active else f"{name}\tremoved")


@supervisor.command("remove")
@click.argument("name")
def supervisor_remove(name: str) -> None:
    """Stop a supervisor signing in; their reviews and exams keep their name."""
    with _repo() as repo:
        repo.remove_supervisor(name)
    click.echo(f"supervisor {name} removed: they can no longer sign in")


@supervisor.command("reset-pin")
@click.argument("name")
def supervisor_reset_pin(name: str) -> None:
    """Give a supervisor a new PIN (asked twice; without a terminal, the first line of stdin)."""
    with _repo() as repo:
        if not any(known == " ".join(name.split()) for known, _ in repo.supervisor_names()):
            raise TrainerError(f"there is no supervisor called {name!r}")
        repo.reset_supervisor_pin(name, _new_pin())
    click.echo(f"supervisor {name} has a new PIN")


def _new_pin() -> str:
    """A PIN typed twice at a terminal (checked for length before the second time), or the
    first line of stdin when there is no terminal."""
    from trainer.storage.people import check_pin

    if not sys.stdin.isatty():
        pin = sys.stdin.readline().rstrip("\r\n")
        if not pin:
            raise TrainerError("no PIN given: run this in a terminal, or pass the PIN on stdin")
        return check_pin(pin)
    try:
        pin = check_pin(click.prompt("PIN or password", hide_input=True))
        if click.prompt("Again", hide_input=True) != pin:
            raise TrainerError("the two PINs differ; nothing was changed")
    except click.Abort:
        raise TrainerError("no PIN given; nothing was changed") from None
    return pin


@click.group("trainee")
def trainee() -> None:
    """Trainees."""


@trainee.command("add")
@click.argument("name")
@click.option("--cohort", help="The group the trainee belongs to, e.g. 2026-11.")
def trainee_add(name: str, cohort: str | None) -> None:
    """Add a trainee."""
    with _repo() as repo:
        added = repo.add_trainee(name, cohort=cohort)
    click.echo(f"trainee {added.name} added" + (f" to cohort {cohort}" if cohort else ""))


@trainee.command("list")
@click.option("--cohort", help="Only this cohort.")
def trainee_list(cohort: str | None) -> None:
    """List trainees (name and cohort)."""
    with _repo() as repo:
        people = repo.list_trainees(cohort=cohort)
    if not people:
        click.echo("no trainees yet: add one with `trainer trainee add NAME`")
    for person in people:
        click.echo(f"{person.name}\t{person.cohort or ''}")


def _actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@trainee.command("rename")
@click.argument("old")
@click.argument("new")
def trainee_rename(old: str, new: str) -> None:
    """Give a trainee another name; their calls, attempts and exams follow."""
    with _repo() as repo:
        renamed = repo.rename_trainee(old, new, actor=_actor())
    click.echo(f"trainee {old} is now {renamed.name}")


@trainee.command("remove")
@click.argument("name")
@click.option(
    "--purge",
    is_flag=True,
    help="Delete their calls, attempts, reviews and recordings too (default: keep them).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def trainee_remove(name: str, purge: bool, yes: bool) -> None:
    """Take a trainee off the roster; their attempts are kept unless --purge.

    \b
    trainer trainee remove "Kim Minji"                 # off the list; results kept
    trainer trainee remove "Kim Minji" --purge --yes   # everything of theirs deleted
    """
    with _repo() as repo:
        repo.trainee(name)  # an unknown name is an error before any question
        what = "and delete every call, attempt and recording of theirs" if purge else ""
        if not yes and not click.confirm(f"Remove trainee {name} {what}".strip() + "?"):
            raise click.Abort()
        removed = repo.remove_trainee(name, purge=purge, actor=_actor())
    click.echo(removed.describe())


@trainee.command("set")
@click.argument("name")
@click.option("--cohort", required=True, help='The new cohort ("" for none).')
def trainee_set(name: str, cohort: str) -> None:
    """Change a trainee's cohort."""
    with _repo() as repo:
        person = _service(repo).set_cohort(name, cohort)
    click.echo(f"trainee {person.name}: cohort {person.cohort or '(none)'}")


COMMANDS = (db, purge, report, supervisor, trainee)
