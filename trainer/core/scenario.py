"""The phone-script domain: turns, blockers, scenarios and packs (pure data, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = ("zh", "ko", "en")


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
class Step:
    """One exchange: what the caller says (may be empty when the trainee speaks first), then
    the turn the trainee must answer with."""

    turn: str
    caller: CallerLine | None = None
    keys: tuple[KeyPhrase, ...] = ()


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    steps: tuple[Step, ...]
    difficulty: int = 1
    tags: tuple[str, ...] = ()
    description: str = ""
    kind: str = "phone"  # phone: it rings; desk: a visitor walks up
    closing: CallerLine | None = None


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
