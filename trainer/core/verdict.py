"""What the scorer works with and gives back: the channel a reply came through, timings,
and the verdict (score, pass, reasons, the diff against the standard phrase)."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.core.align import INSERTION, OMISSION, SUBSTITUTION, Piece
from trainer.core.messages import Reason, reason

SCORER_VERSION = "1.2"  # 1.1: conduct families, courtesy, extra clauses named; 1.2: guided
# turns name a clause about something else, service talk is no stray, 你 for 您 heard


@dataclass(frozen=True)
class Channel:
    """Where a reply came from and how far its text can be trusted.

    ``tolerance`` is the share of the phrase a recogniser may garble without the trainee
    losing points: the score is ``completeness / (1 - tolerance)``, capped at 100. A reply
    that stops early is caught apart from that: its ending is not there at all
    (``max_trailing``), and it is much shorter than the phrase (``min_length``).
    """

    source: str = "text"  # text | asr
    tolerance: float = 0.0
    min_completeness: float = 0.9
    min_third: float = 0.5  # each third of the phrase must be at least this complete
    max_trailing: float = 0.0  # share of the phrase's end that may go unsaid (0: none, 2+ units)
    min_length: float = 0.0  # reply length / phrase length below which it stopped early


TEXT = Channel()

# Measured on real speech (bench/asr_eval.py on ../shared/speech/ko-emotiontts with the Vosk
# Korean small model, ~25% CER): full replies keep >= 0.5 of the phrase in 97% of clips while
# other sentences reach at most 0.35; replies cut at 55% leave >= 0.2 of the ending unsaid or
# are < 0.7 of the phrase's length, while full replies are >= 0.88 long with <= 0.07 unsaid.
# Mandarin uses the same rules; pinyin keys already absorb its homophone errors.
ASR_TOLERANCE = {"zh": 0.48, "ko": 0.48, "en": 0.48}


# Share of the phrase that must line up through a recogniser. Korean keeps 0.42 (measured
# above on real speech). For Mandarin, pinyin keys already turn homophone slips into matches,
# so what is left unmatched is mostly words not said: on the labelled sets (tests/data,
# 432 replies, asr channel) 0.42 lets 5 wrong or incomplete replies pass and 0.8 none, with
# one disagreement left in both.
ASR_MIN_COMPLETENESS = {"zh": 0.8, "ko": 0.42, "en": 0.42}


# Sounds a small recogniser cannot tell apart and prints one for the other, whichever the
# trainee said: through it, the first is read as the second. Vosk's small Mandarin model
# prints 你 for 您 (nǐ/nín) constantly; a voice reply cannot be judged on that difference.
ASR_FOLD: dict[str, dict[str, str]] = {"zh": {"你": "您"}}


def asr_channel(lang: str) -> Channel:
    return Channel(
        "asr",
        tolerance=ASR_TOLERANCE.get(lang, 0.48),
        min_completeness=ASR_MIN_COMPLETENESS.get(lang, 0.42),
        min_third=0.0,
        max_trailing=0.2,
        min_length=0.75,
    )


@dataclass(frozen=True)
class Timing:
    """Fluency inputs; any may be missing."""

    answer_ring: int | None = None
    max_rings: int = 3
    response_delay: float | None = None  # seconds from the end of the caller's line
    speaking_time: float | None = None  # seconds from first to last word
    longest_pause: float | None = None  # seconds


@dataclass(frozen=True)
class Verdict:
    score: float
    passed: bool
    reasons: tuple[Reason, ...]
    matched: str  # the standard form the reply was judged against
    completeness: float
    accuracy: float
    extra: int  # extra units said
    pieces: tuple[Piece, ...]  # the diff against `matched`
    fluency: float | None = None
    turn: str = ""
    keys_missing: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()
    scorer_version: str = SCORER_VERSION
    notes: tuple[Reason, ...] = field(default=())
    # recogniser slips that cost nothing (the channel's tolerance), and extra clauses said
    forgiven: tuple[Piece, ...] = ()
    extra_clauses: tuple[str, ...] = ()

    @property
    def miscues(self) -> tuple[Piece, ...]:
        return tuple(p for p in self.pieces if p.kind in (OMISSION, INSERTION, SUBSTITUTION))

    def reason_texts(self, ui: str = "en") -> list[str]:
        return [r.text(ui) for r in self.reasons]

    def explanations(self) -> tuple[Reason, ...]:
        """What cost nothing and why: notes (homophones, extras within the allowance,
        recogniser noise) and each recogniser slip that was forgiven."""
        slips = tuple(
            reason("forgiven_slip", said=p.said or "—", expected=p.expected or "—")
            for p in self.forgiven
        )
        return self.notes + slips

    def as_dict(self, ui: str = "en") -> dict[str, object]:
        return {
            "score": self.score,
            "passed": self.passed,
            "reasons": self.reason_texts(ui),
            "reason_codes": [r.code for r in self.reasons],
            "notes": [r.text(ui) for r in self.explanations()],
            "note_codes": [r.code for r in self.explanations()],
            "matched": self.matched,
            "completeness": round(self.completeness, 3),
            "accuracy": round(self.accuracy, 3),
            "extra": self.extra,
            "fluency": self.fluency,
            "miscues": [
                {"kind": p.kind, "expected": p.expected, "said": p.said, "position": p.position}
                for p in self.miscues
            ],
            "forgiven": [
                {"kind": p.kind, "expected": p.expected, "said": p.said, "why": "recogniser"}
                for p in self.forgiven
            ]
            + [
                {
                    "kind": r.code,
                    "expected": a.get("expected"),
                    "said": a.get("said"),
                    "why": "same sound",
                }
                for r in self.notes
                if r.code == "homophone"
                for a in (dict(r.args),)
            ],
            "extra_clauses": list(self.extra_clauses),
            "keys_missing": list(self.keys_missing),
            "blockers": list(self.blockers),
            "scorer_version": self.scorer_version,
        }
