"""`trainer pack import --quiz`: a rulebook's numbered rules drafted as quiz turns that a
supervisor edits; the draft is a valid pack whose quiz can be played at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SHARED
from trainer.cli import cli
from trainer.core.rulequiz import draft_quiz, key_facts

SEED = SHARED / "seed" / "000_719b967ae0312b78.txt"

RULEBOOK = """\
物业客服中心规章制度

一、 前台会议管理制度

(一)晨会管理制度

  1、前台员工需提前15分钟到岗,并换好工装,做好准备工作。

  2、签到后,由客服主管主持召开部门晨会。

二、 前台安全管理制度

  7、了解灭火设备的位置及使用方法,如发现火灾隐患,及时扑灭初起小量明火。

  8、房间钥匙如有损坏或丢失,立即写出书面报告上报前台主管。

三、 前台接待用语

  1、当见到客人时说:“您好!”。
"""


def test_numbered_rules_become_questions_with_the_rule_as_the_answer() -> None:
    drafts = draft_quiz(RULEBOOK)
    assert [d.id for d in drafts] == ["quiz.1.1.1", "quiz.1.1.2", "quiz.2.0.7", "quiz.2.0.8"]
    assert [d.section for d in drafts] == ["一（一）1", "一（一）2", "二 7", "二 8"]
    first, _, fire, key = drafts
    assert first.rule == "前台员工需提前15分钟到岗，并换好工装，做好准备工作。"
    assert first.question == "晨会管理制度第1条是怎么规定的？"
    assert "15分钟" in first.keys
    assert fire.question == "发现火灾隐患怎么办？"
    assert key.question == "房间钥匙损坏或丢失怎么办？"
    assert first.line == 7 and fire.line == 13


def test_key_facts_are_times_then_what_the_rule_requires_or_forbids() -> None:
    assert key_facts("每周日16:00举行部门周会。") == ["16:00"]
    assert key_facts("在规定的上岗时间内需着工装,办公区域不得穿便装。") == ["着工装", "不得穿便装"]


def test_replace_rewrites_the_reworded_words_first() -> None:
    drafts = draft_quiz(RULEBOOK.replace("前台", "利亚族"), {"利亚族": "前台"})
    assert drafts[0].rule.startswith("前台员工")


def run_import(tmp_path: Path, rulebook: Path, *args: str) -> Path:
    result = CliRunner().invoke(
        cli, ["pack", "import", str(rulebook), "--id", "drafted", "--out", str(tmp_path), *args]
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "drafted" / "pack.yaml"


def test_the_drafted_pack_passes_check_and_its_quiz_plays(tmp_path: Path) -> None:
    book = tmp_path / "rules.txt"
    book.write_text(RULEBOOK, encoding="utf-8")
    pack = run_import(tmp_path / "out", book, "--quiz")
    text = pack.read_text(encoding="utf-8")
    assert "quiz.2.0.7:  # rulebook line 13" in text and "kind: quiz" in text
    check = CliRunner().invoke(cli, ["pack", "check", str(pack)])
    empty = text.count("keys: []")
    if empty:  # a question with no key facts found is refused until someone writes them
        problems = [line for line in check.output.splitlines() if ".keys: a guided turn" in line]
        assert check.exit_code == 2 and len(problems) == empty, check.output
        pack.write_text(text.replace("keys: []", "keys: [规定]"), encoding="utf-8")
        check = CliRunner().invoke(cli, ["pack", "check", str(pack)])
    assert check.exit_code == 0, check.output
    answer = "要知道灭火器在哪里，发现火灾隐患要及时扑灭初起的小火。"
    result = CliRunner().invoke(
        cli,
        ["call", "--pack", str(pack.parent), "--scenario", "quiz-2", "--typed", "--json"],
        input=answer + "\n书面报告。\n",
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    caller = [line["text"] for line in doc["transcript"] if line["speaker"] == "caller"]
    assert caller[0] == "发现火灾隐患怎么办？"
    assert doc["turns"][0]["passed"] is True and doc["turns"][0]["kind"] == "quiz"


def test_without_quiz_a_rulebook_with_no_phrases_says_so(tmp_path: Path) -> None:
    book = tmp_path / "rules.txt"
    book.write_text(RULEBOOK.split("三、")[0], encoding="utf-8")
    result = CliRunner().invoke(cli, ["pack", "import", str(book)])
    assert result.exit_code != 0 and "--quiz drafts questions" in result.output


def test_a_bad_replace_exits_2_with_one_line(tmp_path: Path) -> None:
    book = tmp_path / "rules.txt"
    book.write_text(RULEBOOK, encoding="utf-8")
    result = CliRunner().invoke(cli, ["pack", "import", str(book), "--replace", "noequals"])
    assert result.exit_code == 2 and "give OLD=NEW" in result.stderr


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_the_seed_rulebook_drafts_a_question_for_every_rule_of_sections_one_to_six(
    tmp_path: Path,
) -> None:
    drafts = draft_quiz(SEED.read_text(encoding="utf-8"), {"利亚族": "前台"})
    sections = {d.section[0] for d in drafts}
    assert set("一二三四五六") <= sections
    assert sum(1 for d in drafts if d.section.startswith("五")) == 7  # 钥匙管理: rules 1-7
    pack = run_import(tmp_path, SEED, "--quiz", "--company", "宇和物业管理")
    check = CliRunner().invoke(cli, ["pack", "check", str(pack)])
    # the only problems: the questions whose key facts the draft could not guess
    empty = pack.read_text(encoding="utf-8").count("keys: []")
    problems = [line for line in check.output.splitlines() if ": " in line and "/" in line]
    assert len(problems) == empty and all(".keys: a guided turn" in p for p in problems)
