"""A scenario as a graph of steps (pure): its edges, the main line, and what is wrong with it.

Each step has edges to the steps its branches name, in order, then its default edge (``next``,
else the following step, else ``end``). A call walks one path through the graph; the checks
make sure every path can reach the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.core.scenario import END, Scenario


@dataclass(frozen=True)
class Edge:
    source: str  # step id
    target: str  # step id or END
    how: str  # how it is taken: the branch's condition, or "next"
    branch: int | None  # index of the branch in the step, None for the default edge
    line: int = 0
    label: str = ""  # the branch's own label, in the pack's language


@dataclass(frozen=True)
class GraphProblem:
    step: int | None  # index of the step the problem is about
    line: int
    message: str


def default_target(scenario: Scenario, index: int) -> str:
    step = scenario.steps[index]
    if step.next:
        return step.next
    return scenario.step_id(index + 1) if index + 1 < len(scenario.steps) else END


def edges(scenario: Scenario) -> list[Edge]:
    out = []
    for i, step in enumerate(scenario.steps):
        sid = scenario.step_id(i)
        for b, branch in enumerate(step.branches):
            how = branch.when.describe()
            out.append(Edge(sid, branch.goto, how, b, branch.line or step.line, branch.label))
        out.append(Edge(sid, default_target(scenario, i), "next", None, step.line))
    return out


def main_line(scenario: Scenario, start: int | None) -> list[int]:
    """The steps from ``start`` on by default edges only, each once, until the end."""
    out: list[int] = []
    index = start
    while index is not None and index not in out and 0 <= index < len(scenario.steps):
        out.append(index)
        target = default_target(scenario, index)
        index = None if target == END else scenario.index_of(target)
    return out


def check(scenario: Scenario) -> list[GraphProblem]:
    """Unknown targets, unreachable steps, dead ends and cycles with no way out."""
    problems: list[GraphProblem] = []
    ids = [scenario.step_id(i) for i in range(len(scenario.steps))]
    seen: set[str] = set()
    for i, sid in enumerate(ids):
        if sid == END:
            problems.append(GraphProblem(i, scenario.steps[i].line, f"{END!r} is not a step id"))
        elif sid in seen:
            problems.append(
                GraphProblem(i, scenario.steps[i].line, f"step id {sid!r} is used twice")
            )
        seen.add(sid)
    out: dict[str, list[str]] = {sid: [] for sid in ids}
    for edge in edges(scenario):
        if edge.target != END and edge.target not in out:
            i = ids.index(edge.source)
            known = ", ".join(ids)
            problems.append(
                GraphProblem(
                    i,
                    edge.line,
                    f"step {edge.source!r} goes to {edge.target!r}, which is not a "
                    f"step of this scenario (its steps: {known}; or {END})",
                )  # fmt: skip
            )
            continue
        out[edge.source].append(edge.target)
    if not ids:
        return problems
    # reachable from the first step
    reach = _closure(ids[0], out)
    for i, sid in enumerate(ids):
        if sid not in reach:
            problems.append(
                GraphProblem(i, scenario.steps[i].line, f"step {sid!r} can never be reached")
            )
    # every reachable step can still get to the end
    back: dict[str, list[str]] = {sid: [] for sid in [*ids, END]}
    for source, targets in out.items():
        for target in targets:
            back[target].append(source)
    ends = _closure(END, back)
    for i, sid in enumerate(ids):
        if sid in reach and sid not in ends:
            loop = sid in _closure_from_targets(sid, out)
            what = "is in a cycle with no way out" if loop else "has no path to the end"
            problems.append(GraphProblem(i, scenario.steps[i].line, f"step {sid!r} {what}"))
    return problems


def _closure(start: str, out: dict[str, list[str]]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for target in out.get(todo.pop(), []):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _closure_from_targets(start: str, out: dict[str, list[str]]) -> set[str]:
    found: set[str] = set()
    for target in out.get(start, []):
        found |= _closure(target, out)
    return found
