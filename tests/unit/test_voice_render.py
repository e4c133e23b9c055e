"""Rendering a pack's voice: one file per line, an index, only what is missing, recordings win.

The engine here is a stand-in (a tone per character) so the bookkeeping is tested without a
speech engine; tests/adapters/test_voice_*.py use the real ones.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from trainer.packs import find_pack, load_pack_file
from trainer.voice import caller_line_audio, model_answer_audio
from trainer.voice.library import audio_dir, pack_lines, read_index
from trainer.voice.render import render_pack
from trainer.voice.style import Style


class ToneEngine:
    """Half a second of tone per character, at 150 Hz x the style's pitch."""

    name = "tone"
    sample_rate = 16000

    def __init__(self) -> None:
        self.spoken: list[str] = []

    def synthesize(self, text: str, style: Style) -> np.ndarray:
        self.spoken.append(text)
        t = np.arange(int(0.1 * len(text) / style.tempo * self.sample_rate)) / self.sample_rate
        return (0.2 * np.sin(2 * np.pi * 150 * style.pitch * t)).astype(np.float32)


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """The Korean pack, copied without its rendered audio."""
    folder = tmp_path / "callcentre-ko"
    shutil.copytree(find_pack("callcentre-ko"), folder, ignore=shutil.ignore_patterns("audio"))
    return folder


def test_every_line_gets_a_file_and_an_index_entry(pack_copy: Path) -> None:
    pack = load_pack_file(pack_copy)
    engine = ToneEngine()
    report = render_pack(pack, pack_copy, engine=engine)
    lines = pack_lines(pack)
    assert len(report.rendered) == len(lines) == len(engine.spoken)
    index = read_index(pack_copy)
    for scenario in pack.scenarios:
        for step in scenario.steps:
            if step.caller:
                path = caller_line_audio(pack_copy, step.caller)
                assert path is not None and path.parent == audio_dir(pack_copy)
                audio, sr = sf.read(path)
                assert sr == 16000 and audio.ndim == 1
                assert len(audio) / sr == pytest.approx(
                    index[(step.caller.text, step.caller.voice, step.caller.mood)].seconds, abs=0.01
                )
    for turn in pack.turns.values():
        assert model_answer_audio(pack_copy, turn) is not None
    files = {p.name for p in audio_dir(pack_copy).iterdir()}
    assert files == {"index.json"} | {e.file for e in index.values()}


def test_a_second_run_renders_nothing(pack_copy: Path) -> None:
    pack = load_pack_file(pack_copy)
    render_pack(pack, pack_copy, engine=ToneEngine())
    again = ToneEngine()
    report = render_pack(pack, pack_copy, engine=again)
    assert again.spoken == [] and report.rendered == []
    assert report.kept == len(pack_lines(pack))


def test_an_edited_line_is_rendered_alone_and_its_old_file_removed(pack_copy: Path) -> None:
    pack = load_pack_file(pack_copy)
    render_pack(pack, pack_copy, engine=ToneEngine())
    old = caller_line_audio(pack_copy, pack.scenarios[0].steps[1].caller)
    yaml_file = pack_copy / "pack.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("알고 싶어요.", "궁금해요."), encoding="utf-8"
    )
    edited = load_pack_file(pack_copy)
    engine = ToneEngine()
    report = render_pack(edited, pack_copy, engine=engine)
    assert engine.spoken == ["이번 달 요금이 얼마나 나왔는지 궁금해요."]
    assert report.removed == 1 and old is not None and not old.exists()
    assert caller_line_audio(pack_copy, edited.scenarios[0].steps[1].caller) is not None


def test_force_renders_everything_and_a_lost_file_is_rendered_again(pack_copy: Path) -> None:
    pack = load_pack_file(pack_copy)
    render_pack(pack, pack_copy, engine=ToneEngine())
    lost = model_answer_audio(pack_copy, pack.turn("call.farewell"))
    assert lost is not None
    lost.unlink()
    engine = ToneEngine()
    render_pack(pack, pack_copy, engine=engine)
    assert engine.spoken == [pack.turn("call.farewell").model_answer]
    engine = ToneEngine()
    render_pack(pack, pack_copy, engine=engine, force=True)
    assert len(engine.spoken) == len(pack_lines(pack))


def test_a_line_with_its_own_recording_is_played_not_rendered(pack_copy: Path) -> None:
    recording = pack_copy / "recordings" / "pardon.flac"
    recording.parent.mkdir()
    sf.write(recording, np.zeros(1600, np.float32), 16000)
    yaml_file = pack_copy / "pack.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    text = text.replace("voice: man}", "voice: man, audio: recordings/pardon.flac}", 1)
    yaml_file.write_text(text, encoding="utf-8")
    pack = load_pack_file(pack_copy)
    line = next(s.caller for s in pack.scenarios[1].steps if s.caller and s.caller.audio)
    engine = ToneEngine()
    render_pack(pack, pack_copy, engine=engine)
    assert line.text not in engine.spoken
    assert caller_line_audio(pack_copy, line) == recording


def test_the_index_names_engine_voice_and_mood(pack_copy: Path) -> None:
    pack = load_pack_file(pack_copy)
    render_pack(pack, pack_copy, engine=ToneEngine())
    doc = json.loads((audio_dir(pack_copy) / "index.json").read_text(encoding="utf-8"))
    assert doc["pack"] == "callcentre-ko"
    kinds = {(e["kind"], e["voice"]) for e in doc["lines"]}
    assert ("answer", "agent") in kinds and ("caller", "woman") in kinds
    assert all(e["engine"] == "tone" and e["file"].endswith(".ogg") for e in doc["lines"])


class MuteEngine(ToneEngine):
    def synthesize(self, text: str, style: Style) -> np.ndarray:
        return np.zeros(self.sample_rate, np.float32)


def test_a_line_the_engine_cannot_say_is_an_error_that_says_what_to_do(pack_copy: Path) -> None:
    from trainer.errors import TrainerError

    with pytest.raises(TrainerError, match="said nothing for .*use --engine espeak"):
        render_pack(load_pack_file(pack_copy), pack_copy, engine=MuteEngine())


def test_an_unwritable_audio_folder_is_an_error_that_says_what_to_do(pack_copy: Path) -> None:
    from trainer.errors import TrainerError

    (pack_copy / "audio").write_text("not a folder")  # fails for root too, unlike chmod
    with pytest.raises(TrainerError, match=r"cannot write the voices into .*copy its folder into"):
        render_pack(load_pack_file(pack_copy), pack_copy, engine=ToneEngine())
