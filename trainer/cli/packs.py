"""``trainer pack ...``: list, show, check and draft script packs."""

from __future__ import annotations

import re
import stat
import sys
from pathlib import Path
from typing import Any

import click

from trainer.cli.voice import voice_command
from trainer.errors import PackError, PackNotFound, TrainerError


@click.group("pack")
def pack_group() -> None:
    """Script packs: the company's standard phrases and call scenarios."""


@pack_group.command("list")
def pack_list() -> None:
    """List the installed packs."""
    from trainer.packs.finder import load_packs

    found = load_packs()
    if not found.packs and not found.broken:
        click.echo("no packs found; looked in: " + ", ".join(str(p) for p in _dirs()))
        return
    for pack in found.packs:
        click.echo(
            f"{pack.id:16} {pack.language}  {len(pack.turns):3} turns {len(pack.scenarios):3} scenarios  {pack.title}"
        )
    for folder, problem in found.broken:
        used = " (the built-in pack of this id is used)" if folder.name in found.folders else ""
        click.echo(f"{folder.name:16} BROKEN: {problem}{used} (run `trainer pack check {folder}`)")


def _dirs() -> list[Path]:
    from trainer import locations

    return locations.pack_dirs()


@pack_group.command("show")
@click.argument("pack_id")
@click.option("--scenario", "scenario_id", help="Only this scenario, drawn as a graph of steps.")
def pack_show(pack_id: str, scenario_id: str | None) -> None:
    """Show a pack's turns (with every accepted wording) and scenarios; a branching
    scenario is drawn as its steps, each with the edges out of it."""
    from trainer.packs import load_pack

    pack = load_pack(pack_id)
    if scenario_id is not None:
        try:
            scenario = pack.scenario(scenario_id)
        except KeyError as exc:
            raise TrainerError(str(exc.args[0])) from None
        for line in graph_lines(pack, scenario):
            click.echo(line)
        return
    click.echo(f"{pack.id} — {pack.title}  [{pack.language}, version {pack.version}]")
    if pack.variables:
        click.echo("variables: " + ", ".join(f"{k}={v}" for k, v in pack.variables.items()))
    click.echo(f"pass mark {pack.pass_mark}; answer within {pack.rings.max_rings} rings")
    click.echo("\nturns:")
    for turn in pack.turns.values():
        kind = " (guided: key phrases carry it)" if turn.guided else ""
        click.echo(f"  {turn.id}  {turn.title}{kind}")
        for form in turn.forms:
            click.echo(f"      “{form}”")
        for key in turn.keys:
            click.echo(f"      must include: {' / '.join(key.forms)}")
    if pack.blockers:
        click.echo("\nblockers:")
        for b in pack.blockers:
            click.echo(f"  {b.id}: {b.reason}")
    if pack.conduct:
        click.echo("\nconduct (fails the turn; the language's defaults plus the pack's own):")
        for f in pack.conduct:
            click.echo(f"  {f.code}: {f.reason}")
            click.echo(f"      cues: {' / '.join(f.cues)}")
            if f.patterns:
                click.echo(f"      patterns: {' / '.join(f.patterns)}")
            if f.unless:
                click.echo(f"      unless: {' / '.join(f.unless)}")
    if pack.courtesy:
        click.echo("\ncourtesy (free around the standard phrase):")
        click.echo("  " + " / ".join(pack.courtesy))
    if pack.service and any(t.guided for t in pack.turns.values()):
        click.echo(
            "\nservice words (what a guided turn's reply may talk about, besides the pack's"
            " phrases and caller lines):"
        )
        click.echo("  " + " / ".join(pack.service))
    click.echo("\nscenarios:")
    for s in pack.scenarios:
        click.echo(
            f"  {s.id:18} {s.kind:5} difficulty {s.difficulty}  {s.title}  ({len(s.steps)} turns)"
        )
    for s in pack.scenarios:
        if s.branching:
            click.echo("")
            for line in graph_lines(pack, s):
                click.echo(line)


