"""Scenario graphs: every edge of every scenario of every built-in pack is walked by a real
call, and a broken graph is reported with its file and line."""

from __future__ import annotations

import pytest

from trainer.core import graph
from trainer.core.scenario import Pack, Scenario
from trainer.core.session import Call, Mode, Phase
from trainer.errors import PackError
from trainer.packs import load_pack, pack_folders, parse_pack

PACKS = sorted(pack_folders())
Reply = str | None  # None: the trainee says nothing until the caller gives up


def candidates(pack: Pack, scenario: Scenario, index: int) -> list[Reply]:
    """Replies worth trying at a step: each standard wording, silence, a mumble, each key
    phrase a branch listens for, and each blocker's and conduct family's words (a conduct
    violation)."""
    step = scenario.steps[index]
    turn = pack.turn(step.turn)
    out: list[Reply] = [*turn.forms, None, "嗯。"]
    for branch in step.branches:
        out += [key.forms[0] for key in branch.when.said]
    out += [p for b in pack.blockers for p in b.patterns[:1] if not p.startswith("re:")]
    out += [f.cues[0] for f in pack.conduct if f.cues]
    return out


def step_out(pack: Pack, scenario: Scenario, prefix: list[Reply], last: Reply) -> Call:
    """A call that answers ``prefix`` and then ``last``, stopped as soon as it leaves the
    step ``last`` answered."""
    call = Call(pack, scenario, Mode.EXAM, seed=0)
    call.pick_up(1)
    replies = [*prefix, last]
    while call.phase is not Phase.ENDED and replies:
        if call.phase in (Phase.CALLER, Phase.CLOSING):
            call.caller_line()
            continue
        reply = replies.pop(0)
        if reply is None:
            call.silence(call.silence_rule.hang_up_after)
        else:
            call.reply(reply)
    return call


def walk(pack: Pack, scenario: Scenario) -> set[tuple[str, str, str]]:
    """Every edge reachable from the first step with the candidate replies."""
    first = scenario.step_id(0)
    reach: dict[str, list[Reply]] = {first: []}
    todo, taken = [first], set()
    while todo:
        sid = todo.pop()
        index = scenario.index_of(sid)
        assert index is not None
        for reply in candidates(pack, scenario, index):
            call = step_out(pack, scenario, reach[sid], reply)
            if not call.edges or call.edges[-1][0] != sid:
                continue  # the caller hung up on silence: no edge out of this step
            edge = call.edges[-1]
            taken.add(edge)
            if edge[1] != graph.END and edge[1] not in reach:
                reach[edge[1]] = [*reach[sid], reply]
                todo.append(edge[1])
    return taken


@pytest.mark.parametrize("pack_id", PACKS)
def test_every_edge_of_every_scenario_is_walked_by_a_real_call(pack_id: str) -> None:
    pack = load_pack(pack_id)
    for scenario in pack.scenarios:
        expected = {(e.source, e.target, e.how) for e in graph.edges(scenario)}
        assert walk(pack, scenario) == expected, scenario.id


def test_the_default_pack_has_branching_scenarios() -> None:
    pack = load_pack("property-zh")
    branching = {s.id for s in pack.scenarios if s.branching}
    assert {"not-at-desk", "angry-resident", "unknown-name"} <= branching


GOOD = """\
id: g
title: T
language: zh
turns:
  a: 您好
  b: 请稍候
scenarios:
  - id: s
    title: S
    steps:
      - id: one
        turn: a
        branches:
          - {when: failed, goto: two}
        next: end
      - id: two
        turn: b
"""


def problems(text: str) -> list[str]:
    with pytest.raises(PackError) as caught:
        parse_pack(text, "pack.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_good_graph_parses() -> None:
    scenario = parse_pack(GOOD).scenario("s")
    assert [e.target for e in graph.edges(scenario)] == ["two", "end", "end"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("goto: two}", "goto: three}"),
            "pack.yaml:14: scenarios[0].steps[0]: step 'one' goes to 'three', which is not a step",
        ),
        (
            ("{when: failed, goto: two}", "{when: passed, goto: one}"),
            "pack.yaml:16: scenarios[0].steps[1]: step 'two' can never be reached",
        ),
        (
            ("goto: two}\n        next: end\n", "goto: one}\n        next: one\n"),
            "pack.yaml:11: scenarios[0].steps[0]: step 'one' is in a cycle with no way out",
        ),
        (
            ("      - id: two\n", "      - id: one\n"),
            "pack.yaml:16: scenarios[0].steps[1]: step id 'one' is used twice",
        ),
        (
            ("{when: failed,", "{when: {loud: true},"),
            "pack.yaml:14: scenarios[0].steps[0].branches[0].when.loud: unknown field",
        ),
    ],
)
def test_graph_problems_name_the_file_and_line(edit: tuple[str, str], expected: str) -> None:
    found = problems(GOOD.replace(*edit))
    assert any(p.startswith(expected) for p in found), found


def test_a_cycle_with_a_way_out_is_allowed_and_bounded() -> None:
    text = GOOD.replace("{when: failed, goto: two}", "{when: failed, goto: one}").replace(
        "        next: end\n", "        next: two\n"
    )
    pack = parse_pack(text)
    call = Call(pack, pack.scenario("s"), Mode.EXAM, seed=0)
    call.pick_up(1)
    while call.phase is Phase.TRAINEE:
        call.reply("嗯。")  # fails every time: the call loops on step one, then stops
    assert call.phase is Phase.ENDED
    assert call.path == ["one"] * 6
    assert len(call.result().turns) == 6


def test_pack_voice_renders_every_wording_and_every_closing() -> None:
    from trainer.voice.library import pack_lines

    pack = load_pack("property-zh")
    texts = {line.text for line in pack_lines(pack)}
    for scenario in pack.scenarios:
        for step in scenario.steps:
            assert {w.text for w in (*step.wordings, *step.closing)} <= texts, step.id
        assert {w.text for w in scenario.closings} <= texts
    escalate = pack.scenario("angry-resident").steps[3]
    assert len(escalate.wordings) == 2 and escalate.closing == ()


def test_the_same_seed_picks_the_same_wordings_in_the_core() -> None:
    pack = load_pack("property-zh")
    scenario = pack.scenario("angry-resident")

    def first_line(seed: int) -> str:
        call = Call(pack, scenario, Mode.EXAM, seed=seed)
        call.pick_up(1)
        call.reply("您好！宇和物业管理客户服务中心，请讲。")
        return call.caller_line().text

    assert first_line(3) == first_line(3)
    assert len({first_line(seed) for seed in range(10)}) == 3  # every wording comes up
