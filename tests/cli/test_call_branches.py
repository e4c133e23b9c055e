"""`trainer call --typed --json` on the branching scenarios of the default pack: for each
branch, a reply that should take it does, and the path is in the JSON; `--seed` picks the
caller's wording reproducibly."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from trainer.cli import cli

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


def call_json(scenario: str, replies: list[str], *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli,
        ["call", "--pack", "property-zh", "--scenario", scenario, "--typed", "--json", *args],
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
