"""Conduct and courtesy: what a reply says besides the standard phrase.

A pack's conduct families (impatience, rudeness, sarcasm, blame, passing the buck, disclosing
a resident's data...) and its courtesy phrases are compiled once into:

- the cue phrases of two or more units, matched on phonetic keys (so ``烦 死 了``,
  ``烦死了`` and a homophone slip ``凡死了`` all hit), indexed by one "anchor" key each (the
  one least common in the pack's own phrases): the reply's keys are intersected with the
  anchors in C, and only the cues of the anchors present are looked for (one alternation of
  plain strings per anchor: no quantifier, so nothing can backtrack); a reply that is the
  standard phrase usually holds no anchor at all;
- a set of the one-unit cues, matched as written (滚: a lone syllable is not keyed);
- RE2 patterns over the reply's normalised text for ``re:`` entries, searched together in
  one pass (see ``pattern``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from trainer.core import normalize
from trainer.core.pattern import PREFIX, PatternSet
from trainer.core.phrases import expand
from trainer.core.scenario import ConductFamily

# an ``unless`` phrase cancels a hit it overlaps or that it closely follows or precedes, in
# units: 전화번호는 알려 드릴 수 없습니다 (the refusal follows the cue), 帮您去找 (overlaps)
UNLESS_BEFORE = 4
UNLESS_AFTER = 6


@dataclass(frozen=True)
class Hit:
    family: ConductFamily
    start: int  # reply unit index
    end: int
    said: str


@dataclass(frozen=True)
class _Matcher:
    """Literal phrases (by keys and by text) and ``re:`` patterns, each mapped to a label."""

    by_anchor: dict[str, re.Pattern[str]]  # a key of each cue (its rarest) -> its cues
    anchors: frozenset[str]
    key_label: dict[str, int]
    text_label: dict[str, int]  # one-unit cues, matched as written (滚)
    labels: tuple[int, ...]  # the label of each pattern in ``patterns``
    patterns: PatternSet
    # Chinese two-unit cues, matched as written too: two syllables sound alike too often
    # (业户说 is not 胡说, 一下说 is not 瞎说); longer cues keep matching misheard
    written: dict[str, frozenset[str]] = field(default_factory=dict)

    def spans(self, units: Sequence[str], keys: str) -> list[tuple[int, int, int]]:
        """(start, end, label) of matches, in reply units: every cue found, and for ``re:``
        patterns the first match of each label."""
        out: list[tuple[int, int, int]] = []
        # the anchors the reply holds (one pass in C), then their cues: a reply without any
        # anchor costs one intersection
        for anchor in self.anchors.intersection(keys):
            for m in self.by_anchor[anchor].finditer(keys):  # overlapping: a lookahead
                cue = m.group(1)
                start = m.start()
                texts = self.written.get(cue)
                if texts is not None and "".join(units[start : start + 2]) not in texts:
                    continue
                out.append((start, start + len(cue), self.key_label[cue]))
        if self.text_label and not self.text_label.keys().isdisjoint(units):
            out.extend(
                (i, i + 1, self.text_label[u]) for i, u in enumerate(units) if u in self.text_label
            )
        if self.patterns:
            data = "".join(units).encode()
            found, seen = [], set()
            for index in self.patterns.matching(data):  # one pass; spans only for the hits
                label = self.labels[index]
                span = None if label in seen else self.patterns.span(index, data)
                if span is not None:
                    seen.add(label)
                    found.append((*span, label))
            if found:
                starts = list(itertools.accumulate((len(u.encode()) for u in units), initial=0))
                out.extend((*_unit_span(starts, a, b), label) for a, b, label in found)
        return out


def _unit_span(starts: list[int], a: int, b: int) -> tuple[int, int]:
    first = bisect.bisect_right(starts, a) - 1
    last = bisect.bisect_left(starts, b)
    return max(first, 0), max(last, first + 1)


def _matcher(
    entries: Sequence[tuple[int, str]], lang: str, common: Counter[str] | None = None
) -> _Matcher:
    """``entries``: (label, phrase or ``re:`` pattern); phrases take ``[a|b]`` alternatives.
    ``common``: how often each key occurs in the pack's own phrases (a cue is indexed by
    its key least common there, so a reply that is the standard phrase triggers nothing)."""
    key_label: dict[str, int] = {}
    text_label: dict[str, int] = {}
    written: dict[str, set[str]] = {}
    patterns: list[tuple[int, str]] = []
    for label, entry in entries:
        if entry.startswith(PREFIX):
            patterns.append((label, entry[len(PREFIX) :]))
            continue
        for form in expand(entry):
            prepared = normalize.prepare(form, lang)
            said = prepared.without_fillers()
            if len(said) != len(prepared.units):
                continue  # a filler in it (아 진짜): without it the cue would say too little
            if len(said) >= 2:
                key_label.setdefault(said.keys, label)
                if lang == "zh" and len(said) == 2:
                    written.setdefault(said.keys, set()).add("".join(said.units))
            elif len(said) == 1:
                text_label.setdefault(said.units[0], label)
    in_cues = Counter(k for cue in key_label for k in set(cue))
    common = common or Counter()
    by_anchor: dict[str, list[str]] = {}
    for cue in key_label:
        anchor = min(cue, key=lambda k: (common[k], in_cues[k]))
        by_anchor.setdefault(anchor, []).append(cue)
    return _Matcher(
        {
            k: re.compile(
                "(?=(" + "|".join(re.escape(c) for c in sorted(v, key=len, reverse=True)) + "))"
            )
            for k, v in by_anchor.items()
        },
        frozenset(by_anchor),
        key_label,
        text_label,
        tuple(label for label, _ in patterns),
        PatternSet([source for _, source in patterns]),
        {k: frozenset(v) for k, v in written.items()},
    )


@dataclass(frozen=True)
class Conduct:
    """A pack's conduct families and courtesy phrases, compiled once."""

    families: tuple[ConductFamily, ...]
    cues: _Matcher
    unless: _Matcher
    courtesy: _Matcher

    def hits(
        self,
        units: Sequence[str],
        keys: str,
        phrase: Sequence[tuple[int, int]] | None = None,
    ) -> list[Hit]:
        """The conduct violations in a reply (one per family, in the order said).

        ``phrase``: the reply's unit ranges that line up with the standard phrase; a cue must
        lie outside it, but for one unit of a cue of three or more (给他。麻烦您了 holds the
        keys of 他妈 across the phrase's last word; 请讲讲重点 may share its 讲)."""
        if not units:
            return []
        found = self.cues.spans(units, keys)
        if found and phrase:
            found = [
                (a, b, label)
                for a, b, label in found
                if sum(max(0, min(b, y) - max(a, x)) for x, y in phrase) <= (1 if b - a >= 3 else 0)
            ]
        if not found:
            return []
        cancel = (
            self.unless.spans(units, keys) if self.unless.key_label or self.unless.patterns else []
        )
        out: dict[str, Hit] = {}
        for a, b, label in sorted(found):
            family = self.families[label]
            if family.id in out:
                continue
            if any(
                ul == label and ua < b + UNLESS_AFTER and a - UNLESS_BEFORE < ub
                for ua, ub, ul in cancel
            ):
                continue
            out[family.id] = Hit(family, a, b, "".join(units[a:b]))
        return list(out.values())

    def courtesy_mask(self, units: Sequence[str], keys: str) -> list[bool]:
        """Which reply units belong to an accepted courtesy phrase."""
        mask = [False] * len(units)
        for a, b, _ in self.courtesy.spans(units, keys):
            for i in range(a, min(b, len(units))):
                mask[i] = True
        return mask


