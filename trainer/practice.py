"""Run a whole call headless with real parts: replies typed or recorded, caller lines played,
results saved. The CLI runs calls with it; the app's workers call the same pieces.

Everything slow or device-bound is injected: the reply source, the player, the store and the
transcriber. ``run_call`` checks the cancel event between steps (a worker's cancel).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from trainer.asr.base import Transcriber, Transcript
from trainer.asr.vosk import shared_model
from trainer.audio.files import Recording, read_audio
from trainer.core.outcome import Attempt, CallResult
from trainer.core.scenario import CallerLine
from trainer.core.scoring import TEXT, Channel, Timing, Verdict, asr_channel
from trainer.core.session import Call, Line, Phase
from trainer.errors import TrainerError
from trainer.saving import CallLog, QueuedCallLog

__all__ = [
    "CallLog",
    "Cancelled",
    "QueuedCallLog",
    "Reply",
    "RecordedReplies",
    "TypedReplies",
    "run_call",
]


class Cancelled(Exception):
    """The worker's cancel event was set: the call stopped where it was."""


AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".opus")
_NUMBERED = re.compile(r"^(\d{1,3})$")


@dataclass(frozen=True)
class Reply:
    """What the trainee did on their turn: said ``text``, or stayed silent for ``silence`` s."""

    text: str
    timing: Timing | None = None
    channel: Channel = TEXT
    audio: str | None = None  # where the recording is (shown and stored as a reference)
    samples: Any = None  # 16 kHz int16 samples, for the store's copy of the recording
    words: tuple[dict[str, object], ...] = ()
    silence: float = 0.0


ReplySource = Callable[[Call], Reply | None]  # None: the trainee has nothing more to say


class Player(Protocol):
    def play_file(self, path: Path | str, *, wait: bool = False) -> None: ...


class CallStore(Protocol):
    """The part of ``storage.Repository`` a call writes to."""

    def ensure_trainee(self, name: str) -> Any: ...

    def start_call(
        self,
        trainee_id: int,
        *,
        pack: Any,
        scenario_id: str,
        mode: str = ...,
        pickup_ring: int | None = ...,
    ) -> int: ...

    def record_attempt(
        self,
        call_id: int,
        *,
        turn_id: str,
        step_index: int,
        transcript: str,
        verdict: Verdict,
        words: Sequence[dict[str, Any]] | None = ...,
        timing: Timing | None = ...,
        audio: Any = ...,
    ) -> Any: ...

    def end_call(self, call_id: int, *, total_score: float | None, passed: bool | None) -> None: ...


# -- reply sources ----------------------------------------------------------------------


def transcribe(
    recording: Recording, transcriber: Transcriber, cancel: threading.Event | None = None
) -> Transcript:
    """Feed a whole recording, a quarter second at a time, and return its transcript."""
    transcriber.reset()
    for chunk in recording.chunks(0.25):
        if cancel is not None and cancel.is_set():
            raise Cancelled
        transcriber.feed(chunk)
    return transcriber.finish()


class TypedReplies:
    """Replies typed at a prompt: ``read(prompt)`` gives a line, or None at the end of input.

    An empty line is the trainee staying silent: the first brings the caller's prompt, the
    next the hang-up. The end of input is silence until the caller hangs up."""

    def __init__(self, read: Callable[[str], str | None]):
        self.read = read
        self._empty = 0
        self._visit = 0

    def __call__(self, call: Call) -> Reply | None:
        if len(call.path) != self._visit:  # a new step (a silence branch may lead to one)
            self._visit, self._empty = len(call.path), 0
        line = self.read(f"[{call.turn.title or call.turn.id}] > ")
        if line is None:
            return None
        text = line.strip()
        if text:
            self._empty = 0
            return Reply(text)
        self._empty += 1
        rule = call.silence_rule
        return Reply("", silence=rule.prompt_after if self._empty == 1 else rule.hang_up_after)


