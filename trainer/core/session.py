"""One simulated call as a state machine (pure: no clock, no audio, no I/O).

The phone rings, the trainee picks up on some ring, then steps alternate: the caller's line
(if the step has one), the trainee's reply, ... and the caller's closing words. The app and the
CLI drive the same ``Call`` step by step and look at ``call.phase`` to know what comes next::

    RINGING  -> ring() / pick_up(ring)        (at the front desk: the visitor walks up)
    CALLER   -> caller_line()  play it, then the trainee speaks
    TRAINEE  -> reply(text, timing, audio)  or  silence(seconds) while nothing is said
    REVIEW   -> retry() | proceed()           (practice only: look at the verdict first)
    CLOSING  -> caller_line()  the caller's last words
    ENDED    -> result()

Practice gives hints, a retry that replaces the turn's attempt, and the model answer; an
exam gives one attempt a turn and no help. A caller who hears nothing says so (``喂？有人吗？``)
and then hangs up: that turn fails, and so does every turn the call never reached.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum

from trainer.core.outcome import CALL_LABELS, Attempt, CallResult, Line, TurnResult, summarise
from trainer.core.scenario import CallerLine, Pack, RingRule, Scenario, Step, Turn
from trainer.core.scoring import TEXT, Channel, PackScorer, Timing

__all__ = [
    "CALL_LABELS",
    "HANG_UP_LINES",
    "Line",
    "SILENCE_PROMPTS",
    "Attempt",
    "Call",
    "CallError",
    "CallResult",
    "Mode",
    "Phase",
    "SilenceRule",
    "TurnResult",
    "ring_at",
    "silence_words",
]


class Phase(StrEnum):
    RINGING = "ringing"
    CALLER = "caller"
    TRAINEE = "trainee"
    REVIEW = "review"
    CLOSING = "closing"
    ENDED = "ended"


class Mode(StrEnum):
    PRACTICE = "practice"
    EXAM = "exam"


class CallError(RuntimeError):
    """The flow was asked for something its phase or mode does not allow (a UI bug)."""


# What a caller says after hearing nothing, when the pack does not say (its ``silence:``).
SILENCE_PROMPTS: dict[str, str] = {"phone": "Hello? Is anyone there?", "desk": "Excuse me? Hello?"}
HANG_UP_LINES: dict[str, str] = {
    "phone": "Nobody's there... I'll hang up.",
    "desk": "Never mind, I'll come back later.",
}


@dataclass(frozen=True)
class SilenceRule:
    """How long a caller waits in silence: a prompt after ``prompt_after`` seconds, then a
    hang-up after ``hang_up_after`` seconds in all (both counted from when the trainee's
    turn began). ``prompt``/``hang_up`` override the language's default wording."""

    prompt_after: float = 5.0
    hang_up_after: float = 10.0
    prompt: str = ""
    hang_up: str = ""


@dataclass
class _StepState:
    attempt: Attempt | None = None
    tries: int = 0
    hinted: bool = False
    prompted: bool = False


