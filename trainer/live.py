"""The live call, for the app's workers: listen to one reply from the microphone while it is
decoded, report the microphone's level, and save a call in order as it happens."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from trainer.asr.base import Transcriber
from trainer.core.outcome import Attempt, CallResult
from trainer.core.scoring import asr_channel
from trainer.core.session import Call
from trainer.practice import CallStore, Cancelled, Reply, timing_of


def listen_reply(
    recorder: Any,
    transcriber: Transcriber,
    language: str,
    *,
    silence_after: float,
    max_seconds: float = 30.0,
    on_partial: Callable[[str], object] | None = None,
    on_level: Callable[[float], object] | None = None,
    cancel: threading.Event | None = None,
) -> Reply:
    """Record one reply from ``recorder`` while ``transcriber`` decodes it, until the speaker
    finishes (the transcriber's end of utterance), ``max_seconds`` pass, or nothing has been
    heard for ``silence_after`` seconds (then a silent ``Reply`` of that length).

    ``on_partial`` gets the words heard so far whenever they change; ``on_level`` the loudness
    of each chunk. A microphone lost mid-reply raises ``MicrophoneLost``."""
    import numpy as np

    from trainer.asr.base import BYTES_PER_SECOND
    from trainer.audio.recorder import level_db

    transcriber.reset()
    recorder.start()
    heard, shown = 0.0, ""
    try:
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            chunk = recorder.read()
            heard += len(chunk) / BYTES_PER_SECOND
            if on_level is not None:
                on_level(level_db(chunk))
            done = transcriber.feed(chunk)
            text = transcriber.partial()
            if text != shown and on_partial is not None:
                on_partial(text)
            shown = text
            if done or heard >= max_seconds or (not text and heard >= silence_after):
                break
    finally:
        recorded = recorder.stop()
    transcript = transcriber.finish()
    samples = np.frombuffer(recorded, dtype=np.int16)
    if not transcript.text.strip():
        return Reply("", samples=samples, silence=round(heard, 2))
    return Reply(
        transcript.text,
        timing_of(transcript),
        asr_channel(language),
        samples=samples,
        words=tuple(w.as_dict() for w in transcript.words),
    )


def monitor_level(
    recorder: Any, on_level: Callable[[float], object], cancel: threading.Event
) -> None:
    """Report the microphone's loudness chunk by chunk until ``cancel`` is set."""
    from trainer.audio.recorder import level_db

    recorder.start()
    try:
        while not cancel.is_set():
            on_level(level_db(recorder.read()))
    finally:
        recorder.close()


class CallLog:
    """Saves one call as it happens, in order, from one worker thread: ``run`` opens the call,
    stores each ``attempt`` put on it, and closes the call at ``end`` (with its total) or
    ``abandon`` (left unfinished). ``on_saved(kind, step)`` reports each committed write."""

    def __init__(
        self,
        store: CallStore,
        call: Call,
        trainee: str,
        *,
        exam_id: int | None = None,
        on_saved: Callable[[str, int | None], None] | None = None,
    ):
        import queue

        self.store, self.call, self.trainee, self.exam_id = store, call, trainee, exam_id
        self.on_saved = on_saved or (lambda kind, step: None)
        self.call_id: int | None = None
        self._queue: Any = queue.SimpleQueue()

    def attempt(self, attempt: Attempt, reply: Reply | None = None) -> None:
        self._queue.put(("attempt", attempt, reply))

    def end(self, result: CallResult) -> None:
        self._queue.put(("end", result, None))

    def abandon(self) -> None:
        self._queue.put(("end", None, None))

    def run(self, cancel: threading.Event | None = None) -> int:
        """Write until ``end``/``abandon``; a ``cancel`` (the app closing) leaves the call
        unfinished."""
        import queue

        call, store = self.call, self.store
        person = store.ensure_trainee(self.trainee or "trainee")
        extra = {"exam_id": self.exam_id} if self.exam_id is not None else {}
        self.call_id = store.start_call(
            person.id, pack=call.pack, scenario_id=call.scenario.id, mode=str(call.mode),
            pickup_ring=call.pickup_ring, **extra,
        )  # fmt: skip
        self.on_saved("call", None)
        while True:
            try:
                kind, item, reply = self._queue.get(timeout=0.2)
            except queue.Empty:
                if cancel is not None and cancel.is_set():
                    kind, item, reply = "end", None, None
                else:
                    continue
            if kind == "end":
                total = item.score if item is not None else None
                passed = item.passed if item is not None else None
                store.end_call(self.call_id, total_score=total, passed=passed)
                self.on_saved("end", None)
                return self.call_id
            store.record_attempt(
                self.call_id, turn_id=item.turn, step_index=item.step, transcript=item.reply,
                verdict=item.verdict, timing=item.timing,
                words=list(reply.words) if reply is not None and reply.words else None,
                audio=reply.samples if reply is not None else None,
            )  # fmt: skip
            self.on_saved("attempt", item.step)
