"""Data commands: ``trainer db``, ``purge``, ``report``, ``supervisor`` and ``trainee``.

Every command uses the database chosen by ``trainer --db URL`` or ``TRAINER_DB`` (default:
the SQLite file ``trainer locate`` shows), and brings its schema up to date first.
"""

from __future__ import annotations

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
            click.echo(f"nothing recorded before {cutoff:%Y-%m-%d}")
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
    click.echo(f"{out}: {scope.title}, {len(data.calls)} call(s), {len(data.attempts)} attempt(s)")


@click.group("supervisor")
def supervisor() -> None:
    """Supervisors: who may review and override scores."""


@supervisor.command("add")
@click.argument("name")
def supervisor_add(name: str) -> None:
    """Add a supervisor; asks for the PIN or password twice (not shown)."""
    pin = click.prompt("PIN or password", hide_input=True, confirmation_prompt=True)
    with _repo() as repo:
        repo.add_supervisor(name, pin)
    click.echo(f"supervisor {name} added")


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


@trainee.command("set")
@click.argument("name")
@click.option("--cohort", required=True, help='The new cohort ("" for none).')
def trainee_set(name: str, cohort: str) -> None:
    """Change a trainee's cohort."""
    with _repo() as repo:
        person = _service(repo).set_cohort(name, cohort)
    click.echo(f"trainee {person.name}: cohort {person.cohort or '(none)'}")


COMMANDS = (db, purge, report, supervisor, trainee)
