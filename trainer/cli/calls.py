"""``trainer call``: run one simulated call without the app, typed or from recordings."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from trainer.errors import TrainerError


def _ui_for(lang: str, ui: str | None) -> str:
    return ui or ("zh" if lang == "zh" else "en")


def _stdin_reader(show_prompt: bool) -> Any:
    stream = sys.stdin

    def read(prompt: str) -> str | None:
        if show_prompt:
            click.echo(prompt, nl=False, err=True)
        line = stream.readline()
        return None if line == "" else line.rstrip("\n")

    return read


@click.command("call")
@click.option("--pack", "pack_id", required=True, help="Pack id (or folder).")
@click.option("--scenario", "scenario_id", required=True, help="Scenario id within the pack.")
@click.option("--typed", is_flag=True, help="Type each reply at the prompt (or pipe lines in).")
@click.option(
    "--replies",
    "replies_dir",
    type=click.Path(path_type=Path),
    help="Folder with one recording per trainee turn: 01.wav, 02.wav ...",
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole call as one JSON document.")
@click.option("--trainee", help="Save the call and its attempts for this trainee.")
@click.option(
    "--mode", type=click.Choice(["practice", "exam"]), default="practice", show_default=True
)
@click.option(
    "--pickup-ring",
    type=int,
    default=1,
    show_default=True,
    help="The ring the phone is picked up on.",
)
@click.option(
    "--model",
    "model_dir",
    type=click.Path(path_type=Path),
    help="Vosk model folder for --replies (default: the installed model for the pack's language).",
)
@click.option(
    "--ui",
    type=click.Choice(["en", "zh"]),
    help="Language of the reasons (default: zh for Chinese packs, else en).",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    help="Picks the caller's wordings: the same seed gives the same call (default: a new one).",
)
def call_command(
    pack_id: str, scenario_id: str, typed: bool, replies_dir: Path | None, as_json: bool,
    trainee: str | None, mode: str, pickup_ring: int, model_dir: Path | None, ui: str | None,
    seed: int | None,
) -> None:  # fmt: skip
    """Run a whole call: the caller's lines, the trainee's replies, a score per turn and in all.

    \b
    trainer call --pack property-zh --scenario transfer --typed
    printf '您好！宇和物业管理客户服务中心，请讲。\\n请稍候，我去叫他。\\n' | trainer call --pack property-zh --scenario transfer --typed --json
    trainer call --pack callcentre-ko --scenario bad-line --replies recordings/ --mode exam

    An empty line is silence: the caller asks whether anyone is there, then hangs up.
    Exit code 0 whether the call passed or failed; 2 when the input is wrong.
    """
    from trainer import practice
    from trainer.core.session import Call, Mode
    from trainer.packs import load_pack

    if typed == (replies_dir is not None):
        raise TrainerError(
            "give either --typed (replies typed or piped in) or --replies DIR (recordings)"
        )
    if pickup_ring < 1:
        raise TrainerError(f"--pickup-ring {pickup_ring}: rings are counted from 1")
    pack = load_pack(pack_id)
    try:
        scenario = pack.scenario(scenario_id)
    except KeyError as exc:
        raise TrainerError(str(exc.args[0])) from None
    ui = _ui_for(pack.language, ui)
    call = Call(pack, scenario, Mode(mode), seed=seed)

    if replies_dir is not None:
        turns = _recordings_in(replies_dir) if scenario.branching else len(scenario.steps)
        paths = practice.numbered_recordings(replies_dir, turns)
        source: Any = practice.RecordedReplies(
            paths, practice.file_transcriber(pack.language, model_dir), pack.language
        )
    else:
        source = practice.TypedReplies(
            _stdin_reader(show_prompt=sys.stdin.isatty() and not as_json)
        )

    store = None
    if trainee:
        from trainer.storage import open_repository

        store = open_repository()
    header = f"{pack.id} · {scenario.id}: {scenario.title}  [{mode}]"
    if not as_json:
        click.echo(header)
    try:
        result = practice.run_call(
            call, source, pickup_ring=pickup_ring, store=store, trainee=trainee or "",
            on_line=None if as_json else _print_line,
            on_attempt=None if as_json else lambda a: _print_attempt(a, ui),
        )  # fmt: skip
    finally:
        if store is not None:
            store.close()
    if as_json:
        doc = {"title": scenario.title, "language": pack.language, **result.as_dict(ui)}
        click.echo(json.dumps(doc, ensure_ascii=False))
    else:
        _print_summary(result, ui)


def _recordings_in(folder: Path) -> int:
    """How many replies a folder holds for a branching call (its path decides how many are
    used): the numbered recordings, which must run 01, 02 ... without a gap."""
    from trainer.practice import AUDIO_SUFFIXES

    if not folder.is_dir():
        return 1  # numbered_recordings says what is wrong
    numbers = [
        int(p.stem) for p in folder.iterdir()
        if p.suffix.lower() in AUDIO_SUFFIXES and p.stem.isdigit() and len(p.stem) <= 3
    ]  # fmt: skip
    return max(numbers, default=1)


def _print_line(line: Any) -> None:
    who = "caller" if line.speaker == "caller" else "you"
    text = line.text if line.text else "(silence)"
    click.echo(f"  {who:>6}: {text}")


def _print_attempt(attempt: Any, ui: str) -> None:
    mark = "PASS" if attempt.passed else "FAIL"
    timing = attempt.timing
    extra = []
    if timing.answer_ring is not None:
        extra.append(f"ring {timing.answer_ring}")
    if timing.response_delay is not None:
        extra.append(f"started after {timing.response_delay:.1f} s")
    if timing.speaking_time is not None:
        extra.append(f"spoke {timing.speaking_time:.1f} s")
    if timing.longest_pause:
        extra.append(f"longest pause {timing.longest_pause:.1f} s")
    detail = f"  ({', '.join(extra)})" if extra else ""
    click.echo(f"          {mark} {attempt.score:5.1f}  {attempt.turn}{detail}")
    for text in attempt.reason_texts(ui):
        click.echo(f"                - {text}")


def _print_summary(result: Any, ui: str) -> None:
    mark = "PASSED" if result.passed else "FAILED"
    click.echo(
        f"{mark}  {result.score:.1f}/100 (pass mark {result.pass_mark:g}), call {result.ended}"
    )
    for text in result.reason_texts(ui):
        click.echo(f"  - {text}")
    if result.pickup_ring is not None:
        click.echo(
            f"  picked up on ring {result.pickup_ring} (after {result.pickup_seconds:.1f} s)"
        )
    if len(result.path) > 1:
        click.echo(f"  path: {path_text(result)}")
    click.echo(f"  seed: {result.seed} (--seed {result.seed} gives the same wording)")
    for turn in result.turns:
        mark = "PASS" if turn.passed else ("FAIL" if turn.reached else "----")
        click.echo(f"  {turn.index + 1:2}. {mark} {turn.score:5.1f}  {turn.turn}  {turn.title}")
        if not turn.reached:
            click.echo(f"        - {turn.reason_texts(ui)[0]}")
    click.echo(f"  turns failed: {', '.join(result.failed) or 'none'}")
    if result.practise_next:
        click.echo("  practise next:")
        for item in result.practise_next:
            click.echo(f"    {item.turn} ({item.score:.0f}): {item.hint}")


def path_text(result: Any) -> str:
    """``answer → ask -[failed]-> how-to-reach → message``: the steps a call went through."""
    out = ""
    for item in result.path:
        via = item["via"]
        if out:
            out += " → " if via == "next" else f" -[{via}]-> "
        out += str(item["step"])
    return out


COMMANDS = (call_command,)
