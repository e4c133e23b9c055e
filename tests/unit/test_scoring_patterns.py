"""Pack patterns are compiled when the pack is read (a bad one is a pack error with its
line) and run by RE2, so no pattern can make scoring hang."""

from __future__ import annotations

import time

import pytest

from trainer.core.scoring import PackScorer
from trainer.errors import PackError
from trainer.packs import parse_pack

PACK = """\
id: p
title: T
language: zh
turns:
  a.b: 您好，请讲。
  c.d: 对不起，请您稍候。
{extra}"""


def _problems(extra: str) -> list[str]:
    with pytest.raises(PackError) as info:
        parse_pack(PACK.format(extra=extra), "p.yaml")
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        ("blockers:\n  - id: x\n    reason: y\n    patterns: ['re:(a']\n", 10, "does not compile"),
        (
            "blockers:\n  - id: x\n    reason: y\n    patterns: ['re:(?<=a)b']\n",
            10,
            "does not compile",
        ),
        ("blockers:\n  - id: x\n    reason: y\n    patterns: ['re:a*']\n", 10, "empty reply"),
        ("conduct:\n  rude:\n    patterns: ['re:[z-a]']\n", 9, "does not compile"),
        ("conduct:\n  rude:\n    patterns: [滚开]\n", 9, "must be an re: pattern"),
        ("conduct:\n  rude:\n    cues: [请讲]\n", 9, "would fail the standard phrase of a.b"),
        ("conduct:\n  new:\n    cues: [哼]\n", 9, "reason: is missing"),
        ("conduct:\n  rude:\n    unless: ['re:x']\n", 9, "must be a phrase"),
        ("conduct: [滚]\n", 7, "must be a mapping"),
        ("courtesy: ['re:(']\n", 7, "does not compile"),
        ("courtesy: [7]\n", 7, "not whole number"),
    ],
)
def test_bad_patterns_are_pack_problems_with_their_line(extra: str, line: int, words: str) -> None:
    problems = _problems(extra)
    assert any(f"p.yaml:{line}:" in p and words in p for p in problems), problems


def test_pack_families_extend_the_language_defaults() -> None:
    pack = parse_pack(
        PACK.format(
            extra="conduct:\n  buck:\n    cues: [找保安去]\n  noise:\n    reason: 不得喧哗。\n"
            "    cues: [大点声]\ncourtesy: [欢迎再来电]\n"
        )
    )
    families = {f.id: f for f in pack.conduct}
    assert "找保安去" in families["buck"].cues and len(families["buck"].cues) > 10
    assert families["noise"].reason == "不得喧哗。"
    assert "欢迎再来电" in pack.courtesy and "好的" in pack.courtesy
    scorer = PackScorer(pack)
    v = scorer.score("c.d", "对不起，请您稍候。大 点 声")
    assert not v.passed and [r.code for r in v.reasons] == ["conduct.noise"]
    assert scorer.score("c.d", "对不起，请您稍候。欢迎再来电").passed


def test_catastrophic_pattern_cannot_hang_the_scorer() -> None:
    """``(a|aa)+$`` backtracks exponentially in Python's re (27 s on 27 characters was seen);
    RE2 answers in linear time."""
    pack = parse_pack(
        PACK.format(extra="blockers:\n  - id: x\n    reason: y\n    patterns: ['re:(a|aa)+$']\n")
    )
    scorer = PackScorer(pack)
    start = time.perf_counter()
    for n in (27, 40, 2000):
        scorer.score("a.b", "a" * (n - 1) + "b")
    assert time.perf_counter() - start < 2.0
    assert not scorer.score("a.b", "您好，请讲。aaaa").passed  # and it still matches


def test_default_cues_that_would_hit_a_packs_phrase_are_found_in_one_pass() -> None:
    """The pack loader drops default cues that would fail the pack's own phrases, matching all
    of them at once; an entry sharing a wording with one that hit is dropped too, one that
    only sounds alike in a single unit is not."""
    from trainer.core.conduct import collides, colliding

    entries = ["你好", "[你|您]好", "再见", "您好啊", "re:好.讲", "滚"]
    phrases = [("t", "你好！请讲。")]
    assert colliding(entries, phrases, "zh") == {0, 1, 4}
    assert colliding(entries, phrases, "zh") == {
        i for i, e in enumerate(entries) if collides(e, phrases, "zh") is not None
    }
