"""What a guided turn's reply may talk about, and the clause that talks about something else.

A guided turn (calming an angry caller, refusing to give out a resident's number, taking a
complaint) has no fixed wording: any reply that makes its key points passes. Extra content
is expected there (the problem restated, what will be done, when, by whom), and a deny-list
of rude or evasive phrases cannot foresee every sneer, excuse or piece of gossip a trainee
might add. So the reply is also read the other way round: each unit must be *explained* by
the service language of the pack, that is, by a pair of neighbouring keys that also occurs in

- any phrase or key phrase of the pack (the standard wording of every moment),
- any caller line of the pack's scenarios (the problems callers bring: 电梯, 装修, 噪音...),
- the language's courtesy phrases and its service words (登记, 师傅, 上门, 第一时间,
  保密, 个人信息...), both of which a pack extends.

Pairs are of phonetic keys, so recogniser spacing and homophone slips are explained too.
A stretch of ``WINDOW`` units holding ``LIMIT`` or more unexplained ones is a clause about
something else: it is named, and it fails the turn. Measured on the labelled guided-turn
replies of the development sets in tests/data (tests/unit/test_vocabulary.py holds both
sides to it): correct
paraphrases leave at most 3 unexplained units in any 8 (new wording of the same points:
业主的, 留个言, 施工队), while added sneers, excuses, referrals elsewhere and gossip about a
resident leave 4 to 8.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from trainer.core import normalize
from trainer.core.phrases import TemplateError, expand

WINDOW = 8
LIMIT = 4
# An extra clause on a fixed-wording turn is service talk, not a stray, when at most this many
# of its units are unexplained.
SLACK = 0
TENS = 4  # the last four numerals of a language's list are its count words (十百千万)


@dataclass(frozen=True)
class Vocabulary:
    pairs: frozenset[str] = frozenset()  # neighbouring keys
    # numbers with a measure, as written (by characters: keyed, 一 would sound like 意):
    # unit pairs such as 三点, 二十, 点半
    numbers: frozenset[str] = frozenset()

    def unexplained(self, keys: str, units: Sequence[str] = ()) -> list[bool]:
        """Per unit: True when no neighbouring pair it belongs to is in the vocabulary."""
        n = len(keys)
        out = [True] * n
        pairs, numbers = self.pairs, self.numbers
        with_units = bool(numbers) and len(units) == n
        for i in range(n - 1):
            if keys[i : i + 2] in pairs or (with_units and units[i] + units[i + 1] in numbers):
                out[i] = out[i + 1] = False
        return out

    def stray_clause(
        self, units: Sequence[str], keys: str, skip: Sequence[bool] = ()
    ) -> tuple[int, int] | None:
        """The span (first to last unexplained unit) of the worst ``WINDOW``-unit stretch
        when it holds ``LIMIT`` or more unexplained units, else None. ``skip``: units
        already accounted for (a conduct hit), not counted again."""
        if not self.pairs or len(keys) < LIMIT:
            return None
        mask = self.unexplained(keys, units)
        if skip:
            mask = [m and not s for m, s in zip(mask, skip, strict=False)]
        count = sum(mask[:WINDOW])
        best, at = count, 0
        for i in range(1, max(1, len(mask) - WINDOW + 1)):
            count += mask[i + WINDOW - 1] - mask[i - 1]
            if count > best:
                best, at = count, i
        if best < LIMIT:
            return None
        inside = [i for i in range(at, min(at + WINDOW, len(mask))) if mask[i]]
        return inside[0], inside[-1] + 1

    def explains(self, clause: str, lang: str) -> bool:
        """Whether a whole clause is the pack's service talk: at most ``SLACK`` of its units
        unexplained (a name, a number)."""
        said = normalize.prepare(clause, lang).without_fillers()
        return len(said) >= 2 and sum(self.unexplained(said.keys, said.units)) <= SLACK


def build(
    texts: Iterable[str],
    lang: str,
    numerals: str = "",
    measures: Iterable[str] = (),
) -> Vocabulary:
    """The key pairs of ``texts`` (phrases may hold ``[a|b]`` alternatives). Numbers said
    with a measure (下午三点, 二十分钟后, 几栋几号) are explained too: ``numerals`` ends with
    the language's ``TENS`` count words (十百千万), which pair with any numeral, and each
    numeral pairs with a measure word after or before it."""
    pairs: set[str] = set()

    def keys_of(text: str) -> str:
        return normalize.prepare(text, lang).without_fillers().keys

    digits = list(numerals)
    tens = digits[-TENS:] if numerals else []
    numbers = {a + b for a in digits for b in tens} | {b + a for a in digits for b in tens}
    for measure in measures:
        numbers.update(d + measure[0] for d in digits)
        numbers.update(measure[-1] + d for d in digits)
    for text in texts:
        try:
            forms = expand(text)
        except TemplateError:
            forms = [text]
        for form in forms:
            keys = keys_of(form)
            pairs.update(keys[i : i + 2] for i in range(len(keys) - 1))
    return Vocabulary(frozenset(pairs), frozenset(numbers))


NONE = Vocabulary()
