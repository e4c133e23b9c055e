"""Packs: the default packs load, and malformed packs get clear errors (file, field, line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.core.phrases import TemplateError, expand
from trainer.errors import PackError
from trainer.packs import load_pack, parse_pack

RULEBOOK_TABLE = {
    "phone.answer": [
        "您好！宇和物业管理客户服务中心，您请讲。",
        "您好！宇和物业管理客户服务中心，请讲。",
    ],
    "phone.transfer": ["请稍候，我将电话转接给他（她）。", "请稍候，我去叫他（她）。"],
    "phone.not_in": ["对不起！他（她）不在座位上，您是否需要留言或传话？"],
    "phone.unknown_person": [
        "对不起！您能说出他（她）是哪个楼门的吗？",
        "对不起，请稍候，我帮您问一下。",
    ],
    "reception.greet": ["您好！"],
    "reception.offer_help": [
        "先生（小姐），很荣幸能为您服务。",
        "请问有什么事情吗？",
        "有什么事我能帮您。",
    ],
    "reception.acknowledge": ["好！明白了。", "好！知道了。", "好！听清楚了。"],
    "reception.pardon": ["对不起，请您再说一遍。"],
    "reception.wait": ["对不起，请您稍候。", "对不起，请您稍等一下。"],
    "reception.sorry_wait": ["对不起，让您久等了。"],
    "reception.apology": [
        "对不起，刚才疏忽了，给您添麻烦了实在抱歉，今后一定注意，不再发生这类事。"
    ],
    "reception.farewell": ["您慢走，再见！", "请走好。"],
}


def _plain(text: str) -> str:
    """Characters only: the table and the pack may differ in punctuation."""
    return "".join(c for c in text if c.isalnum())


def _table_forms(phrases: list[str]) -> set[str]:
    out: set[str] = set()
    for p in phrases:
        p = p.replace("他（她）", "[他|她]").replace("先生（小姐）", "[先生|小姐]")
        out.update(_plain(f) for f in expand(p))
    return out


def test_default_pack_carries_the_rulebook_phrases() -> None:
    pack = load_pack("property-zh")
    assert pack.variables["company"] == "宇和物业管理"
    for turn_id, phrases in RULEBOOK_TABLE.items():
        assert {_plain(f) for f in pack.turn(turn_id).forms} == _table_forms(phrases), turn_id
    assert len(pack.scenarios) >= 9
    used = {step.turn for s in pack.scenarios for step in s.steps}
    assert set(RULEBOOK_TABLE) <= used
    assert pack.rings.max_rings == 3


def test_company_name_lives_in_data() -> None:
    text = (Path(__file__).resolve().parents[2] / "scripts/property-zh/pack.yaml").read_text(
        encoding="utf-8"
    )
    other = parse_pack(text.replace("company: 宇和物业管理", "company: 星河物业"), "pack.yaml")
    assert other.turn("phone.answer").model_answer == "您好！星河物业客户服务中心，您请讲。"


def test_korean_pack_loads() -> None:
    pack = load_pack("callcentre-ko")
    assert pack.language == "ko"
    assert {"call.greet", "call.hold", "call.thanks_wait", "call.pardon", "call.farewell"} <= set(
        pack.turns
    )


def test_inline_alternatives_and_optional_words() -> None:
    assert expand("[您|]请讲") == ["您请讲", "请讲"]
    assert expand("{c}您好", {"c": "宇和"}) == ["宇和您好"]
    with pytest.raises(TemplateError, match="unknown variable"):
        expand("{nope}")
    with pytest.raises(TemplateError, match="unbalanced"):
        expand("[他|她")


GOOD = """\
id: p
title: T
language: zh
turns:
  a.b: 您好
scenarios:
  - id: s
    title: S
    steps:
      - turn: a.b