NONE = Conduct((), _matcher((), "zh"), _matcher((), "zh"), _matcher((), "zh"))


def compile_conduct(
    families: Sequence[ConductFamily],
    courtesy: Sequence[str],
    lang: str,
    phrases: Sequence[str] = (),
) -> Conduct:
    """Compile a pack's families and courtesy list (patterns must compile: see ``pattern``);
    ``phrases``: the pack's standard phrases, whose common keys are not used as anchors."""
    fams = tuple(families)
    common = Counter(k for p in phrases for k in normalize.prepare(p, lang).keys)
    cues = [(i, c) for i, f in enumerate(fams) for c in (*f.cues, *f.patterns)]
    unless = [(i, c) for i, f in enumerate(fams) for c in f.unless]
    return Conduct(
        fams,
        _matcher(cues, lang, common),
        _matcher(unless, lang, common),
        _matcher([(0, c) for c in courtesy], lang, common),
    )


def colliding(entries: Sequence[str], phrases: Sequence[tuple[str, str]], lang: str) -> set[int]:
    """The indexes of ``entries`` that would hit one of ``phrases`` (all entries matched in one
    pass over each phrase: a pack's defaults are hundreds of cues)."""
    if not entries:
        return set()
    matcher = _matcher(list(enumerate(entries)), lang)
    hit: set[int] = set()
    matched_keys: set[str] = set()  # the wordings that hit (two entries may share one)
    for _, phrase in phrases:
        said = normalize.prepare(phrase, lang).without_fillers()
        for a, b, label in matcher.spans(said.units, said.keys):
            hit.add(label)
            if b - a >= 2:  # a one-unit cue is matched as written, not by its key
                matched_keys.add(said.keys[a:b])
    for index, entry in enumerate(entries):
        if index not in hit and not entry.startswith(PREFIX):
            forms = (normalize.prepare(f, lang).without_fillers().keys for f in expand(entry))
            if not matched_keys.isdisjoint(forms):
                hit.add(index)
    return hit


def collides(
    entry: str,
    phrases: Sequence[tuple[str, str]],
    lang: str,
    said: Sequence[normalize.Units] | None = None,
) -> tuple[str, str] | None:
    """The first (turn id, phrase) that a cue or ``re:`` pattern would hit: such an entry
    would fail the standard phrase itself. ``said``: the phrases already cut into units (a
    pack checks every cue of its own against the same phrases)."""
    matcher = _matcher([(0, entry)], lang)
    if said is None:
        said = said_phrases(phrases, lang)
    for (turn_id, phrase), units in zip(phrases, said, strict=True):
        if matcher.spans(units.units, units.keys):
            return turn_id, phrase
    return None


def said_phrases(phrases: Sequence[tuple[str, str]], lang: str) -> list[normalize.Units]:
    """Each phrase as a reply saying it would be cut (fillers dropped)."""
    return [normalize.prepare(phrase, lang).without_fillers() for _, phrase in phrases]