def graph_lines(pack: Any, scenario: Any) -> list[str]:
    """A scenario as text: each step (its turn, the caller's first wording and how many
    others), then the edges out of it in the order they are tried."""
    from trainer.core.graph import edges

    out = [f"{scenario.id}: {scenario.title}  [{scenario.kind}]"]
    by_source: dict[str, list[Any]] = {}
    for edge in edges(scenario):
        by_source.setdefault(edge.source, []).append(edge)
    width = max(len(scenario.step_id(i)) for i in range(len(scenario.steps)))
    for i, step in enumerate(scenario.steps):
        sid = scenario.step_id(i)
        said = ""
        if step.caller is not None:
            more = f" (+{len(step.alternatives)} wordings)" if step.alternatives else ""
            said = f"  caller: “{step.caller.text}”{more}"
        title = step.title or pack.turn(step.turn).title
        out.append(f"  {sid:{width}}  {step.turn}  {title}{said}")
        for edge in by_source.get(sid, []):
            label = f"  {edge.label}" if edge.label else ""
            out.append(f"  {'':{width}}    [{edge.how}] → {edge.target}{label}")
    return out


@pack_group.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def pack_check(paths: tuple[Path, ...]) -> None:
    """Validate pack files: every problem with its file, line and field. Exit 2 on any."""
    from trainer.packs import PACK_FILE, load_pack_file

    targets: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / PACK_FILE).exists():
            found = sorted(p for p in path.glob(f"*/{PACK_FILE}"))
            targets.extend(found or [path / PACK_FILE])
        else:
            targets.append(path)
    problems = 0
    for target in targets:
        try:
            pack = load_pack_file(target)
        except PackError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            problems += len(exc.problems)
        except PackNotFound as exc:
            click.echo(str(exc), err=True)
            problems += 1
        else:
            click.echo(
                f"{target}: ok ({pack.id}: {len(pack.turns)} turns, {len(pack.scenarios)} scenarios)"
            )
    if problems:
        click.echo(f"{problems} problem(s) found", err=True)
        sys.exit(2)