"""

# (yaml text, expected line, expected field, words in the message)
MALFORMED = [
    ("id: p\ntitle: [unclosed\n", 3, "", "not valid YAML"),
    ("- just\n- a list\n", 1, "", "must be a mapping"),
    ("", 1, "", "must be a mapping"),
    (GOOD.replace("title: T\n", ""), 1, "title", "is missing"),
    (GOOD.replace("language: zh", "language: fr"), 3, "language", "must be one of"),
    (
        GOOD.replace("      - turn: a.b", "      - turn: a.c"),
        10,
        "scenarios[0].steps[0].turn",
        "unknown turn 'a.c'",
    ),
    (GOOD.replace("  a.b: 您好", "  a.b: ''"), 5, "turns.a.b.forms", "is empty"),
    (GOOD.replace("  a.b: 您好", "  a.b: 12"), 5, "turns.a.b", "must be a phrase"),
    (
        GOOD.replace(
            "  a.b: 您好", "  a.b:\n    guided: true\n    forms: 您好，请讲\n    keys: []"
        ),
        8,
        "turns.a.b.keys",
        "any reply of four words or more would pass",
    ),
    (
        GOOD.replace("  a.b: 您好", "  a.b:\n    forms: [您好, 3]"),
        6,
        "turns.a.b.forms[1]",
        "must be text",
    ),
    (
        GOOD.replace("  a.b: 您好", "  a.b: '{company}您好'"),
        5,
        "turns.a.b.forms",
        "unknown variable",
    ),
    (
        GOOD.replace("language: zh", "language: zh\npass_mark: high"),
        4,
        "pass_mark",
        "must be a number",
    ),
    (
        GOOD.replace("language: zh", "language: zh\npass_mark: 150"),
        4,
        "pass_mark",
        "between 1 and 100",
    ),
    (
        GOOD.replace("    steps:\n      - turn: a.b\n", "    steps: []\n"),
        9,
        "scenarios[0].steps",
        "non-empty list",
    ),
    (GOOD.replace("    title: S\n", ""), 7, "scenarios[0].title", "is missing"),
    (
        GOOD + "  - id: s\n    title: again\n    steps:\n      - turn: a.b\n",
        11,
        "scenarios[1].id",
        "used twice",
    ),
    (GOOD.replace("language: zh", "language: zh\nrings: 3"), 4, "rings", "must be a mapping"),
    (
        GOOD.replace("language: zh", "language: zh\nblockers:\n  - id: x\n    reason: y"),
        5,
        "blockers[0].patterns",
        "is missing",
    ),
    (
        GOOD.replace("turns:\n  a.b: 您好\n", "turns: {}\n"),
        4,
        "turns",
        "must be a mapping of turn id",
    ),
    (
        GOOD.replace("      - turn: a.b", "      - turn: a.b\n        caller: 7"),
        11,
        "scenarios[0].steps[0].caller",
        "must be the caller's line",
    ),
    (GOOD.replace("  a.b: 您好", "  a.b: '[他|她'"), 5, "turns.a.b.forms", "unbalanced"),
    (
        GOOD.replace(
            "      - turn: a.b",
            "      - turn: a.b\n        caller: {text: 네, 기다릴게요., voice: w}",
        ),
        11,
        "scenarios[0].steps[0].caller.기다릴게요.",
        "must be in quotes",
    ),
    (GOOD.replace("title: T", "title: T\ntitel: typo"), 3, "titel", "unknown field"),
    (GOOD.replace("language: zh", "language: zh\nsilence: 3"), 4, "silence", "must be a mapping"),
    (
        GOOD.replace("language: zh", "language: zh\nsilence:\n  phone: {prompt: 1}"),
        5,
        "silence.phone.prompt",
        "must be a text",
    ),
    ("id: p\ntitle: T\nlanguage: zh\nturns:\n  a.b: 您好\n\tbad: tab\n", 6, "", "not valid YAML"),
]


@pytest.mark.parametrize(("text", "line", "field", "words"), MALFORMED)
def test_malformed_pack_names_file_field_and_line(
    text: str, line: int, field: str, words: str
) -> None:
    with pytest.raises(PackError) as info:
        parse_pack(text, "packs/p/pack.yaml")
    problems = info.value.problems
    match = [p for p in problems if p.field == field and words in p.message]
    assert match, [str(p) for p in problems]
    assert match[0].line == line and match[0].file == "packs/p/pack.yaml"
    assert str(match[0]).startswith(f"packs/p/pack.yaml:{line}: ")


def test_all_problems_are_reported_at_once() -> None:
    text = GOOD.replace("language: zh", "language: fr").replace(
        "      - turn: a.b", "      - turn: nope"
    )
    with pytest.raises(PackError) as info:
        parse_pack(text, "p.yaml")
    assert {p.field for p in info.value.problems} >= {"language", "scenarios[0].steps[0].turn"}


def test_random_corruption_never_crashes() -> None:
    """Deleting, duplicating or swapping lines of the real pack gives PackError or a pack."""
    import random

    text = (Path(__file__).resolve().parents[2] / "scripts/property-zh/pack.yaml").read_text(
        encoding="utf-8"
    )
    lines = text.splitlines()
    rng = random.Random(7)
    for _ in range(300):
        mutated = list(lines)
        for _ in range(rng.randint(1, 4)):
            i, j = rng.randrange(len(mutated)), rng.randrange(len(mutated))
            op = rng.choice(["del", "dup", "swap", "cut", "indent"])
            if op == "del":
                del mutated[i]
            elif op == "dup":
                mutated.insert(j, mutated[i])
            elif op == "swap":
                mutated[i], mutated[j] = mutated[j], mutated[i]
            elif op == "cut":
                mutated[i] = mutated[i][: rng.randrange(len(mutated[i]) + 1)]
            else:
                mutated[i] = " " + mutated[i]
        try:
            parse_pack("\n".join(mutated), "pack.yaml")
        except PackError as exc:
            assert exc.problems and all(p.file == "pack.yaml" for p in exc.problems)
