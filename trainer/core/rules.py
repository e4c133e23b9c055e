"""The rulebook's rules around a reply: required key phrases, blockers (rude words, passing
the buck, disclosing a resident's data), the phrase for another moment, and fluency from
timings (answer ring, response delay, speech rate, pauses)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from trainer.core import normalize
from trainer.core.conduct import NONE, Conduct
from trainer.core.messages import Reason, reason
from trainer.core.pattern import PREFIX, Compiled, compile_alternatives, compile_pattern
from trainer.core.scenario import Blocker, KeyPhrase, Turn
from trainer.core.verdict import Channel, Timing
from trainer.core.vocabulary import NONE as NO_VOCABULARY
from trainer.core.vocabulary import Vocabulary

_NUMERAL = re.compile("[0-9零一二两三四五六七八九十百千万]")


def has_key(
    key: KeyPhrase, reply_keys: str, lang: str, channel: Channel, text: str | None = None
) -> bool:
    """Whether the reply says one of the key's forms (by sound). Given the reply's ``text``
    (typed), a form with a number in it must be written as it is: 十点 sounds like 四点."""
    for form in key.forms:
        keys = normalize.keys_of(form, lang)
        if not keys:
            return True
        if keys in reply_keys:
            if text is None or lang != "zh" or not _NUMERAL.search(form):
                return True
            if "".join(normalize._UNIT.findall(normalize.clean(form, lang))) in text:
                return True
            continue
        if (
            channel.source == "asr"
            and len(keys) >= 3
            and fuzz.partial_ratio(keys, reply_keys) >= 100.0 * (1.0 - channel.tolerance / 1.5)
        ):
            return True
    return False


@dataclass(frozen=True)
class Rules:
    """A pack's blockers, conduct families, courtesy phrases and the keys of its other turns'
    phrases, compiled once."""

    blockers: tuple[
        tuple[Blocker, re.Pattern[str] | None, Compiled | None, re.Pattern[str] | None], ...
    ] = ()
    others: tuple[tuple[Turn, str], ...] = ()
    conduct: Conduct = NONE
    vocabulary: Vocabulary = NO_VOCABULARY  # what a guided turn's reply may talk about
    # per (turn, form keys): the other turns' phrases worth comparing (filled on first use)
    candidates: dict[tuple[str, str], tuple[tuple[Turn, str, int], ...]] = field(
        default_factory=dict, compare=False
    )
    # (turn id, accepted wording, channel, pass mark) -> the verdict of that wording said
    # exactly, with no timing (filled on first use)
    perfect: dict[tuple[str, str, Channel, float], Any] = field(default_factory=dict, compare=False)


def compile_rules(
    blockers: Sequence[Blocker],
    others: Sequence[Turn],
    lang: str,
    conduct: Conduct = NONE,
    vocabulary: Vocabulary = NO_VOCABULARY,
) -> Rules:
    compiled = tuple((b, *_blocker_patterns(b, lang)) for b in blockers)
    forms = []
    for other in others:
        for form in other.forms:
            keys = normalize.units(form, lang).keys
            if len(keys) >= 2:
                forms.append((other, keys))
    return Rules(compiled, tuple(forms), conduct, vocabulary)


def _blocker_patterns(
    blocker: Blocker, lang: str
) -> tuple[re.Pattern[str] | None, Compiled | None, re.Pattern[str] | None]:
    """Literal phrases as one regex over the reply's characters and one over its keys
    (phrases of 2+ units: a homophone of a rude phrase is the rude phrase misheard); the
    pack's ``re:`` patterns through RE2, which cannot backtrack (see ``pattern``)."""
    text_alts: list[str] = []
    key_alts: list[str] = []
    patterns: list[str] = []
    for pattern in blocker.patterns:
        if pattern.startswith(PREFIX):
            compile_pattern(pattern[len(PREFIX) :])  # raises PatternError with the reason
            patterns.append(pattern[len(PREFIX) :])
            continue
        units = normalize.split(pattern, lang, drop_fillers=False)
        if units.units:
            text_alts.append(re.escape("".join(units.units)))
        if len(units) >= 2:
            key_alts.append(re.escape(units.keys))
    return (
        re.compile("|".join(text_alts)) if text_alts else None,
        compile_alternatives(patterns),
        re.compile("|".join(key_alts)) if key_alts else None,
    )


def blockers_hit(rules: Rules, reply: str, lang: str) -> list[Blocker]:
    if not rules.blockers:
        return []
    said = normalize.prepare(reply, lang)
    text = "".join(said.units)
    return [
        blocker
        for blocker, by_text, by_pattern, by_keys in rules.blockers
        if (by_text is not None and by_text.search(text))
        or (by_pattern is not None and by_pattern.search(text) is not None)
        or (by_keys is not None and by_keys.search(said.keys))
    ]


def wrong_moment(own: float, exp_keys: str, got: str, turn: Turn, rules: Rules) -> Turn | None:
    """Another turn whose phrase the reply says (much better than its own): the phrase for
    another moment."""
    candidates = rules.candidates.get((turn.id, exp_keys))
    if candidates is None:  # the other phrases this one does not contain, with their lengths
        candidates = tuple(
            (other, keys, len(keys))
            for other, keys in rules.others
            if other.id != turn.id and keys not in exp_keys
        )
        rules.candidates[(turn.id, exp_keys)] = candidates
    best: tuple[float, Turn] | None = None
    said = len(got)
    floor = max(0.8, own + 0.2)
    for other, keys, n in candidates:
        if said < floor * n:  # too short to hold that much of it
            continue
        share = LCSseq.similarity(keys, got) / n
        if share >= 0.8 and share > own + 0.2 and (best is None or share > best[0]):
            best = (share, other)
    return best[1] if best else None


def fluency_points(
    timing: Timing | None, n: int, lang: str, reasons: list[Reason]
) -> tuple[float | None, float]:
    if timing is None:
        return None, 0.0
    points = 0.0
    if timing.answer_ring is not None and timing.answer_ring > timing.max_rings:
        points += 10
        reasons.append(
            reason("late_pickup", points=10, ring=timing.answer_ring, max_rings=timing.max_rings)
        )
    if timing.response_delay is not None and timing.response_delay > 3.0:
        p = min(10.0, 2.0 * (timing.response_delay - 3.0))
        points += p
        reasons.append(reason("slow_response", points=p, seconds=timing.response_delay))
    if timing.speaking_time and timing.speaking_time > 0 and n >= 4:
        rate = n / timing.speaking_time
        fast, slow = (6.5, 1.5) if lang in ("zh", "ko") else (4.0, 0.8)
        if rate > fast:
            points += 5
            reasons.append(reason("too_fast", points=5, rate=rate))
        elif rate < slow:
            points += 5
            reasons.append(reason("too_slow", points=5, rate=rate))
    if timing.longest_pause is not None and timing.longest_pause > 2.0:
        p = min(10.0, 3.0 * (timing.longest_pause - 2.0) + 2.0)
        points += p
        reasons.append(reason("long_pause", points=p, seconds=timing.longest_pause))
    return round(max(0.0, 100.0 - 2.5 * points), 1), points
