"""Replies as they happen, for ``practice.run_call``: spoken into the microphone (decoded while
they are said, a fresh recogniser per reply) or typed, switching between the two mid-turn.

Listening is driven by the audio: ``VoiceActivity`` (the signal against the room's own noise
floor) says when someone is speaking, so a reply that starts at any moment before the caller's
patience runs out is heard whole, and the caller only speaks up after real silence. A reply ends
by the recogniser's full rule (words, then ``end_silence`` of quiet), or sooner, after a short
pause, once the words heard already cover the expected phrase.
"""

from __future__ import annotations

import queue
import re
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from trainer.asr.base import BYTES_PER_SECOND, Transcriber
from trainer.audio.capture import Capture, Microphone, VoiceActivity
from trainer.core.scoring import asr_channel
from trainer.core.session import Call
from trainer.errors import AudioError
from trainer.practice import Cancelled, Reply, timing_of

SHORT_PAUSE = 0.3  # seconds of quiet that end a reply whose words already cover the phrase
QUIET_AFTER_WORDS = 1.5  # the recogniser's rule is the first to fire; this is the backstop
REAL_SILENCE = 1.0
PREROLL = 1.0  # seconds of the silence before kept when the caller speaks up and listens on  # a noise without words must be followed by this much quiet to be silence
_MARKED = re.compile(r"^[\[{(<](.*)[\]})>]$")
_NOT_WORDS = frozenset({"unk", "noise", "laughter", "sil"})


def shown_words(text: str) -> str:
    """The words of a partial transcript as a reader should see them: the marks a recogniser
    puts around numbers and spelled-out words (``[1]``, ``{만}``, ``(천)``) taken off, and its
    own tokens (``[unk]``, ``<unk>``) left out."""
    words = []
    for word in text.split():
        marked = _MARKED.match(word)
        if marked:
            word = marked.group(1)
            if word.lower() in _NOT_WORDS:
                continue
        if word:
            words.append(word)
    return " ".join(words)


class _Either:
    def __init__(self, *events: threading.Event | None):
        self.events = [e for e in events if e is not None]

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


def listen_reply(
    capture: Capture,
    transcriber: Transcriber,
    language: str,
    *,
    silence_after: float,
    floor_db: float | None = None,
    covers: Callable[[str], bool] | None = None,
    max_seconds: float = 30.0,
    short_pause: float = SHORT_PAUSE,
    preroll: bytes = b"",
    end_capture: bool = True,
    on_partial: Callable[[str], object] | None = None,
    on_heard: Callable[[], object] | None = None,
    cancel: Any = None,
) -> Reply:
    """Decode one reply from ``capture`` (started before the trainee was asked to speak).

    It ends when the recogniser says the speaker finished, when ``covers(words so far)`` is
    true and ``short_pause`` s of quiet followed, after ``max_seconds``, or, as a silent
    ``Reply``, after ``silence_after`` s in which nobody spoke. ``on_partial`` gets the words
    heard so far when they change; ``on_heard`` is called once the speaker is done, before the
    final decode. ``preroll`` (audio heard just before) is decoded first and kept with the
    reply. The capture is ended whatever happens (the stream is the microphone's), unless
    ``end_capture`` is False: then the caller ends it, or listens on with it."""

    activity = VoiceActivity(floor_db=floor_db)
    heard, shown = 0.0, ""
    recorded = bytearray()
    pending = [preroll] if preroll else []
    try:
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            fresh = not pending
            chunk = capture.read(timeout=0.25) if fresh else pending.pop()
            if not chunk:
                continue
            recorded += chunk
            heard += len(chunk) / BYTES_PER_SECOND if fresh else 0.0
            activity.feed(chunk)
            done = transcriber.feed(chunk)
            text = shown_words(transcriber.partial())
            if text != shown and on_partial is not None:
                on_partial(text)
            shown = text
            if done or heard >= max_seconds:
                break
            if text and activity.quiet >= QUIET_AFTER_WORDS:
                break
            if text and covers is not None and activity.quiet >= short_pause and covers(text):
                break
            silent = activity.started is None or activity.quiet >= REAL_SILENCE
            if heard >= silence_after and silent and not text:
                break
    finally:
        if end_capture:
            capture.end()
    if on_heard is not None:
        on_heard()
    transcript = transcriber.finish()
    samples = np.frombuffer(bytes(recorded), dtype=np.int16)  # exactly what was decoded
    if not transcript.text.strip():
        return Reply("", samples=samples, silence=round(heard, 2))
    return Reply(
        transcript.text,
        timing_of(transcript),
        asr_channel(language),
        samples=samples,
        words=tuple(w.as_dict() for w in transcript.words),
    )


def covers_phrase(
    scorer: Any, turn: str, language: str, step_keys: Any = ()
) -> Callable[[str], bool]:
    """Whether the words heard so far already say ``turn``'s phrase to its end (a
    ``core.scoring.PackScorer`` judges them as a recogniser's transcript)."""
    from trainer.core.align import OMISSION

    channel = asr_channel(language)

    def covers(text: str) -> bool:
        verdict = scorer.score(turn, text, channel=channel, step_keys=step_keys)
        pieces = verdict.pieces
        ends = not pieces or pieces[-1].kind != OMISSION
        return verdict.completeness >= 0.9 and not verdict.keys_missing and ends

    return covers


class SpeechUnavailable(Exception):
    """No speech model for the pack's language: replies are typed."""


