"""``trainer exam``: exams from the command line (list, create, release, close, completion).

A change asks for the supervisor's PIN (``--supervisor NAME``); wrong PINs count toward the
same lockout as in the app.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

import click

from trainer.cli.data import DATE, _repo, _service


def _signed_in(service, name: str):  # type: ignore[no-untyped-def]
    pin = click.prompt(f"PIN for {name}", hide_input=True)
    return service.sign_in(name, pin)


@click.group("exam")
def exam() -> None:
    """Exams: set one up, see who has sat it, release its results, close it."""


@exam.command("list")
def exam_list() -> None:
    """Every exam: due date, sittings allowed, who sits it, state."""
    with _repo() as repo:
        exams = _service(repo).exams()
    if not exams:
        click.echo("no exams yet: create one with `trainer exam create`")
    for e in exams:
        due = f"{e.due_at.astimezone():%Y-%m-%d}" if e.due_at else "-"
        who = ", ".join([*e.trainees, *(f"[{g}]" for g in e.cohorts)]) or "nobody"
        state = ("closed" if e.closed else "open") + (", released" if e.released else "")
        sittings = e.attempt_limit or "no limit"
        click.echo(f"{e.name}\t{e.pack_id}\tdue {due}\tsittings {sittings}\t{who}\t{state}")


@exam.command("create")
@click.argument("name")
@click.option("--pack", "pack_id", required=True, help="The pack's id.")
@click.option("--scenario", "scenarios", multiple=True, required=True,
              help="A scenario id; repeat for several (sat in the order given).")  # fmt: skip
@click.option("--pass-mark", type=click.FloatRange(0, 100), help="Default: the pack's.")
@click.option("--due", type=DATE, help="Last day to sit it (YYYY-MM-DD, local time).")
@click.option("--sittings", type=click.IntRange(min=1), default=1, show_default=True,
              help="Sittings allowed per trainee.")  # fmt: skip
@click.option("--trainee", "trainees", multiple=True, help="A trainee who sits it; repeatable.")
@click.option("--cohort", "cohorts", multiple=True, help="A cohort that sits it; repeatable.")
@click.option("--supervisor", required=True, help="Your supervisor name (asks for the PIN).")
def exam_create(
    name: str, pack_id: str, scenarios: tuple[str, ...], pass_mark: float | None,
    due: datetime | None, sittings: int, trainees: tuple[str, ...], cohorts: tuple[str, ...],
    supervisor: str,
) -> None:  # fmt: skip
    """Create an exam from a pack's scenarios and assign it."""
    from trainer.errors import TrainerError
    from trainer.packs import load_pack

    pack = load_pack(pack_id)
    missing = [s for s in scenarios if s not in {x.id for x in pack.scenarios}]
    if missing:
        raise TrainerError(f"pack {pack_id} has no scenario {', '.join(missing)}")
    due_at = None
    if due is not None:
        due_at = datetime.combine(due.date(), time(23, 59)).astimezone().astimezone(UTC)
    with _repo() as repo:
        service = _service(repo)
        boss = _signed_in(service, supervisor)
        made = service.save_exam(
            name, pack=pack, scenarios=list(scenarios),
            pass_mark=float(pack.pass_mark if pass_mark is None else pass_mark),
            supervisor=boss, trainee_names=list(trainees), cohorts=list(cohorts),
            due_at=due_at, attempt_limit=sittings,
        )  # fmt: skip
    click.echo(f"exam {made.name} created: {len(made.scenarios)} scenario(s)")


@exam.command("release")
@click.argument("name")
@click.option("--supervisor", required=True, help="Your supervisor name (asks for the PIN).")
def exam_release(name: str, supervisor: str) -> None:
    """Show the exam's results to the trainees who sat it."""
    with _repo() as repo:
        service = _service(repo)
        boss = _signed_in(service, supervisor)
        done = service.release_exam(service.exam(name), boss)
    click.echo(f"exam {done.name}: results released")


@exam.command("close")
@click.argument("name")
@click.option("--supervisor", required=True, help="Your supervisor name (asks for the PIN).")
@click.option("--reopen", is_flag=True, help="Open a closed exam again.")
def exam_close(name: str, supervisor: str, reopen: bool) -> None:
    """Close an exam to new sittings (or --reopen it)."""
    with _repo() as repo:
        service = _service(repo)
        boss = _signed_in(service, supervisor)
        done = service.close_exam(service.exam(name), boss, closed=not reopen)
    click.echo(f"exam {done.name}: {'closed' if done.closed else 'open'}")


@exam.command("completion")
@click.argument("name")
def exam_completion(name: str) -> None:
    """Who has sat the exam, who passed, who is overdue (one line per trainee assigned)."""
    with _repo() as repo:
        service = _service(repo)
        rows = service.completion(service.exam(name))
    click.echo("trainee\tcohort\tsittings\tsat\tscore\tpassed\toverdue")
    for c in rows:
        score = f"{c.score:.0f}" if c.score is not None else "-"
        passed = "-" if c.passed is None else ("yes" if c.passed else "no")
        click.echo(f"{c.trainee}\t{c.cohort or ''}\t{c.sittings}\t{'yes' if c.sat else 'no'}\t"
                   f"{score}\t{passed}\t{'yes' if c.overdue else ''}")  # fmt: skip


COMMANDS = (exam,)
