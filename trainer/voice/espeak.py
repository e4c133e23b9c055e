"""The fallback voice for any language: espeak-ng (GPL-3.0; its output is not restricted).

Mandarin goes through ``cmn-latn-pinyin`` fed pinyin with tone digits from pypinyin: plain
``cmn`` on Debian 12 reads tone digits as English numbers. Callers differ by espeak-ng voice
variant (m3, f3, grandpa...), and the mood sets speed and pitch.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import numpy as np
import soundfile as sf
import soxr

from trainer.errors import TrainerError
from trainer.voice.style import Style

LANGUAGE_VOICES = {"zh": "cmn-latn-pinyin", "ko": "ko", "en": "en-us"}
BASE_WPM = 165
BASE_PITCH = 50
SAMPLE_RATE = 16000

_PUNCTUATION = str.maketrans(
    {"，": ",", "、": ",", "。": ".", "！": "!", "？": "?", "；": ";", "：": ":", "…": ","}
)


class EspeakMissing(TrainerError):
    """espeak-ng is not installed."""


def executable() -> str | None:
    return shutil.which("espeak-ng")


def available() -> bool:
    return executable() is not None


def pinyin_text(text: str) -> str:
    """Mandarin as space-separated pinyin with tone digits (5 = neutral), punctuation kept."""
    from pypinyin import Style as PinyinStyle
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(text, style=PinyinStyle.TONE3, neutral_tone_with_five=True)
    out = " ".join(s.strip() for s in syllables if s.strip())
    out = out.translate(_PUNCTUATION)
    out = re.sub(r"\s+([,.!?;:])", r"\1", out)
    return re.sub(r"([,.!?;:])[,.!?;:]+", r"\1", out)


class EspeakEngine:
    """``synthesize(text, style)`` -> float32 mono, 16 kHz (espeak-ng's 22050 Hz output
    carries nothing above 8 kHz worth the bytes)."""

    name = "espeak"

    def __init__(self, language: str):
        if language not in LANGUAGE_VOICES:
            raise EspeakMissing(f"espeak-ng: no voice set up for language {language!r}")
        exe = executable()
        if exe is None:
            raise EspeakMissing(
                "espeak-ng is not installed: `apt-get install espeak-ng` (Debian/Ubuntu)"
            )
        self.exe = exe
        self.language = language
        self.sample_rate = SAMPLE_RATE

    def command(self, text: str, style: Style) -> list[str]:
        voice = LANGUAGE_VOICES[self.language]
        if style.variant:
            voice += f"+{style.variant}"
        pitch = int(np.clip(BASE_PITCH * style.pitch, 0, 99))
        speed = int(BASE_WPM * style.tempo)
        spoken = pinyin_text(text) if self.language == "zh" else text
        return [self.exe, "-v", voice, "-s", str(speed), "-p", str(pitch), "--stdout", spoken]

    def synthesize(self, text: str, style: Style) -> np.ndarray:
        try:
            done = subprocess.run(
                self.command(text, style), capture_output=True, check=True, timeout=60
            )
        except subprocess.CalledProcessError as exc:
            detail = exc.stderr.decode(errors="replace").strip()
            raise EspeakMissing(f"espeak-ng failed on {text!r}: {detail}") from None
        audio, rate = sf.read(io.BytesIO(done.stdout), dtype="float32")
        if audio.ndim > 1:
            audio = audio.mean(axis=1)
        return np.asarray(soxr.resample(audio, rate, SAMPLE_RATE), dtype=np.float32)
