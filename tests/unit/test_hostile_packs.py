"""Hostile packs: each is refused quickly with the file, line and field of what is wrong,
never hangs, and a broken user pack hides neither the other packs nor the built-in it
shadows."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.unit.test_packs import GOOD
from trainer.cli import cli
from trainer.errors import PackError
from trainer.packs import load_pack, parse_pack
from trainer.packs.finder import load_packs

BUILTIN = Path(__file__).resolve().parents[2] / "scripts"


def problems(text: str) -> list[tuple[int | None, str, str]]:
    started = time.monotonic()
    with pytest.raises(PackError) as info:
        parse_pack(text)
    assert time.monotonic() - started < 10  # a generous bound: these used to hang
    return [(p.line, p.field, p.message) for p in info.value.problems]


def test_an_alias_bomb_is_refused_without_expanding_it() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for n in range(1, 12):
        prev = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    found = problems(GOOD + bomb)
    assert len(found) == 1 and "more than 100000 values" in found[0][2]


def test_nesting_too_deep_is_refused() -> None:
    found = problems(GOOD + "deep: " + "[" * 200 + "]" * 200 + "\n")
    assert "nested more than" in found[0][2]


def test_a_duplicate_key_is_named_with_both_lines() -> None:
    found = problems(GOOD.replace("title: T\n", "title: T\ntitle: U\n"))
    assert (3, "title", "given twice (first on line 2); the second would win silently") in found


def test_a_duplicate_turn_is_named() -> None:
    found = problems(GOOD.replace("  a.b: 您好\n", "  a.b: 您好\n  a.b: 再见\n"))
    assert any(line == 6 and field == "a.b" and "given twice" in m for line, field, m in found)


def test_forty_optional_groups_are_refused_before_they_are_written_out() -> None:
    found = problems(GOOD.replace("  a.b: 您好", "  a.b: '您好" + "[|]" * 40 + "'"))
    assert found[0] == (
        5,
        "turns.a.b.forms",
        "its [a|b] alternatives make 1099511627776 wordings; split it",
    )


@pytest.mark.parametrize(
    ("rings", "field"),
    [
        ("{ring_seconds: .nan}", "rings.ring_seconds"),
        ("{ring_seconds: .inf}", "rings.ring_seconds"),
        ("{gap_seconds: -5}", "rings.gap_seconds"),
        ("{gap_seconds: 0}", "rings.gap_seconds"),
        ("{max_rings: 100000000}", "rings.max_rings"),
        ("{give_up_rings: 0}", "rings.give_up_rings"),
    ],
)
def test_ring_numbers_must_be_finite_and_positive(rings: str, field: str) -> None:
    found = problems(GOOD.replace("language: zh\n", f"language: zh\nrings: {rings}\n"))
    assert [f for _, f, _ in found] == [field]


def _user_pack(home: Path, pack_id: str, text: str) -> Path:
    folder = home / "packs" / pack_id
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(text, encoding="utf-8")
    return folder


def test_a_broken_user_pack_hides_nothing(trainer_home: Path) -> None:
    _user_pack(trainer_home, "p", GOOD)
    _user_pack(trainer_home, "broken", "id: broken\ntitle: [unclosed\n")
    shadow = trainer_home / "packs" / "property-zh"
    shutil.copytree(BUILTIN / "property-zh", shadow)
    text = (shadow / "pack.yaml").read_text(encoding="utf-8")
    (shadow / "pack.yaml").write_text(text + "rings: {gap_seconds: -5}\n", encoding="utf-8")

    found = load_packs()
    ids = [p.id for p in found.packs]
    builtins = sorted(f.name for f in BUILTIN.iterdir() if (f / "pack.yaml").is_file())
    assert "property-zh" in builtins
    assert sorted(ids) == sorted([*builtins, "p"])
    assert found.folders["property-zh"] == BUILTIN / "property-zh"  # the built-in stays
    assert sorted(f.name for f, _ in found.broken) == ["broken", "property-zh"]
    assert load_pack("property-zh").rings.gap_seconds > 0

    listed = CliRunner().invoke(cli, ["pack", "list"])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert any(line.startswith("p ") for line in lines)
    assert any(line.startswith("callcentre-ko") for line in lines)
    broken = [line for line in lines if "BROKEN" in line]
    assert len(broken) == 2
    assert any("property-zh" in b and "built-in pack of this id is used" in b for b in broken)
    assert any(b.startswith("broken") and "not valid YAML" in b for b in broken)
