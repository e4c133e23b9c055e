"""Speech commands: ``trainer model ...``, ``trainer audio devices``, ``trainer transcribe``
and ``trainer score-audio`` (batch scoring of recorded replies and calls)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from trainer.errors import TrainerError

LANGS = click.Choice(["zh", "ko", "en"])


@click.group("model")
def model() -> None:
    """List, install and locate speech models."""


@model.command("list")
def model_list() -> None:
    """Show the catalog and what is installed where."""
    from trainer.asr import models

    installed = models.installed_models()
    by_name = {m.name: m for m in installed}
    click.echo(f"{'lang':5} {'model':30} {'status':34} path / url")
    for entry in models.catalog():
        have = by_name.pop(entry.name, None)
        status = f"installed ({have.source})" if have else f"not installed (~{entry.size_mb} MB)"
        click.echo(
            f"{entry.language:5} {entry.name:30} {status:34} {have.path if have else entry.url}"
        )
    for other in by_name.values():
        click.echo(
            f"{other.language or '?':5} {other.name:30} {'installed (' + other.source + ')':34} {other.path}"
        )


@model.command("install")
@click.argument("name", required=False)
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, path_type=Path),
    help="Install offline from a model zip or folder.",
)
@click.option("--lang", type=LANGS, help="Language of a model that is not in the catalog.")
@click.option("--name", "as_name", help="Folder name to install under (default: the model's own).")
@click.option("--sha256", help="Expected SHA-256 of the zip; a mismatch is rejected.")
@click.option("--force", is_flag=True, help="Replace a model already installed under that name.")
def model_install(
    name: str | None,
    source: Path | None,
    lang: str | None,
    as_name: str | None,
    sha256: str | None,
    force: bool,
) -> None:
    """Install a model: NAME is a catalog name or a language (zh, ko, en).

    \b
    trainer model install zh                       # downloads (asks the network)
    trainer model install --from vosk-model-small-cn-0.22.zip
    """
    from trainer.asr import models

    if source is not None:
        done = models.install_from(
            source,
            name=as_name if as_name is not None else name,
            language=lang,
            sha256=sha256,
            force=force,
        )
    elif name:
        entry = models.catalog_entry(name)
        click.echo(f"downloading {entry.url}", err=True)
        with _bar(int((entry.size_mb or 0) * 1024) or None, "downloading (KiB)") as bar:

            def progress(done: int, total: int | None) -> None:
                bar.update(done // 1024 - bar.pos)

            done = models.download(entry, progress=progress, force=force)
    else:
        raise click.UsageError("give a model name or language, or --from FILE.zip|DIR")
    click.echo(f"installed {done.name} ({done.language}) in {done.path}")


@model.command("path")
@click.argument("lang", type=LANGS)
def model_path(lang: str) -> None:
    """Print the folder of the model used for LANG."""
    from trainer.asr import models

    click.echo(str(models.find_model(lang).path))


@click.group("audio")
def audio() -> None:
    """Microphones and speakers."""


@audio.command("devices")
def audio_devices() -> None:
    """List audio devices (> marks the default input, < the default output)."""
    from trainer.audio.recorder import list_devices

    devices = list_devices()
    if not devices:
        click.echo("no audio devices found (is a sound server running?)", err=True)
    for d in devices:
        mark = (">" if d.default_input else " ") + ("<" if d.default_output else " ")
        click.echo(
            f"{mark} {d.index:3} {d.name:40} in {d.inputs:2}  out {d.outputs:2}  {d.default_rate:.0f} Hz"
        )


def _model_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option(
        "--workers",
        type=click.IntRange(1, 16),
        default=1,
        show_default=True,
        help="Threads decoding in parallel (they share one model).",
    )(f)
    f = click.option(
        "--model",
        "model_dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="A model folder instead of the installed model for --lang.",
    )(f)
    return f


@click.command("transcribe")
@click.option("--lang", type=LANGS, help="Language (picks the installed model).")
@_model_options
@click.option("--jsonl", is_flag=True, help="One JSON object a file: audio, text, words, duration.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def transcribe(
    lang: str | None, model_dir: Path | None, workers: int, jsonl: bool, files: tuple[Path, ...]
) -> None:
    """Transcribe recordings (WAV, FLAC, OGG, MP3; any rate) offline."""
    if not lang and not model_dir:
        raise click.UsageError("give --lang or --model")
    from trainer.cli.batch_output import Lines

    def line(row: dict[str, Any]) -> str:
        return f"{row['audio']}\t{row['text'] if 'error' not in row else 'error: ' + row['error']}"

    out = Lines(None if jsonl else line)
    results = _run(files, lang, model_dir, workers, None, lambda r: out.write(_row(r, "en")))
    _exit_on_errors(results)


@click.command("score-audio")
@click.option("--pack", "pack_id", help="Pack id whose turn to score against (with --turn).")
@click.option("--turn", "turn_id", help="Turn id within the pack.")
@click.option("--lang", type=LANGS, help="Language, with --expected.")
@click.option("--expected", help="The standard phrase ([a|b] alternatives allowed).")
@_model_options
@click.option("--jsonl", is_flag=True, help="One JSON object a file (transcript and verdict).")
@click.option(
    "--csv",
    "csv_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a CSV table to this file.",
)
@click.option(
    "--pass-mark",
    type=click.IntRange(1, 100),
    default=80,
    show_default=True,
    help="Pass mark with --expected.",
)
@click.option("--ui", type=click.Choice(["en", "zh"]), help="Language of the reasons.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def score_audio(
    pack_id: str | None,
    turn_id: str | None,
    lang: str | None,
    expected: str | None,
    model_dir: Path | None,
    workers: int,
    jsonl: bool,
    csv_out: Path | None,
    pass_mark: int,
    ui: str | None,
    files: tuple[Path, ...],
) -> None:
    """Transcribe recorded replies (or call openings) and score them.

    \b
    trainer score-audio --lang ko --expected "기다려 주셔서 감사합니다" replies/*.wav
    trainer score-audio --pack property-zh --turn phone.answer calls/*.mp3 --csv scores.csv
    """
    from trainer.core.scoring import PackScorer, asr_channel, score_expected

    if jsonl and csv_out:
        raise click.UsageError("give --jsonl or --csv, not both")
    if bool(pack_id) == bool(lang):
        raise click.UsageError("give either --pack (with --turn) or --lang (with --expected)")
    if pack_id:
        from trainer.packs import load_pack

        if not turn_id:
            raise click.UsageError("--turn is needed with --pack")
        scorer = PackScorer(load_pack(pack_id))
        lang = scorer.pack.language
        try:
            scorer.pack.turn(turn_id)
        except KeyError as exc:
            raise TrainerError(str(exc.args[0])) from None
        channel = asr_channel(lang)

        def score(t: Any) -> Any:
            return scorer.score(turn_id, t.text, channel=channel)
    else:
        if not expected:
            raise click.UsageError("--expected is needed with --lang")
        assert lang is not None
        channel = asr_channel(lang)

        def score(t: Any) -> Any:
            return score_expected(t.text, expected, lang, channel=channel, pass_mark=pass_mark)

    ui = ui or ("zh" if lang == "zh" else "en")
    from trainer.cli.batch_output import CsvTable, Lines

    def line(row: dict[str, Any]) -> str:
        mark = "ERROR" if "error" in row else ("PASS " if row["passed"] else "FAIL ")
        detail = row.get("error") or f"{row['score']:5.1f}  {row['text']}"
        return f"{mark} {row['audio']}  {detail}"

    out: Any = CsvTable(csv_out, CSV_COLUMNS) if csv_out else Lines(None if jsonl else line)
    try:
        results = _run(files, lang, model_dir, workers, score, lambda r: out.write(_row(r, ui)))
    finally:
        out.close()
    from trainer.batch import summarise

    s = summarise(results)
    click.echo(
        f"{s['files']} file(s): {s['passed']} passed, {s['failed']} failed, {s['errors']} unreadable; "
        f"mean score {s['mean_score']}; {s['audio_seconds']} s of audio"
        + (f"; table in {csv_out}" if csv_out and not out.failed else ""),
        err=True,
    )
    _exit_on_errors(results, out.failed)


def _run(
    files: tuple[Path, ...],
    lang: str | None,
    model_dir: Path | None,
    workers: int,
    score: Any,
    emit: Callable[[Any], None],
) -> list[Any]:
    """Transcribe (and score) the files; ``emit`` gets each file's result as it is done."""
    from trainer.asr import models
    from trainer.asr.vosk import VoskModel
    from trainer.batch import run_batch

    if model_dir is not None:
        meta = models.read_marker(model_dir)
        loaded = VoskModel(model_dir, lang or meta.get("language", ""))
    else:
        assert lang is not None
        loaded = VoskModel(models.find_model(lang).path, lang)
    cancel = threading.Event()
    with _bar(len(files), "transcribing") as bar:
        try:
            return run_batch(
                list(files),
                lambda: loaded.transcriber(end_silence=None),
                workers=workers,
                score=score,
                progress=lambda done, total, result: (emit(result), bar.update(1)),
                cancel=cancel,
            )
        except KeyboardInterrupt:
            cancel.set()
            raise


def _row(r: Any, ui: str) -> dict[str, Any]:
    from trainer.cli.batch_output import shown

    row: dict[str, Any] = {"audio": shown(r.audio)}
    if r.error:
        return {**row, "error": r.error}
    row.update(r.transcript.as_dict())
    return {**row, **r.verdict.as_dict(ui)} if r.verdict is not None else row


CSV_COLUMNS = (
    "audio",
    "text",
    "duration",
    "score",
    "passed",
    "completeness",
    "accuracy",
    "reasons",
    "error",
)


def _exit_on_errors(results: list[Any], output_failed: bool = False) -> None:
    narrow = sum(1 for r in results if r.ok and 0 < r.source_rate < 16000)
    if narrow:
        click.echo(
            f"note: {narrow} file(s) were recorded below 16 kHz (telephone band); the small Vosk "
            "models are trained on 16 kHz speech and recognise such audio poorly",
            err=True,
        )
    bad = sum(1 for r in results if r.error)
    if bad:
        click.echo(f"{bad} file(s) could not be read; see their error lines", err=True)
    if bad or output_failed:
        sys.exit(1)


def _bar(length: int | None, label: str) -> Any:
    """click's progress bar on stderr, drawn only when stderr is a terminal."""
    return click.progressbar(
        length=length, label=label, file=sys.stderr, hidden=not sys.stderr.isatty()
    )


COMMANDS = (model, audio, transcribe, score_audio)
