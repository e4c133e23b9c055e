"""The branching part of a scenario in a pack: ``branches:`` of a step, and the graph checks
(every target exists, every step is reachable, every path ends), each problem at its line."""

from __future__ import annotations

import dataclasses
from typing import Any

from trainer.core import graph
from trainer.core.phrases import TemplateError, expand
from trainer.core.scenario import Branch, Condition, KeyPhrase, Scenario
from trainer.packs.reader import Node, Reader, join, kind_name

WHEN_FIELDS = ("passed", "silence", "said", "form", "conduct", "reason")
SHORTHANDS = {
    "passed": Condition(passed=True),
    "failed": Condition(passed=False),
    "silence": Condition(silence=True),
    "conduct": Condition(conduct=()),
}


def branches(r: Reader, step: Node, field: str, variables: dict[str, str]) -> tuple[Branch, ...]:
    node = r.node(step, "branches")
    if node is None:
        return ()
    field = join(field, "branches")
    if not isinstance(node.value, list):
        r.problem(node, field, "must be a list of branches (when, goto, label)")
        return ()
    out = []
    for i, item in enumerate(node.value):
        where = join(field, i)
        if not isinstance(item.value, dict):
            r.problem(item, where, "must be a mapping with when and goto")
            continue
        r.only(item, where, ("when", "goto", "label"))
        goto = r.get(item, "goto", where, (str, int))
        label = r.get(item, "label", where, str, required=False, default="")
        when = _when(r, r.node(item, "when"), join(where, "when"), variables)
        if goto is not None and when is not None:
            out.append(Branch(str(goto), when, label, item.line))
    return tuple(out)


def _when(r: Reader, node: Node | None, field: str, variables: dict[str, str]) -> Condition | None:
    if node is None:
        r.problem(node, field, "is missing")
        return None
    if isinstance(node.value, str):
        if node.value in SHORTHANDS:
            return SHORTHANDS[node.value]
        r.problem(node, field, f"must be one of {', '.join(SHORTHANDS)}, or a mapping")
        return None
    if not isinstance(node.value, dict) or not node.value:
        r.problem(node, field, f"must be a mapping with any of {', '.join(WHEN_FIELDS)}")
        return None
    r.only(node, field, WHEN_FIELDS)
    passed = r.get(node, "passed", field, bool, required=False)
    silence = r.get(node, "silence", field, bool, required=False)
    form = r.get(node, "form", field, str, required=False, default="")
    said = tuple(_phrases(r, r.node(node, "said"), join(field, "said"), variables, keys=True))
    reasons = tuple(_phrases(r, r.node(node, "reason"), join(field, "reason"), {}, keys=False))
    conduct: tuple[str, ...] | None = None
    c = r.node(node, "conduct")
    if c is not None:
        if c.value is True:
            conduct = ()
        elif c.value is False:
            r.problem(c, join(field, "conduct"), "say true, or the ids that count")
        else:
            conduct = tuple(_phrases(r, c, join(field, "conduct"), {}, keys=False))
    return Condition(passed, silence, said, form, conduct, reasons)


def _phrases(
    r: Reader, node: Node | None, field: str, variables: dict[str, str], *, keys: bool
) -> list[Any]:
    """Text or a list of texts; as key phrases (a list item may list its own wordings)."""
    if node is None:
        return []
    items = node.value if isinstance(node.value, list) else [node]
    out: list[Any] = []
    for i, item in enumerate(items):
        where = join(field, i) if isinstance(node.value, list) else field
        wordings = item.value if isinstance(item.value, list) and keys else [item]
        forms: list[str] = []
        for w in wordings:
            if not isinstance(w.value, str | int) or isinstance(w.value, bool):
                r.problem(w, where, f"must be text, not {kind_name(type(w.value))}")
                continue
            text = str(w.value)
            try:
                forms += expand(text, variables) if keys else [text]
            except TemplateError as exc:
                r.problem(w, where, str(exc))
        if forms:
            out.append(KeyPhrase(tuple(forms)) if keys else forms[0])
    return out


def check_graph(r: Reader, scenario: Scenario, field: str) -> Scenario:
    """Give unnamed steps an id (their turn, when no other step has it; else their number)
    and report every problem of the scenario's graph at its line."""
    named = {s.id for s in scenario.steps if s.id}
    counts: dict[str, int] = {}
    for s in scenario.steps:
        counts[s.turn] = counts.get(s.turn, 0) + 1
    steps = []
    for i, s in enumerate(scenario.steps):
        if not s.id:
            own = s.turn if counts[s.turn] == 1 and s.turn not in named else str(i + 1)
            s = dataclasses.replace(s, id=own)
        steps.append(s)
    scenario = dataclasses.replace(scenario, steps=tuple(steps))
    for problem in graph.check(scenario):
        where = join(field, problem.step) if problem.step is not None else field
        r.problem(Node(None, problem.line), where, problem.message)
    return scenario
