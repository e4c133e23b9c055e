"""`trainer call --typed --json` on the branching scenarios of the default pack and of the
rulebook pack (frontdesk-rules-zh): for each branch, a reply that should take it does, and the
path is in the JSON; `--seed` picks the caller's wording reproducibly."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

import pytest
from click.testing import CliRunner

from trainer.cli import cli
from trainer.packs import load_pack

ANSWER = "您好！宇和物业管理客户服务中心，请讲。"
NOT_IN = "对不起！她不在座位上，您是否需要留言或传话？"
CALM = "非常抱歉给您带来不便，请您别着急，您反映的问题我已经记录下来了，马上安排人员处理。"
RECORD = "非常抱歉给您添麻烦了，您反映的问题我已经记录下来了，我们会尽快处理，并及时给您回复。"
BUCK = "这不归我们管，你自己打她手机。"
RUDE = "你吵什么吵，烦死了。"

# scenario, replies ("" is silence), the path taken, how each step after the second was reached
CASES: list[tuple[str, list[str], list[str], list[str]]] = [
    ("not-at-desk", [ANSWER, NOT_IN, "好！知道了。"], ["answer", "ask", "message"],
     ["said 留言"]),
    ("not-at-desk", [ANSWER, "对不起！她不在座位上。", NOT_IN, "好！知道了。"],
     ["answer", "ask", "how-to-reach", "message"], ["next", "next"]),
    ("not-at-desk", [ANSWER, "", "", NOT_IN, "好！知道了。"],
     ["answer", "ask", "how-to-reach", "message"], ["silence", "next"]),
    ("not-at-desk", [ANSWER, BUCK, CALM, RECORD], ["answer", "ask", "complaint", "record"],
     ["conduct", "next"]),
    ("not-at-desk", [ANSWER, "她不在。", BUCK, CALM, RECORD],
     ["answer", "ask", "how-to-reach", "complaint", "record"], ["next", "conduct", "next"]),
    ("angry-resident", [ANSWER, CALM, RECORD], ["answer", "calm", "record"], ["next"]),
    ("angry-resident", [ANSWER, RUDE, CALM, RECORD],
     ["answer", "calm", "escalate", "escalate-record"], ["conduct", "next"]),
    ("angry-resident", [ANSWER, "我管不了。", RUDE, CALM, RECORD],
     ["answer", "calm", "escalate", "escalate", "escalate-record"], ["conduct", "conduct", "next"]),
    ("unknown-name", [ANSWER, "对不起！您能说出他是哪个楼门的吗？", "请稍候，我将电话转接给他。"],
     ["answer", "ask", "building"], ["passed & form ~楼门"]),
    ("unknown-name", [ANSWER, "对不起，请稍候，我帮您问一下。"], ["answer", "ask"], []),
]  # fmt: skip


def call_json(
    scenario: str, replies: list[str], *args: str, pack: str = "property-zh"
) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli,
        ["call", "--pack", pack, "--scenario", scenario, "--typed", "--json", *args],
        input="\n".join(replies) + "\n",
    )
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


@pytest.mark.parametrize(("scenario", "replies", "path", "via"), CASES)
def test_each_branch_is_taken_by_the_reply_that_should_take_it(
    scenario: str, replies: list[str], path: list[str], via: list[str]
) -> None:
    doc = call_json(scenario, replies, "--mode", "exam")
    assert [p["step"] for p in doc["path"]] == path
    assert [p["via"] for p in doc["path"][2:]] == via  # after answer -> the first line
    assert doc["ended"] == "completed"
    assert [t["step_id"] for t in doc["turns"]] == path  # one scored turn per step visited
    assert [t["reply"] for t in doc["turns"] if t["reply"]] == [r for r in replies if r]


def test_a_rude_reply_makes_the_caller_escalate_into_a_harder_branch() -> None:
    doc = call_json("angry-resident", [ANSWER, RUDE, CALM, RECORD])
    caller = [line["text"] for line in doc["transcript"] if line["speaker"] == "caller"]
    assert any("我要投诉你！" in text for text in caller)
    assert caller[-1] == "行，我就等你们今天的答复。"  # the escalated branch's own closing
    calm = doc["turns"][1]
    assert calm["passed"] is False and any("不得粗言秽语" in r for r in calm["reasons"])
    assert [p["label"] for p in doc["path"]][2] == "恶言相待或推诿，业户升级投诉"
    assert doc["turns"][2]["title"] == "业户升级投诉：先安抚" and doc["turns"][2]["passed"]


def test_a_caller_not_offered_a_message_asks_how_to_reach_her() -> None:
    doc = call_json("not-at-desk", [ANSWER, "对不起！她不在座位上。", NOT_IN, "好！知道了。"])
    caller = [line["text"] for line in doc["transcript"] if line["speaker"] == "caller"]
    assert any(text.endswith("那我怎么联系她？") for text in caller)
    first, second = doc["turns"][1], doc["turns"][2]
    assert first["passed"] is False and second["passed"] is True  # the second chance counts
    assert doc["turns_failed"] == ["phone.not_in"]


def test_the_text_output_shows_the_path() -> None:
    result = CliRunner().invoke(
        cli,
        ["call", "--pack", "property-zh", "--scenario", "angry-resident", "--typed"],
        input="\n".join([ANSWER, RUDE, CALM, RECORD]) + "\n",
    )
    assert "  path: answer → calm -[conduct]-> escalate → escalate-record" in result.stdout


def caller_lines(scenario: str, seed: int) -> list[str]:
    doc = call_json(scenario, [ANSWER, CALM, RECORD], "--seed", str(seed))
    assert doc["seed"] == seed
    return [line["text"] for line in doc["transcript"] if line["speaker"] == "caller"]


def test_the_same_seed_gives_the_same_wording_and_seeds_differ() -> None:
    assert caller_lines("angry-resident", 7) == caller_lines("angry-resident", 7)
    first_lines = {caller_lines("angry-resident", seed)[0] for seed in range(8)}
    assert len(first_lines) >= 2, first_lines


def test_without_a_seed_the_call_says_which_seed_it_used() -> None:
    doc = call_json("transfer", [ANSWER, "请稍候，我去叫他。"])
    again = call_json("transfer", [ANSWER, "请稍候，我去叫他。"], "--seed", str(doc["seed"]))
    assert again["transcript"] == doc["transcript"]


def test_a_negative_seed_exits_2_with_one_line() -> None:
    result = CliRunner().invoke(
        cli, ["call", "--pack", "property-zh", "--scenario", "transfer", "--typed", "--seed", "-1"]
    )
    assert result.exit_code == 2 and "--seed" in result.stderr


def test_after_the_silence_branch_an_empty_line_is_a_prompt_again_not_a_hang_up() -> None:
    doc = call_json("not-at-desk", [ANSWER, "", "", "", NOT_IN, "好！知道了。"])
    assert [p["step"] for p in doc["path"]] == ["answer", "ask", "how-to-reach", "message"]
    kinds = [line["kind"] for line in doc["transcript"] if line["speaker"] == "caller"]
    assert kinds.count("prompt") == 2 and "hang_up" not in kinds
    assert doc["ended"] == "completed"


def test_recordings_for_a_branching_call_need_no_fixed_count(tmp_path: Any) -> None:
    for name in ("01.wav", "02.wav", "03.wav"):
        (tmp_path / name).write_bytes(b"not audio")
    args = ["call", "--pack", "property-zh", "--scenario", "not-at-desk", "--replies"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path)])
    assert result.exit_code == 2 and "missing" not in result.stderr  # the model or the audio
    (tmp_path / "02.wav").unlink()
    result = CliRunner().invoke(cli, [*args, str(tmp_path)])
    assert result.exit_code == 2 and "missing 02" in result.stderr


# -- unknown-name: asking which building in one's own words takes the building branch --------

OWN_WORDS_BUILDING = [
    "对不起，请问他住哪栋楼？",
    "您知道他住几号楼几单元吗？",
    "请问他是哪个楼的？",
    "不好意思，他住哪一栋您知道吗？",
    "麻烦问一下，他住几栋几单元？",
    "您能告诉我他是哪号楼的吗？",
]
BUILDING_LINES = {"他是三号楼二单元的。", "五号楼一门的，住在八楼。", "他住七号楼三单元。"}


@pytest.mark.parametrize("question", OWN_WORDS_BUILDING)
@pytest.mark.parametrize("seed", [0, 1])
def test_asking_the_building_in_ones_own_words_takes_the_building_branch(
    question: str, seed: int
) -> None:
    replies = [ANSWER, question, "请稍候，我将电话转接给他。"]
    doc = call_json("unknown-name", replies, "--seed", str(seed))
    assert [p["step"] for p in doc["path"]] == ["answer", "ask", "building"]
    assert doc["path"][2]["via"].startswith("said")
    assert doc["path"][2]["label"] == "用自己的话问了住哪栋楼"
    caller = [line["text"] for line in doc["transcript"] if line["speaker"] == "caller"]
    assert caller[1] in BUILDING_LINES  # the caller answers the question that was asked
    assert caller[-1] == "好，谢谢你。" and doc["ended"] == "completed"


@pytest.mark.parametrize("reply", ["对不起，请稍候，我帮您问一下。", "没这个人。", "请问您贵姓？"])
def test_a_reply_that_does_not_ask_the_building_takes_no_building_branch(reply: str) -> None:
    doc = call_json("unknown-name", [ANSWER, reply], "--seed", "1")
    assert [p["step"] for p in doc["path"]] == ["answer", "ask"]


# -- frontdesk-rules-zh: every branch of every branching desk scenario ------------------------

RULES = "frontdesk-rules-zh"
HELLO = "您好！"
COMPANY_REFUSE = "对不起，公司的资金状况我们不便透露。请问还有其他事情需要我帮忙吗？"
COMPANY_RULE = "不得向非本公司员工透露公司的背景和资金状况。"
DOC_REFUSE = "对不起，公司内部的文件不能带走，也不能外借。"
DOC_RULE = "不泄露客户资料，不透露公司的背景和资金，内部文件不能带出公司。"
LUNCH_REFUSE = "不行，前台不能没人，你先去吃，回来换我。"
LUNCH_RULE = "午饭轮着吃，前台一直得留个人，不能空着。"
KEY_REFUSE = "对不起，施工人员不能直接借钥匙，请你们的管理人员来前台办手续签字借用。"
KEY_RULE = "由管理人员到前台签字借用，施工人员不能直接借用。"
GIFT_REFUSE = "谢谢您的好意，公司规定我们不能收红包，您的心意我领了。"
GIFT_RULE = "不能收，不得收受任何赏钱和礼物。"
FIRE_ACT = "好的，我马上通知保安部，带灭火器过去扑灭明火，您先离开那里。"
FIRE_RULE = "要知道灭火器在哪、怎么用，发现火灾隐患及时扑灭初起的小火。"
HEDGE = "这个嘛……"  # neither holds the line nor breaks the rule

# the company's figures given out, in several ways (a refusal next to them is no breach)
LEAKS = [
    "我们一年收两千万物业费，利润挺高的。",
    "资金没问题，我们公司挺赚钱的。",
    "账上有好几百万呢，放心吧。",
    "没有的事，我们资金很充足，老板背景很硬的。",
]
DOC_OUT = ["行，你拿回去吧，明天还我。", "好的，你拿走吧。", "可以，你带回去看吧。"]
LEAVE = ["好啊，前台锁上吧，我们一起去。", "行啊，那就走吧。", "好吧，那走吧。"]
TAKE_GIFT = ["那我就收下了，谢谢阿姨。", "好的，我收下了，谢谢您。"]
KEY_OUT = ["好的，钥匙给你，用完还回来。", "行，你拿去用吧。"]

# scenario, replies, the path taken, how each step after the first was reached
RULES_CASES: list[tuple[str, list[str], list[str], list[str]]] = [
    ("company-finances", [HELLO, COMPANY_REFUSE], ["greet", "ask"], ["next"]),
    ("company-finances", [HELLO, "对不起，公司的利润我们不便透露。"], ["greet", "ask"], ["next"]),
    ("company-finances", [HELLO, HEDGE, COMPANY_REFUSE], ["greet", "ask", "press"],
     ["next", "failed"]),
    *[("company-finances", [HELLO, leak, COMPANY_REFUSE, COMPANY_RULE],
       ["greet", "ask", "leak", "supervisor"], ["next", "conduct company_figures", "next"])
      for leak in LEAKS],
    ("company-finances", [HELLO, HEDGE, LEAKS[0], COMPANY_REFUSE, COMPANY_RULE],
     ["greet", "ask", "press", "leak", "supervisor"],
     ["next", "failed", "conduct company_figures", "next"]),
    ("document-away", [HELLO, DOC_REFUSE], ["greet", "ask"], ["next"]),
    ("document-away", [HELLO, HEDGE, DOC_REFUSE], ["greet", "ask", "insist"], ["next", "failed"]),
    ("document-away", [HELLO, HEDGE, HEDGE], ["greet", "ask", "insist"], ["next", "failed"]),
    *[("document-away", [HELLO, out, DOC_RULE], ["greet", "ask", "supervisor"],
       ["next", "conduct document_out"]) for out in DOC_OUT],
    ("document-away", [HELLO, HEDGE, DOC_OUT[1], DOC_RULE], ["greet", "ask", "insist", "supervisor"],
     ["next", "failed", "conduct document_out"]),
    ("lunch-cover", [LUNCH_REFUSE], ["ask"], []),
    ("lunch-cover", ["不行，中午前台得有人值班，我们轮流去吧，你先去。"], ["ask"], []),
    ("lunch-cover", [HEDGE, LUNCH_REFUSE], ["ask", "insist"], ["failed"]),
    *[("lunch-cover", [leave, LUNCH_RULE], ["ask", "supervisor"], ["conduct leave_desk"])
      for leave in LEAVE],
    ("lunch-cover", [HEDGE, LEAVE[2], LUNCH_RULE], ["ask", "insist", "supervisor"],
     ["failed", "conduct leave_desk"]),
    ("contractor-key", [HELLO, KEY_REFUSE], ["greet", "ask"], ["next"]),
    ("contractor-key", [HELLO, HEDGE, KEY_REFUSE], ["greet", "ask", "insist"], ["next", "failed"]),
    *[("contractor-key", [HELLO, out, KEY_RULE], ["greet", "ask", "supervisor"],
       ["next", "conduct key_handover"]) for out in KEY_OUT],
    ("contractor-key", [HELLO, HEDGE, KEY_OUT[1], KEY_RULE],
     ["greet", "ask", "insist", "supervisor"], ["next", "failed", "conduct key_handover"]),
    ("gift", [GIFT_REFUSE], ["offer"], []),
    ("gift", [HEDGE, GIFT_REFUSE], ["offer", "insist"], ["failed"]),
    *[("gift", [take, GIFT_RULE], ["offer", "supervisor"], ["conduct accept_gift"])
      for take in TAKE_GIFT],
    ("gift", [HEDGE, TAKE_GIFT[0], GIFT_RULE], ["offer", "insist", "supervisor"],
     ["failed", "conduct accept_gift"]),
    ("fire-report", [FIRE_ACT], ["report"], []),
    ("fire-report", ["我马上叫保安带灭火器过去灭火！"], ["report"], []),
    ("fire-report", [HEDGE, FIRE_ACT], ["report", "urge"], ["failed"]),
    ("fire-report", [HEDGE, HEDGE, FIRE_RULE], ["report", "urge", "supervisor"],
     ["failed", "failed"]),
]  # fmt: skip


@pytest.mark.parametrize(("scenario", "replies", "path", "via"), RULES_CASES)
def test_each_branch_of_the_rulebook_scenarios_is_taken_by_the_reply_that_should_take_it(
    scenario: str, replies: list[str], path: list[str], via: list[str]
) -> None:
    doc = call_json(scenario, replies, "--mode", "exam", "--seed", "3", pack=RULES)
    assert [p["step"] for p in doc["path"]] == path
    assert [p["via"] for p in doc["path"][1:]] == via
    assert doc["ended"] == "completed"
    assert [t["step_id"] for t in doc["turns"]] == path  # one scored turn per step visited
    if path[-1] == "supervisor":  # the breach's consequence: the rule is asked, and known
        assert doc["turns"][-1]["kind"] == "quiz" and doc["turns"][-1]["passed"]
        caller = [line["text"] for line in doc["transcript"] if line["speaker"] == "caller"]
        supervisor = load_pack(RULES).scenario(scenario).steps[-1]  # its own closing
        assert caller[-1] in {line.text for line in supervisor.closing}


def test_every_branch_of_the_rulebook_pack_has_a_case_above() -> None:
    taken = {
        (scenario, a, b)
        for scenario, _, path, via in RULES_CASES
        for (a, b), how in zip(pairwise(path), via, strict=True)
        if how != "next"
    }
    branches = {
        (scenario.id, step.id, branch.goto)
        for scenario in load_pack(RULES).scenarios
        for step in scenario.steps
        for branch in step.branches
    }
    assert {s for s, _, _ in branches} >= {
        "company-finances", "document-away", "lunch-cover", "contractor-key", "gift",
        "fire-report",
    }  # fmt: skip
    assert branches <= taken, branches - taken


def test_giving_out_the_company_figures_is_pressed_further_not_shrugged_off() -> None:
    doc = call_json("company-finances", [HELLO, LEAKS[0], COMPANY_REFUSE, COMPANY_RULE],
                    "--seed", "1", pack=RULES)  # fmt: skip
    caller = [line["text"] for line in doc["transcript"] if line["speaker"] == "caller"]
    assert not any("又不是什么秘密" in text or "不说就算了" in text for text in caller)
    ask = doc["turns"][1]
    assert ask["passed"] is False
    assert any("不得向非本公司员工透露" in r for r in ask["reasons"])
    assert doc["path"][2]["label"] == "把公司的收入、资金告诉了外人"


def test_agreeing_to_leave_the_desk_brings_the_supervisor_not_thanks() -> None:
    doc = call_json("lunch-cover", [LEAVE[0], LUNCH_RULE], "--seed", "1", pack=RULES)
    caller = [line["text"] for line in doc["transcript"] if line["speaker"] == "caller"]
    assert "好吧，那我先去，回来换你。" not in caller
    assert any("前台怎么没人" in text for text in caller)
    assert doc["turns_failed"] == ["desk.lunch"]
