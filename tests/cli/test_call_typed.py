"""`trainer call --typed`: every scenario of the default pack, end to end, as a user runs it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from trainer.cli import cli
from trainer.core.session import Call, Mode, Phase
from trainer.packs import load_pack

PACK = load_pack("property-zh")
SCENARIOS = [s.id for s in PACK.scenarios]

# Wrong replies by scenario and step (along the main line: none of them takes a branch), with
# a reason each must be failed for (zh); every other step is answered with its standard
# phrase and must pass.
WRONG: dict[str, dict[int, tuple[str, str]]] = {
    "transfer": {1: ("不关我的事，你找别人。", "不能推诿")},
    "not-at-desk": {1: ("她不在，你留言吧。", "没有使用标准用语")},
    "unknown-name": {
        0: ("喂，什么事？", "回答过于简短生硬"),
        1: ("没这个人。", "回答过于简短生硬"),
    },
    "front-desk-visit": {3: ("你等着。", "必须说出“对不起”"), 5: ("走吧。", "回答过于简短生硬")},
    "pardon": {1: ("你说什么？听不懂人话啊。", "不得粗言秽语")},
    "our-mistake": {1: ("那也不是我们的错。", "必须说出“疏忽”")},
    "angry-resident": {2: ("这事我们管不了。", "不能推诿")},
    "resident-number": {1: ("他的手机号是13812345678。", "不泄露客户的任何资料")},
    "noise-complaint": {1: ("好的，知道了。", "缺少此时必须表达的内容")},
    "on-hold": {2: ("查到了，三十八块。", "必须说出“久等”")},
}


def call(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(cli, ["call", "--pack", "property-zh", *args], input=input)


def call_json(scenario: str, replies: list[str], *args: str) -> dict[str, Any]:
    result = call(
        "--scenario", scenario, "--typed", "--json", *args, input="\n".join(replies) + "\n"
    )
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def main_steps(scenario: str, form: int = 0) -> list[Any]:
    """The steps a call goes through when every reply is the standard one (its wording
    ``form``: which one may choose the branch)."""
    found = PACK.scenario(scenario)
    run = Call(PACK, found, Mode.EXAM, seed=0)
    run.pick_up(1)
    while run.phase is not Phase.ENDED:
        if run.phase is Phase.TRAINEE:
            run.reply(run.turn.forms[form])
        else:
            run.caller_line()
    return [found.steps[found.index_of(sid) or 0] for sid in run.path]


def standard_replies(scenario: str, form: int = 0) -> list[str]:
    return [PACK.turn(step.turn).forms[form] for step in main_steps(scenario, form)]


def test_every_scenario_has_wrong_replies() -> None:
    assert set(WRONG) == set(SCENARIOS) and len(SCENARIOS) == 10


@pytest.mark.parametrize("scenario", SCENARIOS)
@pytest.mark.parametrize("form", [0, -1], ids=["model-answer", "last-wording"])
def test_standard_replies_pass_every_turn(scenario: str, form: int) -> None:
    doc = call_json(scenario, standard_replies(scenario, form))
    assert [t["passed"] for t in doc["turns"]] == [True] * len(doc["turns"]), doc["turns"]
    assert doc["passed"] is True and doc["ended"] == "completed"
    assert doc["score"] >= 95 and doc["turns_failed"] == []
    said = [line["text"] for line in doc["transcript"] if line["speaker"] == "trainee"]
    assert said == standard_replies(scenario, form)
    caller = [line["text"] for line in doc["transcript"] if line["speaker"] == "caller"]
    steps = main_steps(scenario, form)
    wordings = [{w.text for w in s.wordings} for s in steps if s.caller is not None]
    last = steps[-1].closing or PACK.scenario(scenario).closings
    wordings += [{w.text for w in last}] if last else []
    assert len(caller) == len(wordings)
    assert all(text in choices for text, choices in zip(caller, wordings, strict=True)), caller


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_wrong_replies_fail_the_right_turns_with_reasons(scenario: str) -> None:
    replies = standard_replies(scenario)
    for index, (text, _) in WRONG[scenario].items():
        replies[index] = text
    doc = call_json(scenario, replies, "--mode", "exam")
    failed = {t["index"] for t in doc["turns"] if not t["passed"]}
    assert failed == set(WRONG[scenario])
    for index, (_, why) in WRONG[scenario].items():
        reasons = doc["turns"][index]["reasons"]
        assert any(why in r for r in reasons), reasons
    assert doc["passed"] is False and doc["ended"] == "completed"
    assert doc["practise_next"][0]["turn"] in {doc["turns"][i]["turn"] for i in failed}


def test_text_output_shows_the_call_and_the_scores() -> None:
    replies = ["您好！宇和物业管理客户服务中心，请讲。", "不关我的事，你找别人。"]
    result = call(
        "--scenario", "transfer", "--typed", "--seed", "0", input="\n".join(replies) + "\n"
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "property-zh · transfer: 来电找人，此人在  [practice]"
    assert "     you: 您好！宇和物业管理客户服务中心，请讲。" in lines
    assert "  caller: 喂，你好，我找一下工程部的王师傅。" in lines
    assert "  caller: 好的，谢谢。" in lines
    assert any(line.strip().startswith("FAIL   0.0  phone.transfer") for line in lines)
    assert any("不能推诿、扯皮、推卸责任" in line for line in lines)
    assert any(
        line.startswith("FAILED  50.0/100 (pass mark 80), call completed") for line in lines
    ), lines
    assert "  turns failed: phone.transfer" in lines


def test_silence_brings_the_prompt_then_the_caller_hangs_up() -> None:
    doc = call_json("on-hold", ["您好！宇和物业管理客户服务中心，请讲。", "", ""])
    assert doc["ended"] == "hung_up" and doc["passed"] is False
    caller = [
        (line["kind"], line["text"]) for line in doc["transcript"] if line["speaker"] == "caller"
    ]
    assert caller[1:] == [("prompt", "喂？有人吗？"), ("hang_up", "怎么没人说话……算了，我挂了。")]
    waited, unreached = doc["turns"][1], doc["turns"][2]
    assert (
        waited["hung_up"] is True and waited["reasons"][0] == "对方10秒没有听到应答，挂断了电话。"
    )
    assert unreached["reached"] is False and unreached["reasons"] == ["通话在这一步之前已经结束。"]
    assert doc["turns_failed"] == ["reception.wait", "reception.sorry_wait"]


def test_one_empty_line_is_a_prompt_and_the_reply_after_it_counts() -> None:
    replies = standard_replies("transfer")
    doc = call_json("transfer", [replies[0], "", replies[1]])
    assert doc["passed"] is True
    assert [line["kind"] for line in doc["transcript"]].count("prompt") == 1


def test_end_of_input_is_silence_until_the_caller_hangs_up() -> None:
    doc = call_json("pardon", standard_replies("pardon")[:1])
    assert doc["ended"] == "hung_up" and doc["turns_failed"] == [
        "reception.pardon",
        "reception.acknowledge",
    ]


@pytest.mark.parametrize(("ring", "passed"), [(3, True), (4, False)])
def test_pick_up_within_three_rings(ring: int, passed: bool) -> None:
    doc = call_json("transfer", standard_replies("transfer"), "--pickup-ring", str(ring))
    assert doc["passed"] is passed and doc["pickup_ring"] == ring
    first = doc["turns"][0]
    assert first["timing"]["answer_ring"] == ring
    assert any("才接听" in r for r in first["reasons"]) is not passed


def test_picking_up_after_the_caller_gave_up() -> None:
    doc = call_json("transfer", standard_replies("transfer"), "--pickup-ring", "7")
    assert doc["ended"] == "missed" and doc["score"] == 0
    assert doc["reasons"] == ["无人接听：响了6声后对方挂断了。"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scenario", "nope", "--typed"], "has no scenario 'nope'; it has: transfer"),
        (["--scenario", "transfer"], "give either --typed"),
        (["--scenario", "transfer", "--typed", "--replies", "."], "give either --typed"),
        (["--scenario", "transfer", "--typed", "--pickup-ring", "0"], "rings are counted from 1"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], message: str) -> None:
    result = call(*args, input="")
    assert result.exit_code == 2
    assert result.stdout == "" and len(result.stderr.splitlines()) == 1
    assert message in result.stderr


def test_recordings_folder_must_have_one_file_per_turn(tmp_path: Any) -> None:
    (tmp_path / "01.wav").write_bytes(b"")
    (tmp_path / "03.wav").write_bytes(b"")
    result = call("--scenario", "transfer", "--replies", str(tmp_path))
    assert result.exit_code == 2
    assert "missing 02; no turn for 03" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_unknown_pack_exits_2() -> None:
    result = CliRunner().invoke(cli, ["call", "--pack", "nope", "--scenario", "x", "--typed"])
    assert result.exit_code == 2 and "no pack 'nope'" in result.stderr


def test_a_trainees_call_is_saved() -> None:
    from trainer.storage import open_repository

    replies = standard_replies("on-hold")
    replies[2] = "查到了，三十八块。"
    doc = call_json("on-hold", replies, "--trainee", "Li Na", "--mode", "exam")
    with open_repository() as repo:
        rows = repo.attempt_rows(trainee="Li Na")
        (saved,) = repo.call_rows(trainee="Li Na")
    assert [r["turn"] for r in rows] == ["phone.answer", "reception.wait", "reception.sorry_wait"]
    assert [r["scored_passed"] for r in rows] == [True, True, False]
    assert [r["transcript"] for r in rows] == replies
    assert rows[0]["mode"] == "exam" and rows[0]["scenario"] == "on-hold"
    assert saved["ended_at"] is not None and saved["pickup_ring"] == 1
    assert saved["passed"] is False and saved["total_score"] == doc["score"]
    assert doc["score"] == pytest.approx(sum(r["scored"] for r in rows) / 3, abs=0.1)


def test_unreadable_recordings_or_no_model_exit_2_with_one_line(tmp_path: Any) -> None:
    for name in ("01.wav", "02.wav"):
        (tmp_path / name).write_bytes(b"not audio")
    result = call("--scenario", "transfer", "--replies", str(tmp_path))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "no speech model for 'zh'" in result.stderr or "01.wav: not a readable" in result.stderr
