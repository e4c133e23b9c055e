"""Voices of a call: the caller lines and model answers rendered into each pack, and the ring.

Playing needs no speech engine: ``caller_line_audio``, ``model_answer_audio`` and
``ring_tone_file`` return files. Rendering (``trainer pack voice``) lives in ``render``.
"""

from trainer.voice.library import caller_line_audio, model_answer_audio
from trainer.voice.ringtone import ring_tone, ring_tone_file

__all__ = ["caller_line_audio", "model_answer_audio", "ring_tone", "ring_tone_file"]
