"""Account for every span of a reply besides the standard phrase.

After alignment, each reply unit is part of the standard phrase, a filler (dropped before
this), an accepted courtesy phrase (好的, 您好, 谢谢您的耐心...), part of a conduct violation,
or an unexplained extra. Extras are grouped into clauses and named (多说了“…”).

Through a recogniser, an extra may be its noise rather than the trainee's speech. That is
decided from evidence: with word confidences (Vosk gives one per word) a clause whose words
average ``SPEECH_CONFIDENCE`` or more is speech; without them, a run of ``EDGE_RUN`` or more
units before or after the phrase, or of ``INSIDE_RUN`` or more inside it, is speech (a
clause said around or amid the phrase), while shorter runs are the recogniser's insertions
and are forgiven.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.core import normalize
from trainer.core.align import Alignment
from trainer.core.conduct import Conduct, Hit
from trainer.core.normalize import Prepared, Units
from trainer.core.verdict import Channel

# Vosk marks words it is sure of near 1.0 and its guesses lower; an inserted clause whose
# words average this or more was said.
SPEECH_CONFIDENCE = 0.85
# Without confidences: on the Korean real-speech set (bench/asr_eval.py, 230 clips scored
# against their own sentence) the recogniser's insertions before or after the phrase are at
# most 2 units long (7 runs: six of 1, one of 2), so a run of 4 or more there is a clause the
# trainee said.
EDGE_RUN = 4
# Inside the phrase the recogniser's insertions are as short (a syllable or two where a word
# was split or smeared); a run of this many units there is a clause said in the middle of the
# phrase (她不在座位上，估计又溜出去买奶茶了，您是否需要留言).
INSIDE_RUN = 6
# Unexplained extra units a fixed-wording turn may carry before it fails. On the labelled sets
# (tests/data: dev, held-out and conduct dev sets, 747 replies), once courtesy is taken out the
# harmless asides of passing replies are 1-3 units (现在, 小王, 好吗 ...; one 7-unit clause,
# 水费已经查好了, is a real extra clause), while conduct clauses run 1-17 units, a third of them
# 4 units or fewer: the families catch those, the allowance is the net for the rest.
ALLOWANCE = 3


@dataclass(frozen=True)
class Account:
    hits: tuple[Hit, ...] = ()
    clauses: tuple[str, ...] = ()  # extra clauses taken as said (named on screen)
    speech: int = 0  # units in those clauses
    noise: tuple[str, ...] = ()  # extras forgiven as recogniser noise
    courtesy: tuple[str, ...] = ()  # courtesy phrases said around the phrase


def _runs(mask: Sequence[bool]) -> list[tuple[int, int]]:
    out, start = [], None
    for i, on in enumerate((*mask, False)):
        if on and start is None:
            start = i
        elif not on and start is not None:
            out.append((start, i))
            start = None
    return out


def account(
    got: Units,
    al: Alignment,
    conduct: Conduct,
    channel: Channel,
    *,
    confidence: Sequence[float] | None = None,
    phrase: str = "",
    hits_only: bool = False,
) -> Account:
    """``phrase``: the standard phrase's text; a reply that is a stretch of it says nothing
    else (a pack's cues and patterns are checked not to hit its own phrases). ``hits_only``:
    the reply already fails as not the standard phrase, so only conduct is worth naming."""
    units, keys = got.units, got.keys
    n = len(units)
    if n == 0 or (phrase and "".join(units) in phrase):
        return Account()
    hits = tuple(conduct.hits(units, keys, al.matched_at))
    if hits_only or not al.inserted_at:
        return Account(hits)
    extra = [False] * n
    for a, b in al.inserted_at:
        for i in range(a, min(b, n)):
            extra[i] = True
    courtesy_units = [False] * n
    if any(extra):
        courtesy_units = conduct.courtesy_mask(units, keys)
    inside = _phrase_span(extra)
    for hit in hits:
        for i in range(hit.start, min(hit.end, n)):
            extra[i] = False
    # courtesy is peeled off either end of an extra run (好的, 谢谢您 ... 王女士): a courtesy
    # word inside a clause (水费已经查好了) does not explain the clause
    courtesy: list[str] = []
    runs: list[tuple[int, int]] = []
    for a, b in _runs(extra):
        a2, b2 = a, b
        while a2 < b2 and courtesy_units[a2]:
            a2 += 1
        while b2 > a2 and courtesy_units[b2 - 1]:
            b2 -= 1
        courtesy.extend("".join(units[x:y]) for x, y in ((a, a2), (b2, b)) if y > x)
        if b2 > a2:
            runs.append((a2, b2))
    if not runs:
        return Account(hits, courtesy=tuple(courtesy))
    said: list[str] = []
    noise: list[str] = []
    speech = 0
    for a, b in runs:
        text = "".join(units[a:b])
        if channel.source == "text":
            is_speech = True
        elif confidence is not None and len(confidence) == n:
            is_speech = sum(confidence[a:b]) / (b - a) >= SPEECH_CONFIDENCE
        else:
            at_edge = inside is None or b <= inside[0] or a >= inside[1]
            is_speech = b - a >= (EDGE_RUN if at_edge else INSIDE_RUN)
        if is_speech:
            said.append(text)
            speech += b - a
        else:
            noise.append(text)
    return Account(hits, tuple(said), speech, tuple(noise), tuple(courtesy))


def _phrase_span(extra: Sequence[bool]) -> tuple[int, int] | None:
    """First and last+1 reply unit that lines up with the phrase."""
    inside = [i for i, e in enumerate(extra) if not e]
    return (inside[0], inside[-1] + 1) if inside else None


def confidences(
    words: Sequence[Mapping[str, Any]], prepared: Prepared, keep: str, lang: str
) -> list[float] | None:
    """One confidence per reply unit (fillers dropped as the scorer drops them), from the
    recogniser's words (``{"word": ..., "conf": ...}``, as a transcript gives them); None
    when the words do not spell the reply."""
    per_unit: list[float] = []
    for word in words:
        text, conf = word.get("word"), word.get("conf")
        if not isinstance(text, str) or not isinstance(conf, int | float):
            return None
        per_unit.extend([float(conf)] * len(normalize.prepare(text, lang).units))
    if len(per_unit) != len(prepared.units):
        return None
    dropped = {i for a, b, k in prepared.fillers if k not in keep for i in range(a, b)}
    return [c for i, c in enumerate(per_unit) if i not in dropped]