class LiveReplies:
    """The trainee's replies in a live call (a ``practice.ReplySource``).

    Spoken when ``voice`` is on: the microphone (``make_recorder``) is opened on the first
    spoken turn and kept open until ``close``; a capture starts before ``on_event("listening")``
    tells the screen to say "speak now". ``transcribers()`` gives a fresh recogniser, None while
    the model is still loading (``on_event("loading_model")``), or raises ``SpeechUnavailable``.
    Typed replies come from ``type(text)``; ``use_voice(on)`` switches mid-turn. Events:
    loading_model, listening, typing, partial (text), heard, typed_because (reason)."""

    def __init__(
        self,
        language: str,
        *,
        make_recorder: Callable[[], Any] | None,
        transcribers: Callable[[], Transcriber | None],
        voice: bool = True,
        on_event: Callable[..., object] = lambda *args: None,
        on_level: Callable[[float], object] | None = None,
        cancel: threading.Event | None = None,
        early_end: bool = True,
    ):
        self.language, self.make_recorder, self.transcribers = language, make_recorder, transcribers
        self.voice, self.on_event, self.on_level, self.cancel = voice, on_event, on_level, cancel
        self.early_end = early_end
        self.microphone: Microphone | None = None
        self._typed: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._switch = threading.Event()
        self._turn: tuple[int, int] | None = None
        self._silent = 0.0
        self._kept: Capture | None = None  # listened on after a silence, within a turn
        self._preroll = b""

    # -- from the screen's thread --------------------------------------------------------

    def type(self, text: str) -> None:
        self._typed.put(text)

    def use_voice(self, on: bool) -> None:
        self.voice = on
        self._switch.set()

    # -- from the call's thread ----------------------------------------------------------

    def __call__(self, call: Call) -> Reply | None:
        turn = (call.index, len(call.history))  # a silence branch to another step: a new index
        if turn != self._turn:
            self._turn, self._silent = turn, 0.0
            self._let_go()
        rule = call.silence_rule
        wait = rule.prompt_after if self._silent < rule.prompt_after else rule.hang_up_after
        while True:
            self._switch.clear()
            reply = self._spoken(call, max(0.5, wait - self._silent)) if self.voice else None
            if reply is None and not self.voice:
                reply = self._written()
            if reply is None:
                continue  # switched between voice and typing
            if reply.text:
                return reply
            self._silent += reply.silence
            return Reply("", samples=reply.samples, silence=round(self._silent, 2))

    def _written(self) -> Reply | None:
        self.on_event("typing")
        while True:
            if self.cancel is not None and self.cancel.is_set():
                raise Cancelled
            if self._switch.is_set():
                return None
            try:
                text = self._typed.get(timeout=0.1)
            except queue.Empty:
                continue
            if text.strip():
                return Reply(text.strip())

    def _spoken(self, call: Call, silence_after: float) -> Reply | None:
        try:
            transcriber = self._transcriber()
            if transcriber is None:
                return None
            if self.microphone is None:
                if self.make_recorder is None:
                    raise AudioError("no microphone")
                self.microphone = Microphone(self.make_recorder(), on_level=self.on_level).open()
            capture = self._kept or self.microphone.capture()
        except (AudioError, SpeechUnavailable) as exc:
            self._give_up_voice(str(exc))
            return None
        self._kept = None
        self.on_event("listening")
        try:
            reply = listen_reply(
                capture, transcriber, self.language, silence_after=silence_after,
                floor_db=self.microphone.floor_db, preroll=self._preroll, end_capture=False,
                covers=self._covers(call) if self.early_end else None,
                on_partial=lambda text: self.on_event("partial", text),
                on_heard=lambda: self.on_event("heard"),
                cancel=_Either(self.cancel, self._switch),
            )  # fmt: skip
        except Cancelled:
            capture.end()
            if self.cancel is not None and self.cancel.is_set():
                raise
            return None
        except AudioError as exc:
            capture.end()
            self._give_up_voice(str(exc))
            return None
        if reply.text:
            capture.end()
            self._preroll = b""
        else:  # listen on, without a gap: speech that began at the limit is heard whole
            self._kept = capture
            tail = np.asarray(reply.samples, dtype=np.int16)[-int(PREROLL * 16000) :]
            self._preroll = tail.tobytes()
        return reply

    def _let_go(self) -> None:
        kept, self._kept, self._preroll = self._kept, None, b""
        if kept is not None:
            kept.end()

    @staticmethod
    def _covers(call: Call) -> Callable[[str], bool]:
        return covers_phrase(call.scorer, call.step.turn, call.pack.language, call.step.keys)

    def _transcriber(self) -> Transcriber | None:
        """A fresh recogniser, waiting while the model loads; None when switched to typing."""
        announced = False
        while True:
            made = self.transcribers()
            if made is not None:
                return made
            if not announced:
                self.on_event("loading_model")
                announced = True
            if self.cancel is not None and self.cancel.is_set():
                raise Cancelled
            if self._switch.wait(0.1):
                return None

    def _give_up_voice(self, reason: str) -> None:
        self.voice = False
        self.close()
        self.on_event("typed_because", reason)

    def close(self) -> None:
        self._let_go()
        microphone, self.microphone = self.microphone, None
        if microphone is not None:
            microphone.close()


def monitor_level(
    recorder: Any, on_level: Callable[[float], object], cancel: threading.Event
) -> None:
    """Report the microphone's loudness chunk by chunk until ``cancel`` is set; raises what
    stopped the microphone."""
    with Microphone(recorder, on_level=on_level) as microphone:
        while not cancel.wait(0.2):
            if microphone.error is not None:
                raise microphone.error
