"""Saving a call as it happens: the one place a call and its attempts are written.

``CallLog`` writes at once (the command line prints an attempt only after its row is
committed); ``QueuedCallLog`` queues the writes for the app's database worker, which may still
be opening the database when the call starts: nothing is dropped meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from trainer.core.outcome import Attempt, CallResult
from trainer.core.session import Call

if TYPE_CHECKING:
    from trainer.practice import CallStore, Reply


class CallLog:
    """The one place a call is saved: ``open`` starts the call, ``attempt`` stores an attempt
    with its recording and words, ``end`` closes the call with its total (None: unfinished).

    ``store`` is a ``CallStore`` or a function that gives one, waiting for it (a database still
    opening). ``on_saved(kind, step)`` reports each committed write."""

    def __init__(
        self,
        store: CallStore | Callable[[], CallStore],
        call: Call,
        trainee: str,
        *,
        exam_id: int | None = None,
        on_saved: Callable[[str, int | None], None] | None = None,
    ):
        self._store = store
        self.call, self.trainee, self.exam_id = call, trainee, exam_id
        self.on_saved = on_saved or (lambda kind, step: None)
        self.call_id: int | None = None
        self.ended = False

    @property
    def store(self) -> CallStore:
        store = self._store
        if callable(store) and not hasattr(store, "record_attempt"):
            self._store = store = store()
        return store  # type: ignore[return-value]

    def open(self) -> None:
        if self.call_id is not None:
            return
        call, store = self.call, self.store
        person = store.ensure_trainee(self.trainee or "trainee")
        extra = {"exam_id": self.exam_id} if self.exam_id is not None else {}
        self.call_id = store.start_call(
            person.id, pack=call.pack, scenario_id=call.scenario.id, mode=str(call.mode),
            pickup_ring=call.pickup_ring, **extra,
        )  # fmt: skip
        self.on_saved("call", None)

    def attempt(self, attempt: Attempt, reply: Reply | None = None) -> None:
        self.open()
        assert self.call_id is not None
        self.store.record_attempt(
            self.call_id, turn_id=attempt.turn, step_index=attempt.step,
            transcript=attempt.reply, verdict=attempt.verdict, timing=attempt.timing,
            words=list(reply.words) if reply is not None and reply.words else None,
            audio=reply.samples if reply is not None else None,
        )  # fmt: skip
        self.on_saved("attempt", attempt.step)

    def end(self, result: CallResult | None) -> None:
        if self.ended:
            return
        self.open()
        assert self.call_id is not None
        self.ended = True
        total = result.score if result is not None else None
        passed = result.passed if result is not None else None
        self.store.end_call(self.call_id, total_score=total, passed=passed)
        self.on_saved("end", None)


class QueuedCallLog(CallLog):
    """A ``CallLog`` whose writes are queued by the call and made by ``run`` on another thread
    (the app's database worker), so the call never waits for the database."""

    def __init__(self, *args: Any, **kwargs: Any):
        import queue

        super().__init__(*args, **kwargs)
        self._queue: queue.SimpleQueue[tuple[str, Any, Any]] = queue.SimpleQueue()

    def open(self) -> None:
        self._queue.put(("open", None, None))

    def attempt(self, attempt: Attempt, reply: Reply | None = None) -> None:
        self._queue.put(("attempt", attempt, reply))

    def end(self, result: CallResult | None) -> None:
        self._queue.put(("end", result, None))

    def run(self, cancel: threading.Event | None = None) -> int | None:
        """Write until the call ends; a ``cancel`` (the app closing) leaves it unfinished."""
        import queue

        if self.store is None:  # the database never opened: nothing can be saved
            return None
        while True:
            try:
                kind, item, reply = self._queue.get(timeout=0.2)
            except queue.Empty:
                if cancel is None or not cancel.is_set():
                    continue
                kind, item, reply = "end", None, None
            if kind == "open":
                CallLog.open(self)
            elif kind == "attempt":
                CallLog.attempt(self, item, reply)
            else:
                CallLog.end(self, item)
                return self.call_id
