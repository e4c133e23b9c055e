"""The reply scorer: judges what the trainee said the way a supervisor applying the rulebook would.

For each accepted form of the turn's standard phrase the reply is aligned on phonetic keys
(see ``align``); the best form wins. From the alignment come:

- completeness: the share of the standard phrase that was said (judged on its own, and per
  third of the phrase, so a reply that stops halfway fails even when every word is right);
- accuracy: the share of what was said that belongs to the phrase;
- extra words, and the miscues (omission / insertion / substitution) for the on-screen diff.

Then the rules: required key phrases must be present, blockers fail the turn whatever the
score, a phrase from another moment is named as such, and timings (answer ring, response
delay, speech rate, pauses) cost points when given.

The channel says where the reply came from: typed text is taken as said; a recogniser's
transcript carries its own error rate, which is forgiven (``tolerance``), while a reply
whose ending is missing is still caught as one that stopped early.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import LCSseq

from trainer.core import normalize, polarity
from trainer.core.account import ALLOWANCE, account, confidences
from trainer.core.align import HOMOPHONE, INSERTION, OMISSION, SUBSTITUTION, Alignment, Piece, align
from trainer.core.conduct import compile_conduct
from trainer.core.conduct_ko import MEASURES as KO_MEASURES
from trainer.core.conduct_ko import NUMERALS as KO_NUMERALS
from trainer.core.conduct_zh import MEASURES as ZH_MEASURES
from trainer.core.conduct_zh import NUMERALS as ZH_NUMERALS
from trainer.core.messages import Reason, reason
from trainer.core.phrases import expand
from trainer.core.rules import (
    Rules,
    blockers_hit,
    compile_rules,
    fluency_points,
    has_key,
    wrong_moment,
)
from trainer.core.scenario import Blocker, KeyPhrase, Pack, Turn
from trainer.core.verdict import (
    ASR_FOLD,
    ASR_TOLERANCE,
    SCORER_VERSION,
    TEXT,
    Channel,
    Timing,
    Verdict,
    asr_channel,
)
from trainer.core.vocabulary import Vocabulary
from trainer.core.vocabulary import build as build_vocabulary

__all__ = [
    "ASR_TOLERANCE",
    "SCORER_VERSION",
    "TEXT",
    "Channel",
    "PackScorer",
    "Rules",
    "Timing",
    "Verdict",
    "asr_channel",
    "compile_rules",
    "score_expected",
    "score_reply",
]


# A reply is judged in bounded time whatever its length: one longer than this many characters,
# or with more than MAX_RATIO times the units of the phrase (at least 10), is far longer than
# any standard phrase and fails as such without being aligned.
MAX_REPLY_CHARS = 2000
MAX_RATIO = 4


@dataclass(frozen=True)
class _Try:
    form: str
    exp: normalize.Units
    got: normalize.Units
    al: Alignment

    @property
    def completeness(self) -> float:
        n = len(self.exp.keys)
        return self.al.credit / n if n else 0.0


def score_reply(
    reply: str,
    turn: Turn,
    lang: str,
    *,
    pass_mark: float = 80,
    blockers: Sequence[Blocker] = (),
    others: Sequence[Turn] = (),
    extra_keys: Sequence[KeyPhrase] = (),
    timing: Timing | None = None,
    channel: Channel = TEXT,
    rules: Rules | None = None,
    words: Sequence[Mapping[str, Any]] | None = None,
) -> Verdict:
    """Score one reply. ``rules`` is the blockers, conduct families and other turns compiled
    once (``compile_rules``); without it they are compiled from ``blockers`` and ``others``.
    ``words`` is the recogniser's (word, confidence) list, when there is one: the evidence
    that tells a clause the trainee said from the recogniser's noise."""
    spec = normalize.language(lang)
    if rules is None:
        rules = compile_rules(blockers, others, lang)
    fold = ASR_FOLD.get(lang) if channel.source == "asr" else None
    if fold and not fold.keys().isdisjoint(reply):
        reply = reply.translate({ord(k): v for k, v in fold.items()})
    if turn.guided:
        return _judge_guided(reply, turn, lang, pass_mark, rules, extra_keys, timing, channel)
    if len(reply) > MAX_REPLY_CHARS:
        return _too_long(reply, turn, lang, pass_mark)
    # pick the closest accepted form cheaply (LCS of keys), then align only that one
    prepared = normalize.prepare(reply, lang)
    best_form, best_exp, best_got, best_rank = "", None, None, (0.0, 0)
    for form in turn.forms:
        exp = normalize.units(form, lang)
        got = prepared.without_fillers(exp.keys)
        n = max(len(exp.keys), 1)
        common = LCSseq.similarity(exp.keys, got.keys)
        rank = (common / n - 0.5 * (len(got.keys) - common) / max(n, 10), -n)
        if best_exp is None or rank > best_rank:
            best_form, best_exp, best_got, best_rank = form, exp, got, rank
    if best_exp is None or best_got is None:  # no form at all: nothing to judge against
        return _too_long(reply, turn, lang, pass_mark)
    if len(best_got) > MAX_RATIO * max(len(best_exp), 10):
        return _too_long(reply, turn, lang, pass_mark)
    # the accepted wording itself, unit for unit (most typed replies): its verdict depends on
    # nothing else, so it is judged once per pack
    exact = (
        best_got.units == best_exp.units
        and best_got is prepared.plain
        and timing is None
        and not extra_keys
        and not words
    )
    if exact:
        known = rules.perfect.get((turn.id, best_form, channel, pass_mark))
        if known is not None:
            return known
    al = align(best_exp.units, best_exp.keys, best_got.units, best_got.keys, spec.near, spec.joiner)
    best = _Try(best_form, best_exp, best_got, al)
    conf = (
        confidences(words, prepared, best_exp.keys, lang)
        if words and channel.source == "asr"
        else None
    )
    verdict = _judge(best, reply, turn, lang, pass_mark, rules, extra_keys, timing, channel, conf)
    if exact and not verdict.blockers:
        rules.perfect[(turn.id, best_form, channel, pass_mark)] = verdict
    return verdict


