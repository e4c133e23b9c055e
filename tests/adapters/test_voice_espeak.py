"""The espeak-ng fallback: Mandarin through pinyin with tone digits, Korean, styles."""

from __future__ import annotations

import numpy as np
import pytest

from trainer.voice import dsp, espeak
from trainer.voice.library import Line
from trainer.voice.render import voice_line
from trainer.voice.style import style_for

pytestmark = pytest.mark.skipif(not espeak.available(), reason="espeak-ng not installed")

SR = espeak.SAMPLE_RATE
KOREAN = "이번 달 요금이 얼마나 나왔는지 알고 싶어요."  # 17 syllables


def test_pinyin_carries_tone_digits_and_neutral_fives() -> None:
    assert espeak.pinyin_text("你好，麻烦你们。") == "ni3 hao3, ma2 fan2 ni3 men5."
    assert espeak.pinyin_text("喂……楼上？") == "wei4, lou2 shang4?"


def test_mandarin_is_read_as_pinyin_not_as_english_numbers() -> None:
    engine = espeak.EspeakEngine("zh")
    assert "cmn-latn-pinyin" in engine.command("你好", style_for("agent", "calm"))
    audio = engine.synthesize("我家楼上的水管漏水了", style_for("agent", "calm"))
    # 10 syllables; tone digits read aloud as English ("three", "four"...) would double it
    assert 0.12 < len(audio) / SR / 10 < 0.4
    assert dsp.voiced_rms(audio, SR) > 0.01


def test_korean_speech_is_16khz_mono_and_plausibly_paced() -> None:
    audio = espeak.EspeakEngine("ko").synthesize(KOREAN, style_for("agent", "calm"))
    assert audio.ndim == 1 and audio.dtype == np.float32
    assert 0.1 < len(audio) / SR / 17 < 0.4
    assert dsp.voiced_rms(audio, SR) > 0.01


def test_angry_is_faster_and_louder_and_voices_differ() -> None:
    engine = espeak.EspeakEngine("ko")
    calm = voice_line(engine, Line("caller", KOREAN, "man", "calm"))
    angry = voice_line(engine, Line("caller", KOREAN, "man", "angry"))
    woman = voice_line(engine, Line("caller", KOREAN, "woman", "calm"))
    assert len(angry) < 0.85 * len(calm)
    assert dsp.voiced_rms(angry, SR) > 1.6 * dsp.voiced_rms(calm, SR)
    assert dsp.median_f0(woman, SR) > 1.6 * dsp.median_f0(calm, SR)
    assert np.abs(angry).max() < 0.9
