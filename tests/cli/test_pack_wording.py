"""No pack speaks the machine-reworded rulebook: the web copy of the source rulebook swapped
many words for odd synonyms (利亚族 for 前台, 麦论 for 晨会, T5450 for 工装 ...), and its notes
(the seed folder's README) give the key from each odd word back to the original meaning. None
of the odd words may appear in any pack.yaml under scripts/.

The key is read from the seed notes when the folder is there; a short list of the odd words is
kept here as well, so the check still runs without it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
SEED = Path(os.environ.get("TRAINER_SEED_DIR", "/work/shared/seed"))
SEED_README = SEED / "README.md"

# the unmistakable ones (the seed's key has the rest)
ODD_WORDS = ["利亚族", "麦论", "T5450", "Villamblard", "盖章", "顾问", "呈报", "副本", "口头报告",
             "公司党委", "组织工作"]  # fmt: skip

# odd only in a use the key names, ordinary elsewhere ("投诉要及时处理" is a plain verb)
_QUALIFIED = re.compile(r"\(as an? [^)]*\)")


def pack_files(root: Path = SCRIPTS) -> list[Path]:
    files = sorted(root.glob("*/pack.yaml"))
    assert files, root
    return files


def parse_key(text: str) -> list[str]:
    """The odd words of the key table (its "in the text" column): alternatives split on
    commas and slashes, "a ... b" into both parts, a parenthesised note left out, and an entry
    that is odd only in some use (``(as an adverb)``) skipped."""
    words: list[str] = []
    in_table = False
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == "in the text":
            in_table = True
            continue
        if not in_table:
            continue
        if not line.startswith("|"):
            break
        odd = cells[0]
        if set(odd) <= set("-: ") or _QUALIFIED.search(odd):
            continue
        odd = re.sub(r"\([^)]*\)", "", odd)
        for part in re.split(r"[,，/、]|\.\.\.|…", odd):
            if part.strip():
                words.append(part.strip())
    return words


def hits(words: list[str], root: Path = SCRIPTS) -> list[tuple[str, str]]:
    """(pack folder, odd word) for every odd word a pack.yaml holds."""
    found = []
    for path in pack_files(root):
        text = path.read_text(encoding="utf-8")
        found += [(path.parent.name, w) for w in words if w in text]
    return found


def test_no_pack_uses_the_odd_words_kept_here() -> None:
    assert not hits(ODD_WORDS), "use the original meaning (see the seed notes' key)"


@pytest.mark.skipif(not SEED_README.is_file(), reason=f"no seed notes at {SEED_README}")
def test_no_pack_uses_an_odd_word_of_the_seed_key() -> None:
    key = parse_key(SEED_README.read_text(encoding="utf-8"))
    assert all(any(odd in word for word in key) for odd in ODD_WORDS), key  # the table was read
    assert not hits(key), "use the original meaning (see the seed notes' key)"


def test_the_key_table_is_read_cell_by_cell() -> None:
    text = "\n".join(
        [
            "Read it with this key:",
            "",
            "| in the text | means |",
            "|---|---|",
            "| 利亚族 | 前台 |",
            "| 相关人员, 雇员 | 人员, 员工 |",
            "| 麦论 / 讨论会 | 晨会 / 周会 |",
            "| 及时处理 (as an adverb) | 及时 |",
            "| 转贴 ... 并盖章 | 传阅并签字 |",
            "| 办公设备 (区域, 室) | 办公 |",
            "",
            "| 不是 | 表 |",
        ]
    )
    assert parse_key(text) == ["利亚族", "相关人员", "雇员", "麦论", "讨论会", "转贴", "并盖章",
                               "办公设备"]  # fmt: skip


def test_a_pack_with_an_odd_word_is_caught(tmp_path: Path) -> None:
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "pack.yaml").write_text(
        "forms: 请到利亚族办理，并盖章。\n", encoding="utf-8"
    )
    assert hits(ODD_WORDS, tmp_path) == [("odd", "利亚族"), ("odd", "盖章")]