@pack_group.command("import")
@click.argument("rulebook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "pack_id", default="draft", show_default=True, help="Id of the drafted pack.")
@click.option(
    "--company", help="Company name as written in the rulebook; becomes the {company} variable."
)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Write <OUT>/<id>/pack.yaml instead of printing."
)
@click.option(
    "--quiz",
    is_flag=True,
    help="Also draft a rule-quiz turn (question, rule, key facts) from every numbered rule.",
)
@click.option(
    "--replace",
    "replacements",
    multiple=True,
    metavar="OLD=NEW",
    help="Rewrite a word of the rulebook first (a reworded copy's odd word back to the original).",
)
def pack_import(
    rulebook: Path, pack_id: str, company: str | None, out: Path | None, quiz: bool,
    replacements: tuple[str, ...],
) -> None:  # fmt: skip
    """Draft a pack from a rulebook's quoted standard phrases (and, with --quiz, its numbered
    rules as quiz questions), for a supervisor to edit."""
    import yaml

    from trainer.core.rulebook import draft_from_text
    from trainer.core.rulequiz import draft_quiz

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", pack_id):
        raise TrainerError(
            f"--id {pack_id!r} is not a pack id: letters, digits, '-', '_' and '.', e.g. my-pack"
        )
    replace = {}
    for item in replacements:
        old, sep, new = item.partition("=")
        if not sep or not old:
            raise TrainerError(f"--replace {item!r}: give OLD=NEW, e.g. --replace 利亚族=前台")
        replace[old] = new
    text = _rulebook_text(rulebook)
    for old, new in replace.items():
        text = text.replace(old, new)
    draft = draft_from_text(text, company)
    quizzes = draft_quiz(text) if quiz else []
    if not draft.turns and not quizzes:
        raise click.ClickException(
            f"{rulebook}: no quoted standard phrases found (looked for 说：“…”, 问：“…” and 使用：“…”)"
            + ("" if quiz else "; --quiz drafts questions from its numbered rules")
        )
    doc = {
        "id": pack_id,
        "title": f"Draft from {rulebook.name}",
        "language": "zh",
        "version": 1,
        "variables": {"company": company} if company else {},
        "pass_mark": 80,
        "turns": {
            t.id: {"title": t.situation, "forms": t.forms if len(t.forms) > 1 else t.forms[0]}
            for t in draft.turns
        },
        "scenarios": [],
    }
    doc["turns"].update(quiz_turns(quizzes))
    doc["scenarios"] = quiz_scenarios(quizzes)
    header = (
        f"# Drafted by `trainer pack import` from {rulebook.name}: {len(draft.turns)} phrases"
        f"{f', {len(quizzes)} rule questions' if quiz else ''}.\n"
        "# Rename the turns, add key phrases, blockers and scenarios, then `trainer pack check`.\n"
        + (
            "# Quiz turns: check each question, and keep in `keys` the facts a right answer must\n"
            "# hold; `trainer pack check` refuses a quiz turn whose keys are still empty.\n"
            if quiz
            else ""
        )
    )
    lines = {t.id: t.line for t in draft.turns} | {q.id: q.line for q in quizzes}
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=200)
    body = "\n".join(
        line
        + (
            f"  # rulebook line {lines[line.strip()[:-1]]}"
            if line.startswith("  ") and not line.startswith("   ") and line.strip()[:-1] in lines
            else ""
        )
        for line in body.splitlines()
    )
    text_out = header + body + "\n"
    if out:
        folder = out / pack_id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "pack.yaml").write_text(text_out, encoding="utf-8")
        except OSError as exc:
            raise TrainerError(
                f"cannot write {folder / 'pack.yaml'}: {exc.strerror or exc}"
            ) from None
        questions = f", {len(quizzes)} rule questions" if quiz else ""
        click.echo(f"wrote {folder / 'pack.yaml'} ({len(draft.turns)} phrases{questions})")
        if empty := sum(1 for q in quizzes if not q.keys):
            click.echo(
                f"{empty} rule question(s) have no key facts yet: fill in their `keys` "
                f"before `trainer pack check {folder}` will pass"
            )
    else:
        click.echo(text_out, nl=False)


def quiz_turns(quizzes: list[Any]) -> dict[str, Any]:
    return {
        q.id: {
            "title": f"{q.section} {q.title}", "kind": "quiz", "guided": True, "forms": q.rule,
            "keys": q.keys, "hint": f"{q.section}：{q.rule}",
        }
        for q in quizzes
    }  # fmt: skip


def quiz_scenarios(quizzes: list[Any]) -> list[dict[str, Any]]:
    """One quiz a section of the rulebook: the supervisor asks each rule's question."""
    out: dict[str, dict[str, Any]] = {}
    for q in quizzes:
        section = q.id.split(".")[1]
        scenario = out.setdefault(
            section,
            {"id": f"quiz-{section}", "title": f"制度问答：{q.section.split('（')[0].strip()}",
             "kind": "quiz", "steps": []},
        )  # fmt: skip
        scenario["steps"].append({"caller": {"text": q.question, "voice": "woman"}, "turn": q.id})
    return list(out.values())


MAX_RULEBOOK_BYTES = 10_000_000


def _rulebook_text(path: Path) -> str:
    """The rulebook's text: a regular file of UTF-8 text (a FIFO or a device would be read
    forever), one clear line when it is not."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise TrainerError(f"{path}: not a regular file (a device, FIFO or socket)")
        if info.st_size > MAX_RULEBOOK_BYTES:
            raise TrainerError(f"{path}: {info.st_size / 1e6:.0f} MB is not a rulebook")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TrainerError(f"{path}: not UTF-8 text; save it as UTF-8 first") from None
    except OSError as exc:
        raise TrainerError(f"{path}: cannot be read ({exc.strerror or exc})") from None


pack_group.add_command(voice_command)

COMMANDS = (pack_group,)