@dataclass
class Call:
    pack: Pack
    scenario: Scenario
    mode: Mode = Mode.PRACTICE
    silence_rule: SilenceRule = field(default_factory=SilenceRule)
    scorer: PackScorer | None = None

    def __post_init__(self) -> None:
        if not self.scenario.steps:
            raise CallError(f"scenario {self.scenario.id!r} has no steps")
        self.mode = Mode(self.mode)
        self.scorer = self.scorer or PackScorer(self.pack)
        self.phase = Phase.RINGING
        self.rings = 0
        self.pickup_ring: int | None = None
        self.pickup_seconds: float | None = None
        self.index = 0
        self.ended = ""  # completed | hung_up | missed
        self.transcript: list[Line] = []
        self.history: list[Attempt] = []  # every attempt, replaced ones included
        self._steps = [_StepState() for _ in self.scenario.steps]

    # -- what the UI asks --------------------------------------------------------------

    @property
    def phone(self) -> bool:
        return self.scenario.kind != "desk"

    @property
    def step(self) -> Step:
        return self.scenario.steps[min(self.index, len(self.scenario.steps) - 1)]

    @property
    def turn(self) -> Turn:
        return self.pack.turn(self.step.turn)

    @property
    def attempt(self) -> Attempt | None:
        """The current step's latest attempt (what REVIEW shows)."""
        return self._steps[min(self.index, len(self._steps) - 1)].attempt

    @property
    def attempts(self) -> list[Attempt]:
        """The attempt that counts for each step answered so far."""
        return [s.attempt for s in self._steps if s.attempt is not None]

    # -- ringing -----------------------------------------------------------------------

    def ring(self) -> int:
        """A ring starts; after the pack's ``give_up_rings`` the caller gives up (ENDED)."""
        self._expect(Phase.RINGING)
        if not self.phone:
            raise CallError("nothing rings at the front desk: call pick_up()")
        if self.rings >= self.pack.rings.give_up_rings:
            self._end("missed")
        else:
            self.rings += 1
        return self.rings

    def pick_up(self, ring: int | None = None, seconds: float | None = None) -> Phase:
        """Answer on ``ring`` (default: the rings counted so far, at least 1) after ``seconds``
        (default: the end of that ring by the pack's cadence)."""
        self._expect(Phase.RINGING)
        if self.phone:
            ring = ring if ring is not None else max(1, self.rings)
            if ring < 1:
                raise CallError("rings are counted from 1")
            rule = self.pack.rings
            if seconds is None:
                seconds = (ring - 1) * (rule.ring_seconds + rule.gap_seconds) + rule.ring_seconds
            self.rings = max(self.rings, min(ring, rule.give_up_rings))
            if ring > rule.give_up_rings:
                self._end("missed")
                return self.phase
            self.pickup_ring, self.pickup_seconds = ring, round(seconds, 2)
        self._enter_step(0)
        return self.phase

    def pick_up_after(self, seconds: float) -> Phase:
        """Answer ``seconds`` after the phone began ringing (the app's key press)."""
        return self.pick_up(ring_at(self.pack.rings, seconds) if self.phone else None, seconds)

    # -- caller and trainee ------------------------------------------------------------

    def caller_line(self) -> CallerLine:
        """The line to play now; the turn passes to the trainee (or the call ends)."""
        if self.phase is Phase.CALLER:
            line = self.step.caller
            assert line is not None
            self._say("caller", line.text)
            self.phase = Phase.TRAINEE
            return line
        if self.phase is Phase.CLOSING:
            line = self.scenario.closing
            assert line is not None
            self._say("caller", line.text, "closing")
            self._end("completed")
            return line
        raise CallError(f"no caller line to play while {self.phase}")

    def reply(
        self,
        text: str,
        timing: Timing | None = None,
        audio: str | None = None,
        channel: Channel = TEXT,
    ) -> Attempt:
        """Score what the trainee said; the pick-up ring counts on the scenario's first turn."""
        self._expect(Phase.TRAINEE)
        attempt = self._score(text, timing, audio, channel)
        self._say("trainee", text, "reply")
        if self.mode is Mode.PRACTICE:
            self.phase = Phase.REVIEW
        else:
            self._advance()
        return attempt

    def silence(self, seconds: float) -> tuple[CallerLine, ...]:
        """The trainee has said nothing for ``seconds`` since their turn began. Returns what
        the caller says now (nothing, the prompt, and/or the hang-up); a hang-up fails the
        turn and ends the call."""
        self._expect(Phase.TRAINEE)
        state, rule, said = self._steps[self.index], self.silence_rule, []
        voice = self.step.caller or self.scenario.closing or CallerLine("")
        if seconds >= rule.prompt_after and not state.prompted:
            state.prompted = True
            text = rule.prompt or silence_words(self.pack, self.scenario.kind)[0]
            said.append(CallerLine(text, voice.voice, voice.mood))
            self._say("caller", text, "prompt")
        if seconds >= rule.hang_up_after:
            text = rule.hang_up or silence_words(self.pack, self.scenario.kind)[1]
            said.append(CallerLine(text, voice.voice, "annoyed"))
            self._say("caller", text, "hang_up")
            self._score("", None, None, TEXT, hung_up_after=seconds)
            self._end("hung_up")
        return tuple(said)

    # -- practice help -----------------------------------------------------------------

    def hint(self) -> str:
        self._help("hints")
        self._steps[self.index].hinted = True
        return self.turn.hint

    def model_answer(self) -> str:
        """The standard phrase to hear (``voice.library.model_answer_audio`` has its file)."""
        self._help("the model answer")
        return self.turn.model_answer

    def retry(self) -> None:
        """Say the turn again; the new reply replaces this attempt."""
        self._expect(Phase.REVIEW)
        self._steps[self.index].prompted = False
        self.phase = Phase.TRAINEE

    def proceed(self) -> Phase:
        self._expect(Phase.REVIEW)
        self._advance()
        return self.phase

    def result(self) -> CallResult:
        turns = []
        for i, (step, state) in enumerate(zip(self.scenario.steps, self._steps, strict=True)):
            turn = self.pack.turn(step.turn)
            turns.append(
                TurnResult(
                    i, turn.id, turn.title, state.attempt, state.tries, state.hinted, turn.hint
                )
            )
        return summarise(
            pack=self.pack.id, scenario=self.scenario.id, mode=str(self.mode), turns=tuple(turns),
            pass_mark=self.pack.pass_mark, ended=self.ended or "unfinished",
            pickup_ring=self.pickup_ring, pickup_seconds=self.pickup_seconds, rings=self.rings,
            transcript=tuple(line.as_dict() for line in self.transcript),
        )  # fmt: skip

    # -- inside ------------------------------------------------------------------------

    def _help(self, what: str) -> None:
        if self.mode is Mode.EXAM:
            raise CallError(f"no {what} in an exam")
        if self.phase not in (Phase.TRAINEE, Phase.REVIEW):
            raise CallError(f"{what} are for the trainee's turn, not while {self.phase}")

    def _score(
        self,
        text: str,
        timing: Timing | None,
        audio: str | None,
        channel: Channel,
        hung_up_after: float | None = None,
    ) -> Attempt:
        assert self.scorer is not None
        timing = timing or Timing()
        if self.index == 0 and self.pickup_ring is not None:
            timing = dataclasses.replace(
                timing, answer_ring=self.pickup_ring, max_rings=self.pack.rings.max_rings
            )
        verdict = self.scorer.score(
            self.step.turn, text, timing=timing, channel=channel, step_keys=self.step.keys
        )
        state = self._steps[self.index]
        state.tries += 1
        attempt = Attempt(
            step=self.index, turn=self.step.turn, reply=text, verdict=verdict, timing=timing,
            source=channel.source, audio=audio, try_number=state.tries, hinted=state.hinted,
            hung_up_after=hung_up_after,
        )  # fmt: skip
        state.attempt = attempt
        self.history.append(attempt)
        return attempt

    def _advance(self) -> None:
        if self.index + 1 < len(self.scenario.steps):
            self._enter_step(self.index + 1)
        elif self.scenario.closing is not None:
            self.phase = Phase.CLOSING
        else:
            self._end("completed")

    def _enter_step(self, index: int) -> None:
        self.index = index
        self.phase = Phase.CALLER if self.step.caller is not None else Phase.TRAINEE

    def _end(self, how: str) -> None:
        self.ended, self.phase = how, Phase.ENDED

    def _say(self, speaker: str, text: str, kind: str = "line") -> None:
        self.transcript.append(Line(speaker, text, self.index, kind))

    def _expect(self, phase: Phase) -> None:
        if self.phase is not phase:
            raise CallError(f"the call is {self.phase}, not {phase}")


def ring_at(rule: RingRule, seconds: float) -> int:
    """The ring sounding (or in the gap after it) ``seconds`` after ringing began; from 1."""
    return int(max(0.0, seconds) // (rule.ring_seconds + rule.gap_seconds)) + 1


def silence_words(pack: Pack, kind: str = "phone") -> tuple[str, str]:
    """The prompt and hang-up line of a caller (``kind``: phone or desk) who hears nothing:
    the pack's own wording (its ``silence:``), else a plain English default."""
    kind = kind if kind in ("phone", "desk") else "phone"
    return (
        pack.silence.get(f"{kind}.prompt") or SILENCE_PROMPTS[kind],
        pack.silence.get(f"{kind}.hang_up") or HANG_UP_LINES[kind],
    )