def numbered_recordings(folder: Path, turns: int) -> list[Path]:
    """One recording per trainee turn, named by turn order (``01.wav``, ``2.flac`` ...)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise TrainerError(f"{folder}: no such folder of recordings")
    found: dict[int, list[Path]] = {}
    for path in sorted(folder.iterdir()):
        match = _NUMBERED.match(path.stem)
        if path.suffix.lower() in AUDIO_SUFFIXES and match:
            found.setdefault(int(match.group(1)), []).append(path)
    twice = [f"{n:02d}" for n, paths in found.items() if len(paths) > 1]
    missing = [f"{n:02d}" for n in range(1, turns + 1) if n not in found]
    extra = [f"{n:02d}" for n in sorted(found) if not 1 <= n <= turns]
    if twice or missing or extra:
        problems = [f"missing {', '.join(missing)}"] if missing else []
        problems += [f"more than one recording for {', '.join(twice)}"] if twice else []
        problems += [f"no turn for {', '.join(extra)}"] if extra else []
        raise TrainerError(
            f"{folder}: {'; '.join(problems)}: the scenario has {turns} trainee turns, one "
            f"recording each, named 01.wav ... {turns:02d}.wav (or .flac/.ogg/.mp3)"
        )
    return [found[n][0] for n in range(1, turns + 1)]


def timing_of(transcript: Transcript) -> Timing:
    """Timings of a reply recorded from the moment the caller stopped speaking."""
    start, end = transcript.speech_start, transcript.speech_end
    if start is None or end is None:
        return Timing()
    return Timing(
        response_delay=round(start, 2),
        speaking_time=round(end - start, 2),
        longest_pause=round(transcript.longest_pause, 2),
    )


class RecordedReplies:
    """One recording per trainee turn from a folder, transcribed by ``transcriber``.

    A recording in which nothing was recognised is silence for its whole length."""

    def __init__(
        self,
        paths: list[Path],
        transcriber: Transcriber,
        language: str,
        *,
        reader: Callable[[Path], Recording] = read_audio,
        cancel: threading.Event | None = None,
    ):
        self.paths, self.transcriber, self.reader, self.cancel = paths, transcriber, reader, cancel
        self.channel = asr_channel(language)
        self._next = 0

    def __call__(self, call: Call) -> Reply | None:
        if self._next >= len(self.paths):
            return None
        path = self.paths[self._next]
        self._next += 1
        recording = self.reader(path)
        transcript = transcribe(recording, self.transcriber, self.cancel)
        if not transcript.text.strip():
            return Reply("", audio=str(path), samples=recording.samples, silence=recording.duration)
        return Reply(
            transcript.text,
            timing_of(transcript),
            self.channel,
            audio=str(path),
            samples=recording.samples,
            words=tuple(w.as_dict() for w in transcript.words),
        )


def file_transcriber(language: str, model_dir: Path | None = None) -> Transcriber:
    """A recogniser for whole recordings, on the installed model for ``language``."""
    from trainer.asr import models

    path = Path(model_dir) if model_dir else models.find_model(language).path
    model: Any = shared_model(path.resolve(), language)
    transcriber: Transcriber = model.transcriber(end_silence=None)
    return transcriber


# -- the call ---------------------------------------------------------------------------


ReviewChoice = Callable[[Call], str]  # practice: "retry" or "next" after a verdict


def run_call(
    call: Call,
    replies: ReplySource,
    *,
    pickup_ring: int | None = 1,
    player: Player | None = None,
    pack_folder: Path | None = None,
    store: CallStore | None = None,
    trainee: str = "",
    log: CallLog | None = None,
    on_line: Callable[[Line], object] | None = None,
    on_attempt: Callable[[Attempt], object] | None = None,
    on_review: ReviewChoice | None = None,
    cancel: threading.Event | None = None,
) -> CallResult:
    """Pick up on ``pickup_ring`` (unless picked up already) and run the call to its end;
    returns the scenario's result.

    Each caller line is shown (``on_line``) and then played, when a ``player`` and the pack's
    rendered voices are there; so are the caller's words after a silence. Every attempt is
    saved by ``log`` (or a ``CallLog`` on ``store``), the call ended with its total, or left
    unfinished when the call stops early. In practice, ``on_review`` chooses between a retry
    and the next turn after each verdict (default: the next turn)."""
    seen = 0
    if call.phase is Phase.RINGING:
        call.pick_up(pickup_ring)
    if log is None and store is not None:
        log = CallLog(store, call, trainee)
    if log is not None:
        log.open()

    def emit() -> None:
        nonlocal seen
        for line in call.transcript[seen:]:
            if on_line is not None:
                on_line(line)
        seen = len(call.transcript)

    try:
        while call.phase is not Phase.ENDED:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            if call.phase in (Phase.CALLER, Phase.CLOSING):
                line = call.caller_line()
                emit()
                _play(player, pack_folder, line)
            elif call.phase is Phase.REVIEW:
                choice = on_review(call) if on_review is not None else "next"
                if choice == "retry":
                    call.retry()
                else:
                    call.proceed()
            else:
                before = len(call.history)
                reply = replies(call)
                said: tuple[CallerLine, ...] = ()
                if reply is None:
                    said = call.silence(call.silence_rule.hang_up_after)
                elif not reply.text:
                    said = call.silence(reply.silence)
                    if call.phase is Phase.TRAINEE and reply.audio is not None:
                        call.reply("", reply.timing, reply.audio, reply.channel)
                else:
                    call.reply(reply.text, reply.timing, reply.audio, reply.channel)
                for attempt in call.history[before:]:
                    if log is not None:
                        log.attempt(attempt, reply if _heard(attempt, reply) else None)
                    if on_attempt is not None:
                        on_attempt(attempt)
                emit()
                for line in said:
                    _play(player, pack_folder, line)
            emit()
    except BaseException:
        if log is not None:
            log.end(None)
        raise
    result = call.result()
    if log is not None:
        log.end(result)
    return result


def _play(player: Player | None, folder: Path | None, line: CallerLine) -> None:
    if player is None or folder is None:
        return
    from trainer.voice.library import caller_line_audio

    path = caller_line_audio(folder, line)
    if path is not None:
        player.play_file(path, wait=True)


def _heard(attempt: Attempt, reply: Reply | None) -> bool:
    """Whether ``attempt`` scored ``reply`` (its recording and words belong with it)."""
    if reply is None:
        return False
    if reply.audio is not None:
        return attempt.audio == reply.audio
    return bool(reply.text) and attempt.reply == reply.text


def drill_scenario(result: CallResult, pack: Any) -> Any:
    """A short practice of the turns a call went weakest on: the trainee says each standard
    phrase in turn, with no caller lines (a desk scenario: nothing rings)."""
    from trainer.core.scenario import Scenario, Step

    turns = [item.turn for item in result.practise_next] or [t.turn for t in result.turns]
    titles = "、".join(pack.turn(t).title or t for t in turns)
    base = result.scenario.removeprefix("drill:")
    original = next((s for s in pack.scenarios if s.id == base), None)
    said = {s.turn: s for s in original.steps} if original is not None else {}
    steps = [  # each turn with what the caller said to it, so the reply answers something
        Step(
            turn=t,
            caller=said[t].caller if t in said else None,
            keys=said[t].keys if t in said else (),
        )
        for t in turns
    ]
    return Scenario(
        id=f"drill:{base}", title=titles, kind="desk", steps=tuple(steps), tags=("drill",),
    )  # fmt: skip
