"""What a call leaves behind: each turn's attempt and the scenario's result (pure data)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from trainer.core.labels import Labels, render
from trainer.core.verdict import Timing, Verdict

# Reasons the call itself gives (the scorer's own reasons live in core.messages).
CALL_LABELS: Labels = {  # language -> code -> text
    "en": {
        "hung_up": "The caller heard nothing for {seconds:.0f} s and hung up.",
        "missed": "Nobody picked up: the caller gave up after {rings} rings.",
        "not_reached": "Not reached: the call ended before this turn.",
    },
    "zh": {
        "hung_up": "对方{seconds:.0f}秒没有听到应答，挂断了电话。",
        "missed": "无人接听：响了{rings}声后对方挂断了。",
        "not_reached": "通话在这一步之前已经结束。",
    },
}

MAX_PRACTISE_NEXT = 3


def call_text(code: str, ui: str = "en", **args: object) -> str:
    return render(CALL_LABELS, code, ui, **args)


@dataclass(frozen=True)
class Line:
    """One line of the call's transcript."""

    speaker: str  # "caller" | "trainee"
    text: str
    step: int
    kind: str = "line"  # line | prompt | hang_up | closing | reply

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Attempt:
    """One trainee turn as scored: what was said, its timings, audio and the verdict."""

    step: int  # index of the scenario step
    turn: str
    reply: str
    verdict: Verdict
    timing: Timing
    source: str = "text"  # text | asr
    audio: str | None = None  # reference to the recording, if any
    try_number: int = 1
    hinted: bool = False
    hung_up_after: float | None = None  # the caller hung up after this many silent seconds

    @property
    def passed(self) -> bool:
        return self.verdict.passed

    @property
    def score(self) -> float:
        return self.verdict.score

    def reason_texts(self, ui: str = "en") -> list[str]:
        own = []
        if self.hung_up_after is not None:
            own.append(call_text("hung_up", ui, seconds=self.hung_up_after))
        return own + self.verdict.reason_texts(ui)

    def as_dict(self, ui: str = "en") -> dict[str, object]:
        return {
            "step": self.step,
            "turn": self.turn,
            "reply": self.reply,
            "source": self.source,
            "audio": self.audio,
            "try": self.try_number,
            "hinted": self.hinted,
            "hung_up": self.hung_up_after is not None,
            "timing": dataclasses.asdict(self.timing),
            **self.verdict.as_dict(ui),
            "reasons": self.reason_texts(ui),
        }


@dataclass(frozen=True)
class TurnResult:
    index: int
    turn: str
    title: str
    attempt: Attempt | None  # None: the call ended before this turn
    tries: int = 0
    hinted: bool = False
    hint: str = ""
    step: str = ""  # the scenario step's id
    kind: str = "scenario"  # scenario | quiz: the turn's kind, counted apart in progress

    @property
    def reached(self) -> bool:
        return self.attempt is not None

    @property
    def score(self) -> float:
        return self.attempt.score if self.attempt else 0.0

    @property
    def passed(self) -> bool:
        return self.attempt is not None and self.attempt.passed

    def reason_texts(self, ui: str = "en") -> list[str]:
        if self.attempt is None:
            return [call_text("not_reached", ui)]
        return self.attempt.reason_texts(ui)

    def as_dict(self, ui: str = "en") -> dict[str, object]:
        base: dict[str, object] = {
            "index": self.index,
            "step_id": self.step,
            "kind": self.kind,
            "turn": self.turn,
            "title": self.title,
            "reached": self.reached,
            "tries": self.tries,
            "hinted": self.hinted,
        }
        if self.attempt is None:
            return {**base, "score": 0.0, "passed": False, "reasons": self.reason_texts(ui)}
        return {**base, **self.attempt.as_dict(ui)}


@dataclass(frozen=True)
class PractiseNext:
    turn: str
    title: str
    score: float
    hint: str


@dataclass(frozen=True)
class CallResult:
    pack: str
    scenario: str
    mode: str
    turns: tuple[TurnResult, ...]
    score: float  # mean over every turn of the scenario; a turn not reached scores 0
    passed: bool  # completed, every turn passed and the score reaches the pass mark
    pass_mark: float
    ended: str  # completed | hung_up | missed
    pickup_ring: int | None
    pickup_seconds: float | None
    rings: int
    practise_next: tuple[PractiseNext, ...]
    transcript: tuple[dict[str, object], ...] = ()
    path: tuple[dict[str, object], ...] = ()  # the steps visited: step, turn, title, via, label
    seed: int | None = None  # picked the caller's wordings: the same seed, the same call

    @property
    def path_steps(self) -> list[str]:
        return [str(p["step"]) for p in self.path]

    @property
    def failed(self) -> tuple[str, ...]:
        return tuple(t.turn for t in self.turns if not t.passed)

    def reason_texts(self, ui: str = "en") -> list[str]:
        return [call_text("missed", ui, rings=self.rings)] if self.ended == "missed" else []

    def as_dict(self, ui: str = "en") -> dict[str, object]:
        return {
            "pack": self.pack,
            "scenario": self.scenario,
            "mode": self.mode,
            "score": self.score,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "ended": self.ended,
            "reasons": self.reason_texts(ui),
            "pickup_ring": self.pickup_ring,
            "pickup_seconds": self.pickup_seconds,
            "turns_failed": list(self.failed),
            "practise_next": [dataclasses.asdict(p) for p in self.practise_next],
            "turns": [t.as_dict(ui) for t in self.turns],
            "transcript": list(self.transcript),
            "path": [dict(p) for p in self.path],
            "seed": self.seed,
        }


def practise_next(turns: Sequence[TurnResult]) -> tuple[PractiseNext, ...]:
    """The weakest turns, failed ones first, each turn once; none when every turn scored 100."""
    ranked = sorted(
        (t for t in turns if not t.passed or t.score < 100),
        key=lambda t: (t.passed, t.score, t.index),
    )
    out: dict[str, PractiseNext] = {}
    for t in ranked:
        if t.turn not in out and len(out) < MAX_PRACTISE_NEXT:
            out[t.turn] = PractiseNext(t.turn, t.title, t.score, t.hint)
    return tuple(out.values())


def summarise(
    *,
    pack: str,
    scenario: str,
    mode: str,
    turns: tuple[TurnResult, ...],
    pass_mark: float,
    ended: str,
    pickup_ring: int | None,
    pickup_seconds: float | None,
    rings: int,
    transcript: tuple[dict[str, object], ...] = (),
    path: tuple[dict[str, object], ...] = (),
    seed: int | None = None,
) -> CallResult:
    score = round(sum(t.score for t in turns) / len(turns), 1) if turns else 0.0
    passed = ended == "completed" and all(t.passed for t in turns) and score >= pass_mark
    return CallResult(
        pack=pack, scenario=scenario, mode=mode, turns=turns, score=score, passed=passed,
        pass_mark=pass_mark, ended=ended, pickup_ring=pickup_ring, pickup_seconds=pickup_seconds,
        rings=rings, practise_next=practise_next(turns), transcript=transcript, path=path,
        seed=seed,
    )  # fmt: skip
