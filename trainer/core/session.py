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

A branching scenario chooses the next step from the reply (``core.route``): the call keeps
the path it took, one visit per step reached, and each caller line's wording is picked per
visit from the call's ``seed`` (the same seed gives the same wording).
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass, field
from enum import StrEnum

from trainer.core import graph, route
from trainer.core.outcome import CALL_LABELS, Attempt, CallResult, Line, TurnResult, summarise
from trainer.core.scenario import END, CallerLine, Pack, RingRule, Scenario, Step, Turn
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


MAX_VISITS = 3  # a path visits at most this many steps per step of the scenario


class CallError(RuntimeError):
    """The flow was asked for something its phase or mode does not allow (a UI bug)."""


# What a caller says after hearing nothing, when the pack does not say (its ``silence:``).
# what a caller who hears nothing says, in the pack's language (a pack's ``silence:`` wins)
SILENCE_PROMPTS: dict[str, dict[str, str]] = {
    "en": {"phone": "Hello? Is anyone there?", "desk": "Excuse me? Hello?"},
    "zh": {"phone": "喂？有人吗？", "desk": "你好？请问有人在吗？"},
    "ko": {"phone": "여보세요? 안 들리세요?", "desk": "저기요? 계세요?"},
}
HANG_UP_LINES: dict[str, dict[str, str]] = {
    "en": {"phone": "Nobody's there... I'll hang up.", "desk": "Never mind, I'll come back later."},
    "zh": {"phone": "怎么没人说话……算了，我挂了。", "desk": "算了，我一会儿再来吧。"},
    "ko": {"phone": "아무도 안 계시네요. 끊겠습니다.", "desk": "나중에 다시 올게요."},
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
    """One visit of a step along the call's path."""

    index: int = 0  # the scenario step
    via: str = ""  # the edge that led here ("" for the first step)
    label: str = ""  # that edge's label in the pack's language, if it has one
    line: CallerLine | None = None  # the wording picked for the caller's line
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
    seed: int | None = None  # picks the caller's wordings; None: a new one each call

    def __post_init__(self) -> None:
        if not self.scenario.steps:
            raise CallError(f"scenario {self.scenario.id!r} has no steps")
        if self.seed is None:
            self.seed = random.SystemRandom().randrange(1_000_000)
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
        self._steps: list[_StepState] = []  # the path: one visit per step reached
        self._closing: CallerLine | None = None
        self.edges: list[tuple[str, str, str]] = []  # (from step, to step or end, how) taken

    # -- what the UI asks --------------------------------------------------------------

    @property
    def phone(self) -> bool:
        return self.scenario.kind == "phone"

    @property
    def step(self) -> Step:
        return self.scenario.steps[min(self.index, len(self.scenario.steps) - 1)]

    @property
    def turn(self) -> Turn:
        return self.pack.turn(self.step.turn)

    @property
    def attempt(self) -> Attempt | None:
        """The current step's latest attempt (what REVIEW shows)."""
        return self._steps[-1].attempt if self._steps else None

    @property
    def path(self) -> list[str]:
        """The ids of the steps visited so far, in order."""
        return [self.scenario.step_id(v.index) for v in self._steps]

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
            line = self._steps[-1].line
            assert line is not None
            self._say("caller", line.text)
            self.phase = Phase.TRAINEE
            return line
        if self.phase is Phase.CLOSING:
            line = self._closing
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
        state, rule, said = self._steps[-1], self.silence_rule, []
        voice = state.line or self.scenario.closing or CallerLine("")
        if seconds >= rule.prompt_after and not state.prompted:
            state.prompted = True
            text = rule.prompt or silence_words(self.pack, self.scenario.kind)[0]
            said.append(CallerLine(text, voice.voice, voice.mood))
            self._say("caller", text, "prompt")
        branch = route.silence_branch(self.scenario, self.index)
        if seconds >= rule.hang_up_after and branch is not None:
            self._score("", None, None, TEXT)  # the caller goes on to the silence branch
            self._go(branch.goto, branch.when.describe(), branch.label)
        elif seconds >= rule.hang_up_after:
            text = rule.hang_up or silence_words(self.pack, self.scenario.kind)[1]
            said.append(CallerLine(text, voice.voice, "annoyed"))
            self._say("caller", text, "hang_up")
            self._score("", None, None, TEXT, hung_up_after=seconds)
            self._end("hung_up")
        return tuple(said)

    # -- practice help -----------------------------------------------------------------

    def hint(self) -> str:
        self._help("hints")
        self._steps[-1].hinted = True
        return self.turn.hint

    def model_answer(self) -> str:
        """The standard phrase to hear (``voice.library.model_answer_audio`` has its file)."""
        self._help("the model answer")
        return self.turn.model_answer

    def retry(self) -> None:
        """Say the turn again; the new reply replaces this attempt."""
        self._expect(Phase.REVIEW)
        self._steps[-1].prompted = False
        self.phase = Phase.TRAINEE

    def proceed(self) -> Phase:
        self._expect(Phase.REVIEW)
        self._advance()
        return self.phase

    def result(self) -> CallResult:
        """One turn per step visited; after a hang-up (or a missed call) the steps the call
        would have gone on to by default count as not reached."""
        visits = list(self._steps)
        if self.phase not in (Phase.ENDED, Phase.CLOSING) or self.ended in ("hung_up", "missed"):
            start = 0 if not visits else None
            if visits and visits[-1].attempt is not None:
                target = graph.default_target(self.scenario, self.index)
                start = None if target == END else self.scenario.index_of(target)
            elif visits:
                start = self.index
                visits.pop()
            done = {v.index for v in visits}
            visits += [
                _StepState(i) for i in graph.main_line(self.scenario, start) if i not in done
            ]
        turns = []
        for n, state in enumerate(visits):
            step = self.scenario.steps[state.index]
            turn = self.pack.turn(step.turn)
            sid = self.scenario.step_id(state.index)
            turns.append(
                TurnResult(
                    n,
                    turn.id,
                    step.title or turn.title,
                    state.attempt,
                    state.tries,
                    state.hinted,
                    turn.hint,
                    step=sid,
                    kind=turn.kind,
                )  # fmt: skip
            )
        path = tuple(self._visit_dict(v) for v in self._steps)
        return summarise(
            pack=self.pack.id, scenario=self.scenario.id, mode=str(self.mode), turns=tuple(turns),
            pass_mark=self.pack.pass_mark, ended=self.ended or "unfinished",
            pickup_ring=self.pickup_ring, pickup_seconds=self.pickup_seconds, rings=self.rings,
            transcript=tuple(line.as_dict() for line in self.transcript),
            path=path, seed=self.seed,
        )  # fmt: skip

    # -- inside ------------------------------------------------------------------------

    def _visit_dict(self, state: _StepState) -> dict[str, object]:
        step = self.scenario.steps[state.index]
        turn = self.pack.turn(step.turn)
        return {
            "step": self.scenario.step_id(state.index), "turn": turn.id,
            "title": step.title or turn.title, "via": state.via, "label": state.label,
            "passed": state.attempt.passed if state.attempt else None,
        }  # fmt: skip

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
        if len(self._steps) == 1 and self.pickup_ring is not None:
            timing = dataclasses.replace(
                timing, answer_ring=self.pickup_ring, max_rings=self.pack.rings.max_rings
            )
        verdict = self.scorer.score(
            self.step.turn, text, timing=timing, channel=channel, step_keys=self.step.keys
        )
        state = self._steps[-1]
        state.tries += 1
        attempt = Attempt(
            step=len(self._steps) - 1, turn=self.step.turn, reply=text, verdict=verdict,
            timing=timing, source=channel.source, audio=audio, try_number=state.tries,
            hinted=state.hinted, hung_up_after=hung_up_after,
        )  # fmt: skip
        state.attempt = attempt
        self.history.append(attempt)
        return attempt

    def _advance(self) -> None:
        attempt = self._steps[-1].attempt
        assert attempt is not None
        self._go(*route.choose(self.scenario, self.index, attempt, self.pack.language))

    def _go(self, target: str, via: str, label: str) -> None:
        self.edges.append((self.scenario.step_id(self.index), target, via))
        index = self.scenario.index_of(target) if target != END else None
        if index is not None and len(self._steps) < MAX_VISITS * len(self.scenario.steps):
            self._enter_step(index, via, label)
            return
        closings = self.step.closing or self.scenario.closings
        if closings:
            self._closing = self._pick(closings, "closing")
            self.phase = Phase.CLOSING
        else:
            self._end("completed")

    def _enter_step(self, index: int, via: str = "", label: str = "") -> None:
        self.index = index
        state = _StepState(index, via, label)
        self._steps.append(state)
        state.line = self._pick(self.step.wordings, self.scenario.step_id(index))
        self.phase = Phase.CALLER if self.step.caller is not None else Phase.TRAINEE

    def _pick(self, wordings: tuple[CallerLine, ...], where: str) -> CallerLine | None:
        """One wording, the same for the same seed, scenario, step and visit."""
        if len(wordings) < 2:
            return wordings[0] if wordings else None
        visit = sum(1 for v in self._steps if self.scenario.step_id(v.index) == where)
        rng = random.Random(f"{self.seed}:{self.scenario.id}:{where}:{visit}")
        return rng.choice(wordings)

    def _end(self, how: str) -> None:
        self.ended, self.phase = how, Phase.ENDED

    def _say(self, speaker: str, text: str, kind: str = "line") -> None:
        self.transcript.append(Line(speaker, text, max(0, len(self._steps) - 1), kind))

    def _expect(self, phase: Phase) -> None:
        if self.phase is not phase:
            raise CallError(f"the call is {self.phase}, not {phase}")


def ring_at(rule: RingRule, seconds: float) -> int:
    """The ring sounding (or in the gap after it) ``seconds`` after ringing began; from 1."""
    return int(max(0.0, seconds) // (rule.ring_seconds + rule.gap_seconds)) + 1


def silence_words(pack: Pack, kind: str = "phone") -> tuple[str, str]:
    """The prompt and hang-up line of a caller (``kind``: phone or desk) who hears nothing:
    the pack's own wording (its ``silence:``), else a default in the pack's language (English
    for a language without one). A quiz question is asked face to face: its silence is the
    desk's."""
    kind = kind if kind in ("phone", "desk") else "desk"  # a quiz is asked face to face
    lang, en = pack.language, SILENCE_PROMPTS["en"]
    return (
        pack.silence.get(f"{kind}.prompt") or SILENCE_PROMPTS.get(lang, en)[kind],
        pack.silence.get(f"{kind}.hang_up") or HANG_UP_LINES.get(lang, HANG_UP_LINES["en"])[kind],
    )