def _judge(
    t: _Try,
    reply: str,
    turn: Turn,
    lang: str,
    pass_mark: float,
    rules: Rules,
    extra_keys: Sequence[KeyPhrase],
    timing: Timing | None,
    channel: Channel,
    conf: Sequence[float] | None = None,
) -> Verdict:
    n = len(t.exp)
    completeness = t.completeness
    said = len(t.got)
    accuracy = t.al.matched_reply / said if said else 0.0
    reasons: list[Reason] = []
    notes: list[Reason] = []
    fail = False

    # completeness, forgiving what the recogniser is expected to garble
    base = 100.0 * min(1.0, completeness / (1.0 - channel.tolerance)) if n else 0.0
    lost = 100.0 - base
    weak_third = n >= 6 and channel.min_third > 0 and min(_thirds(t.al.credits)) < channel.min_third
    trailing = _trailing_unsaid(t.al.pieces) if completeness < 1.0 else 0
    stopped = n >= 4 and (
        (channel.max_trailing == 0.0 and trailing >= 2)
        or (channel.max_trailing > 0.0 and trailing / n >= channel.max_trailing)
        or said / n < channel.min_length
    )

    if said == 0:
        reasons.append(reason("no_reply", points=100))
        fail = True
    elif completeness < 0.35 or (said <= 2 and n >= 4):
        code = "too_short" if said < max(3, n // 3) else "not_standard"
        reasons.append(reason(code, points=lost, model=turn.model_answer))
        fail = True
    elif stopped and _said_prefix(t.al.credits):
        reasons.append(reason("stopped_early", points=lost, percent=round(100 * completeness)))
        fail = True
    else:
        if channel.source == "text" or lost > 0:
            _miscue_reasons(t, reasons, channel)
        # a phrase of seven units or more may lose one (事情 -> 事) when no key phrase is hit
        floor = min(channel.min_completeness, (n - 1) / n) if n >= 7 else channel.min_completeness
        if completeness < floor or weak_third:
            fail = True
            if not any(r.code in ("omission", "substitution") for r in reasons):
                reasons.append(
                    reason(
                        "incomplete",
                        points=lost,
                        percent=round(100 * completeness),
                        model=turn.model_answer,
                    )
                )

    # every span besides the phrase: courtesy is free, conduct fails, other extras are named
    acc = account(
        t.got, t.al, rules.conduct, channel, confidence=conf, phrase=t.exp.text, hits_only=fail
    )
    for c in acc.hits:
        reasons.append(reason(c.family.code, said=c.said, rule=c.family.reason))
        fail = True
    # a clause of service talk (我这就去帮您问问, 확인 결과 안내해 드리겠습니다) is no stray
    service = [c for c in acc.clauses if rules.vocabulary.explains(c, lang)]
    clauses = [c for c in acc.clauses if c not in service]
    speech = acc.speech - sum(len(normalize.split(c, lang)) for c in service)
    noise_units = sum(len(x) for x in acc.noise)
    extras = speech + max(0, noise_units - round(channel.tolerance * n))
    extra_points = 25.0 * extras / max(n, 10)
    if speech > ALLOWANCE and said:
        reasons.append(reason("extra", points=extra_points, said=_clauses(clauses)))
        fail = True
    elif speech and said:
        notes.append(reason("extra_allowed", said=_clauses(clauses), allowance=ALLOWANCE))
    if service and said:
        notes.append(reason("extra_service", said=_clauses(service)))
    if acc.noise:
        notes.append(reason("noise_forgiven", said=_clauses(acc.noise)))
    if channel.source == "asr" and said:
        part = _missing_part(t, lang)
        if part:
            fail = True
            if not any(r.code == "omission" for r in reasons):
                reasons.append(reason("omission", points=100.0 * len(part) / n, expected=part))

    homophone_points = min(2.0, 0.5 * t.al.homophones)
    if t.al.homophones:
        notes.extend(
            reason("homophone", said=p.said, expected=p.expected)
            for p in t.al.pieces
            if p.kind == HOMOPHONE
        )

    # key phrases (the turn's, then the scenario step's)
    reply_keys = t.got.keys
    missing: list[str] = []
    for key in (*turn.keys, *extra_keys):
        if not has_key(key, reply_keys, lang, channel):
            missing.append(key.label)
            reasons.append(reason("key_missing", key=key.label))
            fail = True

    hit = blockers_hit(rules, reply, lang)
    for b in hit:
        reasons.append(_blocker_reason(b, rules))
        fail = True

    # a phrase for another moment
    # (another phrase must line up 0.2 better than this one, so only below 0.8 can one)
    if said and rules.others and t.completeness < 0.8 and (fail or channel.source == "asr"):
        other = wrong_moment(t.completeness, t.exp.keys, t.got.keys, turn, rules)
        if other is not None:
            reasons.insert(
                0, reason("wrong_moment", other=other.title or other.id, model=turn.model_answer)
            )
            fail = True

    fluency, timing_points = fluency_points(timing, n, lang, reasons)
    if (
        timing is not None
        and timing.answer_ring is not None
        and timing.answer_ring > timing.max_rings
    ):
        fail = True

    score = base - extra_points - homophone_points - timing_points
    score = round(max(0.0, min(100.0, score)), 1)
    if fail or score < pass_mark:
        fail = True
        if score >= pass_mark:
            score = round(max(0.0, pass_mark - 1.0), 1)
    return Verdict(
        score=score,
        passed=not fail,
        reasons=tuple(reasons),
        matched=t.form,
        completeness=completeness,
        accuracy=accuracy,
        extra=t.al.inserted,
        pieces=t.al.pieces,
        fluency=fluency,
        turn=turn.id,
        keys_missing=tuple(missing),
        blockers=tuple(b.id for b in hit) + tuple(c.family.id for c in acc.hits),
        notes=tuple(notes),
        forgiven=_forgiven(t, reasons, channel),
        extra_clauses=acc.clauses,
    )


def _judge_guided(
    reply: str,
    turn: Turn,
    lang: str,
    pass_mark: float,
    rules: Rules,
    extra_keys: Sequence[KeyPhrase],
    timing: Timing | None,
    channel: Channel,
) -> Verdict:
    """A turn with no fixed wording (calming an angry caller, refusing to give out a
    resident's number): its key phrases carry it; the model answer is shown for the diff."""
    spec = normalize.language(lang)
    exp = normalize.units(turn.model_answer, lang)
    if len(reply) > MAX_REPLY_CHARS:
        return _too_long(reply, turn, lang, pass_mark)
    got = normalize.split(reply, lang, keep=exp.keys)
    if len(got) > MAX_RATIO * max(len(exp), 10):
        return _too_long(reply, turn, lang, pass_mark)
    al = align(exp.units, exp.keys, got.units, got.keys, spec.near, spec.joiner)
    completeness = al.credit / len(exp) if len(exp) else 0.0
    keys = (*turn.keys, *extra_keys)
    typed = "".join(got.units) if channel.source != "asr" else None
    hits = [has_key(k, got.keys, lang, channel, typed) for k in keys]
    said = [k for k, hit in zip(keys, hits, strict=True) if hit]
    missing = [k.label for k, hit in zip(keys, hits, strict=True) if not hit]
    # a key said only in a negated clause states the opposite rule ("不用登记")
    reversed_ = polarity.turned_round(
        reply, turn.model_answer, said, lang, typed=channel.source != "asr"
    )
    reasons: list[Reason] = []
    share = 1.0 - (len(missing) + len(reversed_)) / len(keys) if keys else 1.0
    join = "、" if lang == "zh" else ", "
    if not got.units:
        reasons.append(reason("no_reply", points=100))
        base = 0.0
    elif missing or reversed_:
        base = 75.0 * share
        lost = (100 - base) / (len(missing) + len(reversed_))
        if missing:
            reasons.append(
                reason("missing_keys_guided", points=lost * len(missing), keys=join.join(missing))
            )
        for _, clause, rule in reversed_:
            reasons.append(reason("key_reversed", points=lost, rule=rule, said=clause))
        missing = [*missing, *(k.label for k, _, _ in reversed_)]
    elif len(got) < 4:
        base = 50.0
        reasons.append(reason("too_short", points=50, model=turn.model_answer))
    else:
        base = 85.0 + 15.0 * min(1.0, completeness / 0.5)
    conduct = rules.conduct.hits(got.units, got.keys)  # extra content is allowed; conduct is not
    for c in conduct:
        reasons.append(reason(c.family.code, said=c.said, rule=c.family.reason))
    # ... and so is content about something else: a clause the pack's service language
    # does not explain (a sneer, an excuse, a referral elsewhere, gossip about a resident)
    stray = None
    if got.units and not missing and turn.kind == "scenario":  # a quiz answer talks of rules
        hit_units = [False] * len(got)
        for c in conduct:
            hit_units[c.start : c.end] = [True] * (min(c.end, len(got)) - c.start)
        stray = rules.vocabulary.stray_clause(got.units, got.keys, hit_units)
    if stray is not None:
        reasons.append(reason("extra_unrelated", said="".join(got.units[stray[0] : stray[1]])))
    hit = blockers_hit(rules, reply, lang)
    for b in hit:
        reasons.append(_blocker_reason(b, rules))
    fluency, timing_points = fluency_points(timing, len(exp), lang, reasons)
    score = round(max(0.0, min(100.0, base - timing_points)), 1)
    late = (
        timing is not None
        and timing.answer_ring is not None
        and timing.answer_ring > timing.max_rings
    )
    fail = bool(missing or hit or conduct or stray or base < 85 or late or score < pass_mark)
    if fail and score >= pass_mark:
        score = round(max(0.0, pass_mark - 1.0), 1)
    return Verdict(
        score=score,
        passed=not fail,
        reasons=tuple(reasons),
        matched=turn.model_answer,
        completeness=completeness,
        accuracy=al.matched_reply / len(got) if len(got) else 0.0,
        extra=al.inserted,
        pieces=al.pieces,
        fluency=fluency,
        turn=turn.id,
        keys_missing=tuple(missing),
        blockers=tuple(b.id for b in hit) + tuple(c.family.id for c in conduct),
    )


def _blocker_reason(b: Blocker, rules: Rules) -> Reason:
    """A blocker named after the conduct family it belongs to (rude, buck, disclose), so
    batch QA counts it under one stable code."""
    family = {"pass_the_buck": "buck"}.get(b.id, b.id)
    if any(f.id == family for f in rules.conduct.families):
        return reason(f"conduct.{family}", said="", rule=b.reason)
    return reason("blocker", reason=b.reason)


def _too_long(reply: str, turn: Turn, lang: str, pass_mark: float) -> Verdict:
    model = normalize.units(turn.model_answer, lang)
    return Verdict(
        score=0.0,
        passed=False,
        reasons=(reason("too_long", points=100, chars=len(reply), model=turn.model_answer),),
        matched=turn.model_answer,
        completeness=0.0,
        accuracy=0.0,
        extra=max(0, len(reply) - len(model)),
        pieces=(),
        turn=turn.id,
    )


def _clauses(clauses: Sequence[str]) -> str:
    text = "…".join(clauses)
    return text if len(text) <= 30 else text[:29] + "…"


@functools.lru_cache(maxsize=1024)
def _parts(form: str, lang: str) -> tuple[tuple[int, int], ...]:
    """Unit ranges of the phrase's parts (split at its punctuation): 对不起，请您稍候 ->
    (0, 3), (3, 7)."""
    out, pos = [], 0
    for clause in _PART.split(form):
        size = len(normalize.units(clause, lang)) if clause.strip() else 0
        if size:
            out.append((pos, pos + size))
            pos += size
    return tuple(out)


_PART = re.compile(r"[，,。.！!？?；;：:、]")


def _missing_part(t: _Try, lang: str) -> str:
    """Through a recogniser, a part of the phrase that was never said, on evidence a
    recogniser's garbling does not leave:

    - the opening part (two units or more, before the phrase's first punctuation) with
      nothing at all heard for it: 请您稍候 for 对不起，请您稍候;
    - a clean transcript with a hole: every unit heard is right, yet three or more were not
      said (감사합니다 for 기다려 주셔서 감사합니다).

    Measured on real Korean speech (bench/asr_eval.py, 230 clips): a recogniser does drop
    or garble short middle parts (흙을!, 에서) of a sentence it otherwise heard, so only
    these two count."""
    joiner = normalize.language(lang).joiner
    parts = _parts(t.form, lang)
    if len(parts) >= 2 and parts[-1][1] == len(t.exp):
        a, b = parts[0]
        if b - a >= 2 and any(x <= a and b <= y for x, y in t.al.omitted_at):
            return joiner.join(t.exp.units[a:b])
    omitted = sum(b - a for a, b in t.al.omitted_at)
    if omitted >= 3 and omitted == len(t.exp) - t.al.credit:
        return joiner.join(joiner.join(t.exp.units[a:b]) for a, b in t.al.omitted_at)
    return ""


_NOT_FORGIVEN = {"incomplete", "stopped_early", "not_standard", "too_short", "omission"}


def _forgiven(t: _Try, reasons: Sequence[Reason], channel: Channel) -> tuple[Piece, ...]:
    """Through a recogniser: the slips that cost nothing (not named in a reason)."""
    if channel.source != "asr" or any(r.code in _NOT_FORGIVEN for r in reasons):
        return ()
    named = {(r.code, dict(r.args).get("expected")) for r in reasons}
    return tuple(
        p
        for p in t.al.pieces
        if p.kind in (OMISSION, SUBSTITUTION) and (p.kind, p.expected) not in named
    )


def _thirds(credits: Sequence[float]) -> list[float]:
    n = len(credits)
    if n < 3:
        return [sum(credits) / n] if n else [0.0]
    cuts = [0, round(n / 3), round(2 * n / 3), n]
    return [sum(credits[a:b]) / (b - a) for a, b in zip(cuts, cuts[1:], strict=False)]


def _trailing_unsaid(pieces: Sequence[Piece]) -> int:
    """Units at the end of the phrase that nothing in the reply lines up with."""
    unsaid = 0
    for p in reversed(pieces):
        if p.kind == OMISSION:
            unsaid += len(p.expected)
        elif p.kind != INSERTION:
            break
    return unsaid


def _said_prefix(credits: Sequence[float]) -> bool:
    """The reply covers the opening of the phrase: it was cut short rather than garbled."""
    n = len(credits)
    head = credits[: max(1, n // 3)]
    return sum(head) / len(head) >= 0.5


def _miscue_reasons(t: _Try, reasons: list[Reason], channel: Channel) -> None:
    n = max(len(t.exp), 1)
    for p in t.al.pieces:
        if p.kind == OMISSION:
            reasons.append(
                reason("omission", points=100.0 * len(p.expected) / n, expected=p.expected)
            )
        elif p.kind == SUBSTITUTION:
            reasons.append(
                reason(
                    "substitution",
                    points=100.0 * len(p.expected) / n,
                    said=p.said,
                    expected=p.expected,
                )
            )
    if channel.source == "asr" and len(reasons) > 3:
        del reasons[3:]


class PackScorer:
    """Scores replies against one pack: its turns, blockers and pass mark."""

    def __init__(self, pack: Pack):
        self.pack = pack
        phrases = [f for t in pack.turns.values() for f in t.forms]
        conduct = compile_conduct(pack.conduct, pack.courtesy, pack.language, phrases)
        self._rules = compile_rules(
            pack.blockers,
            tuple(pack.turns.values()),
            pack.language,
            conduct,
            pack_vocabulary(pack),
        )

    def score(
        self,
        turn_id: str,
        reply: str,
        *,
        timing: Timing | None = None,
        channel: Channel = TEXT,
        step_keys: Sequence[KeyPhrase] = (),
        words: Sequence[Mapping[str, Any]] | None = None,
    ) -> Verdict:
        return score_reply(
            reply,
            self.pack.turn(turn_id),
            self.pack.language,
            pass_mark=self.pack.pass_mark,
            blockers=self.pack.blockers,
            rules=self._rules,
            extra_keys=step_keys,
            timing=timing,
            channel=channel,
            words=words,
        )


def score_expected(
    reply: str,
    expected: str,
    lang: str,
    *,
    pass_mark: float = 80,
    channel: Channel = TEXT,
    timing: Timing | None = None,
) -> Verdict:
    """Score a reply against a free standard phrase (inline ``[a|b]`` alternatives allowed)."""
    turn = Turn("expected", tuple(expand(expected)))
    return score_reply(reply, turn, lang, pass_mark=pass_mark, channel=channel, timing=timing)


NUMBERS = {"zh": (ZH_NUMERALS, ZH_MEASURES), "ko": (KO_NUMERALS, KO_MEASURES)}


def pack_vocabulary(pack: Pack) -> Vocabulary:
    """What a reply to one of the pack's guided turns may talk about: every phrase and key
    phrase of the pack, every caller line of its scenarios, its courtesy and service words."""
    texts: list[str] = [*pack.courtesy, *pack.service]
    for turn in pack.turns.values():
        texts.extend(turn.forms)
        texts.extend(form for key in turn.keys for form in key.forms)
    for scenario in pack.scenarios:
        for step in scenario.steps:
            texts.extend(line.text for line in (*step.wordings, *step.closing))
            texts.extend(form for key in step.keys for form in key.forms)
    numerals, measures = NUMBERS.get(pack.language, ("", ()))
    return build_vocabulary(texts, pack.language, numerals, measures)
