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
    # correct paraphrases pass; half answers (one fact of two or three) still fail
    ("quiz.power", "离开岗位要断电，下班前检查电器都关了没有。", True),
    ("quiz.power", "离岗时切断电源，下班检查电器关没关。", True),
    ("quiz.power", "离开的时候断电，下班时把电器都关了。", True),
    ("quiz.power", "走的时候把电源断了，下班前看看电器是不是都关掉了。", True),
    ("quiz.power", "离岗先断电，下班前检查电器有没有关好。", True),
    ("quiz.power", "下班前检查电器都关了没有。", False),  # the end of the day only
    ("quiz.power", "离岗的时候切断电源。", False),
    ("quiz.power", "离岗时把电源关了。", False),
    ("quiz.power", "下班时电器都关掉。", False),
    ("quiz.lunch", "午饭轮着吃，前台一直得留个人，不能空着", True),
    ("quiz.lunch", "午餐时间要轮流吃饭，前台得留人，不能没人。", True),
    ("quiz.lunch", "中午大家轮流去吃，前台要留个人，不能空岗。", True),
    ("quiz.lunch", "中午前台不能空，要有人值班。", True),
    ("quiz.lunch", "吃饭轮着去，前台不能没人。", True),
    ("quiz.lunch", "中午轮流吃饭。", False),
    ("quiz.lunch", "中午要有人值班。", False),
    ("quiz.lunch", "前台不能没人。", False),
    ("quiz.lunch", "中午前台可以空着，轮流吃饭。", False),
    ("quiz.gifts", "礼物红包一律不要，要婉拒", True),
    ("quiz.gifts", "红包和礼物都要拒收。", True),
    ("quiz.gifts", "要婉拒业户的红包。", True),
    ("quiz.gifts", "业户送的礼物，我们一律不收。", True),
    ("quiz.gifts", "要婉拒。", False),
    ("quiz.gifts", "可以收下礼物，不要客气。", False),
    ("quiz.gifts", "礼物和红包。", False),
    ("quiz.weekly_absent", "要事先写个书面说明。", True),
    ("quiz.weekly_absent", "要预先用书面形式把情况交上去。", True),
    ("quiz.weekly_absent", "事先写个书面材料，把要反映的情况交上去。", True),
    ("quiz.weekly_absent", "事先跟主管说一声。", False),
    ("quiz.weekly_absent", "写个书面说明。", False),
    ("desk.lunch", "不行，前台不能没人，你先去吃，回来换我", True),
    ("desk.lunch", "不行，前台得留个人，我们轮流去吧。", True),
    ("desk.lunch", "前台不能空着，你先去，回来换我。", True),
    ("desk.lunch", "不行啊，前台得留人，咱们轮着去吃吧。", True),
    ("desk.lunch", "前台不能没人。", False),
    ("desk.lunch", "你先去吧。", False),
    ("desk.lunch", "好啊，前台锁上吧，我们一起去。", False),
    ("quiz.company_secret", "不得向非本公司员工透露公司的背景和资金状况。", True),
    ("quiz.company_secret", "公司的背景、资金这些，不能跟外人说。", True),
    ("quiz.company_secret", "可以跟外人说公司的收入。", False),
    ("quiz.company_secret", "不能透露。", False),
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
