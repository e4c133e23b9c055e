"""The rulebook pack (frontdesk-rules-zh): every section 一 to 六 is drilled, its README's table
says where, quiz answers are judged on the rule's key facts, and its desk scenarios branch."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner

from trainer.cli import cli
from trainer.core.scoring import PackScorer
from trainer.core.session import Call, Mode, Phase
from trainer.packs import find_pack, load_pack

PACK_ID = "frontdesk-rules-zh"
PACK = load_pack(PACK_ID)
SECTIONS = "一二三四五六"
ROW = re.compile(r"^\| ([一二三四五六])[^|]* \| [^|]+ \| ([^|]+) \| ([^|]+) \|$")


def table() -> list[tuple[str, list[str], list[str]]]:
    text = (find_pack(PACK_ID) / "README.md").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            section, turns, scenarios = match.groups()
            rows.append((section, turns.strip().split(", "), scenarios.strip().split(", ")))
    return rows


def test_every_section_one_to_six_is_drilled_and_the_readme_says_where() -> None:
    rows = table()
    assert {section for section, _, _ in rows} == set(SECTIONS)
    played = {s.id: {step.turn for step in s.steps} for s in PACK.scenarios}
    for section, turns, scenarios in rows:
        for turn in turns:
            assert turn in PACK.turns, (section, turn)
            assert any(turn in played[s] for s in scenarios), (section, turn, scenarios)
    named = {turn for _, turns, _ in rows for turn in turns}
    assert set(PACK.turns) - named == {"reception.greet"}  # every rule turn is in the table


def test_both_kinds_of_turn_and_scenario_are_there() -> None:
    kinds = {t.kind for t in PACK.turns.values()}
    assert kinds == {"scenario", "quiz"}
    assert all(t.guided for t in PACK.turns.values() if t.kind == "quiz")
    assert {s.kind for s in PACK.scenarios} == {"desk", "quiz"}
    quiz = PACK.scenario("quiz-keys")
    call = Call(PACK, quiz, Mode.EXAM, seed=0)
    assert not call.phone and call.pick_up() is Phase.CALLER  # nothing rings; a question first
    assert call.caller_line().text in {
        "钥匙借用需要什么手续？",
        "管理人员要借房间钥匙，要办什么手续？",
    }


SCORER = PackScorer(PACK)

# (turn, reply, passes): quiz answers in the trainee's own words pass on the key facts
ANSWERS = [
    ("quiz.key_loan", "要办借用手续，填钥匙借用登记表。", True),
    ("quiz.key_loan", "找前台拿就行。", False),
    ("quiz.weekly", "每个星期天下午四点开周会，前台主管主持。", True),
    ("quiz.weekly", "周会是每周日开。", False),
    ("quiz.fire", "先用灭火器把刚起的小火扑灭。", True),
    ("quiz.fire", "打119。", False),
    ("quiz.morning", "提前十五分钟到，换好工装做准备。", True),
    ("quiz.gifts", "不能收，公司规定不得收受赏钱和礼物。", True),
    ("keys.contractor", "对不起，施工人员不能直接借钥匙，请你们的管理人员来前台办手续签字借用。", True),
    ("keys.contractor", "好的，钥匙给你，用完还回来。", False),
    ("desk.lunch", "不行，中午前台得有人值班，我们轮流去吧，你先去。", True),
    ("desk.lunch", "好啊，走吧。", False),
    ("confidential.document", "行，你拿回去吧，明天还我。", False),
    ("conduct.gift", "那我就收下了，谢谢阿姨。", False),
    ("confidential.company", "不好意思，公司的资金情况我们不方便透露。", True),
]  # fmt: skip


@pytest.mark.parametrize(("turn", "reply", "passes"), ANSWERS)
def test_answers_are_judged_on_the_rules_key_facts(turn: str, reply: str, passes: bool) -> None:
    assert SCORER.score(turn, reply).passed is passes


def test_every_model_answer_is_the_rule_and_passes() -> None:
    for turn in PACK.turns.values():
        assert SCORER.score(turn.id, turn.model_answer).passed, turn.id


def call_json(scenario: str, replies: list[str]) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli,
        ["call", "--pack", PACK_ID, "--scenario", scenario, "--typed", "--json", "--seed", "1"],
        input="\n".join(replies) + "\n",
    )
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


REFUSE = "对不起，施工人员不能直接借钥匙，请你们的管理人员来前台办手续签字借用。"
RULE = "由管理人员到前台签字借用，施工人员不能直接借用。"


@pytest.mark.parametrize(
    ("replies", "path"),
    [
        (["您好！", REFUSE], ["greet", "ask"]),
        (["您好！", "这个我不太清楚。", REFUSE], ["greet", "ask", "insist"]),
        (["您好！", "好的，钥匙给你，用完还回来。", RULE], ["greet", "ask", "supervisor"]),
        (["您好！", "嗯。", "你拿去用吧", RULE], ["greet", "ask", "insist", "supervisor"]),
    ],
)
def test_the_contractor_scenario_branches_on_the_rule(replies: list[str], path: list[str]) -> None:
    doc = call_json("contractor-key", replies)
    assert [p["step"] for p in doc["path"]] == path and doc["ended"] == "completed"
    if path[-1] == "supervisor":
        assert doc["turns"][-1]["kind"] == "quiz" and doc["turns"][-1]["passed"]


def test_a_quiz_call_is_scored_turn_by_turn() -> None:
    replies = [
        "钥匙要办借用手续，还要填登记表。",
        "确认断电，关好门窗，把单元锁好，钥匙交回前台。",
        "让管理人员来前台签字借，施工人员不能直接借。",
        "钥匙丢了就算了。",
    ]
    doc = call_json("quiz-keys", replies)
    assert [t["passed"] for t in doc["turns"]] == [True, True, True, False]
    assert {t["kind"] for t in doc["turns"]} == {"quiz"}
    assert doc["turns"][3]["matched"].startswith("房间钥匙如有损坏或丢失，立即写出书面报告")
