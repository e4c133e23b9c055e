"""The phone-script domain: turns, blockers, scenarios and packs (pure data, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = ("zh", "ko", "en")
SCENARIO_KINDS = ("phone", "desk", "quiz")  # quiz: rule questions read aloud, nothing rings
TURN_KINDS = ("scenario", "quiz")  # a phrase or conduct turn in a call; a rulebook question
END = "end"  # a branch target: the caller's closing words, then the call ends
QUIZ_PREFIX = "quiz."  # a quiz turn's id starts so: stored results tell the kinds apart


def turn_kind(turn_id: str) -> str:
    """``quiz`` for a rule-quiz turn (its id starts with ``quiz.``), else ``scenario``."""
    return "quiz" if turn_id.startswith(QUIZ_PREFIX) else "scenario"


@dataclass(frozen=True)
class KeyPhrase:
    """A phrase that must appear in a reply; any of `forms` counts."""

    forms: tuple[str, ...]
    reason: str = ""

    @property
    def label(self) -> str:
        return self.forms[0]


@dataclass(frozen=True)
class Turn:
    """One standard phrase the trainee must say, by turn id (e.g. ``phone.answer``).

    ``forms`` are the accepted wordings, already expanded: inline alternatives such as
    ``他（她）`` and ``先生（小姐）`` give one form each, and ``{company}`` is filled in.
    """

    id: str
    forms: tuple[str, ...]
    keys: tuple[KeyPhrase, ...] = ()
    hint: str = ""
    title: str = ""
    guided: bool = False  # no fixed wording: the key phrases carry the turn
    kind: str = "scenario"  # scenario | quiz (a rule question answered on its key facts)

    @property
    def model_answer(self) -> str:
        return self.forms[0]


@dataclass(frozen=True)
class Blocker:
    """A pack-wide rule that fails a turn whatever its score (rude words, passing the buck...)."""

    id: str
    reason: str
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class ConductFamily:
    """One kind of conduct the rulebook forbids (impatience, passing the buck, disclosing a
    resident's data...), recognised by cue phrases and patterns rather than by sentences.

    ``cues`` are phrases matched on phonetic keys, so recogniser spacing and homophone slips
    still hit (``[a|b]`` alternatives allowed); ``patterns`` are ``re:`` patterns over the
    reply's normalised text (no spaces or punctuation, numbers spelled out), run by RE2 in
    linear time; a hit that overlaps one of ``unless`` (不能告诉您他的电话) does not count.
    """

    id: str  # rude | impatient | dismiss | sarcasm | blame | buck | disclose | ...
    reason: str  # the rulebook's rule, in the pack's language
    cues: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return f"conduct.{self.id}"


@dataclass(frozen=True)
class CallerLine:
    text: str
    voice: str = "caller"
    mood: str = "calm"
    audio: str = ""


@dataclass(frozen=True)
class Condition:
    """When a branch is taken, judged on the step's attempt; every field given must hold.

    ``conduct``: a conduct violation (a blocker hit, or a reason code ``conduct.*``): empty
    for any, else the ids that count (``rude`` matches blocker ``rude`` and ``conduct.rude``).
    """

    passed: bool | None = None
    silence: bool | None = None  # nothing was said (or the caller gave up waiting)
    said: tuple[KeyPhrase, ...] = ()  # any of these phrases was said
    form: str = ""  # the accepted wording judged against contains this text
    conduct: tuple[str, ...] | None = None
    reasons: tuple[str, ...] = ()  # a reason code starting with any of these

    def describe(self) -> str:
        parts = []
        if self.silence is not None:
            parts.append("silence" if self.silence else "not silence")
        if self.passed is not None:
            parts.append("passed" if self.passed else "failed")
        if self.conduct is not None:
            parts.append("conduct" + (f" {'/'.join(self.conduct)}" if self.conduct else ""))
        if self.said:
            parts.append("said " + "/".join(k.label for k in self.said))
        if self.form:
            parts.append(f"form ~{self.form}")
        if self.reasons:
            parts.append("reason " + "/".join(self.reasons))
        return " & ".join(parts) or "always"


@dataclass(frozen=True)
class Branch:
    """Go to step ``goto`` (or ``end``) when ``when`` holds; ``label`` names it in the pack's
    language (shown with the path a call took)."""

    goto: str
    when: Condition = field(default_factory=Condition)
    label: str = ""
    line: int = 0  # where the pack file says so (for problems)


@dataclass(frozen=True)
class Step:
    """One exchange: what the caller says (may be empty when the trainee speaks first), then
    the turn the trainee must answer with.

    A linear scenario needs nothing more. A branching one names its steps (``id``) and lists
    ``branches`` tried in order after the trainee's reply; when none holds the call goes to
    ``next`` (a step id or ``end``), by default the following step. ``alternatives`` are other
    wordings of the caller's line (one is picked per call); ``closing`` replaces the
    scenario's closing when the call ends after this step."""

    turn: str
    caller: CallerLine | None = None
    keys: tuple[KeyPhrase, ...] = ()
    id: str = ""
    branches: tuple[Branch, ...] = ()
    next: str = ""
    alternatives: tuple[CallerLine, ...] = ()
    closing: tuple[CallerLine, ...] = ()
    title: str = ""
    line: int = 0

    @property
    def wordings(self) -> tuple[CallerLine, ...]:
        return (self.caller, *self.alternatives) if self.caller is not None else ()


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    steps: tuple[Step, ...]
    difficulty: int = 1
    tags: tuple[str, ...] = ()
    description: str = ""
    kind: str = "phone"  # phone: it rings; desk: a visitor walks up; quiz: rule questions
    closing: CallerLine | None = None
    closing_alternatives: tuple[CallerLine, ...] = ()

    @property
    def closings(self) -> tuple[CallerLine, ...]:
        return (self.closing, *self.closing_alternatives) if self.closing is not None else ()

    def step_id(self, index: int) -> str:
        return self.steps[index].id or str(index + 1)

    def index_of(self, step_id: str) -> int | None:
        for i in range(len(self.steps)):
            if self.step_id(i) == step_id:
                return i
        return None

    @property
    def branching(self) -> bool:
        return any(s.branches or s.next for s in self.steps)


@dataclass(frozen=True)
class RingRule:
    max_rings: int = 3
    ring_seconds: float = 1.0
    gap_seconds: float = 2.0
    give_up_rings: int = 6


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    language: str
    turns: dict[str, Turn]
    scenarios: tuple[Scenario, ...] = ()
    blockers: tuple[Blocker, ...] = ()
    variables: dict[str, str] = field(default_factory=dict)
    pass_mark: int = 80
    rings: RingRule = field(default_factory=RingRule)
    version: str = "1"
    description: str = ""
    # what a caller who hears nothing says: {"phone.prompt", "phone.hang_up", "desk.prompt",
    # "desk.hang_up"} -> text, in the pack's language
    silence: dict[str, str] = field(default_factory=dict)
    # what may be said around the standard phrase at no cost (好的, 您好, 谢谢您的耐心...)
    courtesy: tuple[str, ...] = ()
    conduct: tuple[ConductFamily, ...] = ()  # what fails a turn whatever else was said
    # what a guided turn's reply may talk about besides its key points (see core.vocabulary)
    service: tuple[str, ...] = ()

    def turn(self, turn_id: str) -> Turn:
        try:
            return self.turns[turn_id]
        except KeyError:
            known = ", ".join(sorted(self.turns))
            raise KeyError(f"pack {self.id!r} has no turn {turn_id!r}; it has: {known}") from None

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        known = ", ".join(s.id for s in self.scenarios)
        raise KeyError(f"pack {self.id!r} has no scenario {scenario_id!r}; it has: {known}")
