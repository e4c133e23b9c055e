"""Which way a call goes after a reply (pure): a step's branches judged on its attempt."""

from __future__ import annotations

from trainer.core import normalize
from trainer.core.graph import default_target
from trainer.core.outcome import Attempt
from trainer.core.rules import has_key
from trainer.core.scenario import Branch, Condition, Scenario
from trainer.core.verdict import TEXT, Channel, asr_channel

CONDUCT = "conduct."


def conduct_codes(attempt: Attempt) -> set[str]:
    """The conduct violations of an attempt as ``conduct.<id>``: its blockers, and any
    reason whose code says conduct."""
    verdict = attempt.verdict
    codes = {f"{CONDUCT}{b}" for b in verdict.blockers}
    codes |= {r.code for r in verdict.reasons if r.code.startswith(CONDUCT)}
    return codes


def holds(when: Condition, attempt: Attempt, lang: str) -> bool:
    silent = not attempt.reply.strip()
    if when.silence is not None and when.silence != silent:
        return False
    if when.passed is not None and when.passed != attempt.passed:
        return False
    if when.conduct is not None:
        codes = conduct_codes(attempt)
        wanted = {f"{CONDUCT}{c.removeprefix(CONDUCT)}" for c in when.conduct}
        if not codes or (wanted and not codes & wanted):
            return False
    if when.form and when.form not in attempt.verdict.matched:
        return False
    if when.reasons:
        codes = {r.code for r in attempt.verdict.reasons}
        if not any(code.startswith(p) for code in codes for p in when.reasons):
            return False
    if when.said:
        if silent:
            return False
        channel: Channel = asr_channel(lang) if attempt.source == "asr" else TEXT
        keys = normalize.prepare(attempt.reply, lang).keys
        if not any(has_key(k, keys, lang, channel) for k in when.said):
            return False
    return True


def choose(scenario: Scenario, index: int, attempt: Attempt, lang: str) -> tuple[str, str, str]:
    """Where the call goes after step ``index``: the step id (or ``end``), the edge taken
    (the branch's condition, ``next`` for the default) and the branch's own label."""
    step = scenario.steps[index]
    for branch in step.branches:
        if holds(branch.when, attempt, lang):
            return branch.goto, branch.when.describe(), branch.label
    return default_target(scenario, index), "next", ""


def silence_branch(scenario: Scenario, index: int) -> Branch | None:
    """A branch the caller takes when the trainee says nothing, instead of hanging up."""
    for branch in scenario.steps[index].branches:
        if branch.when.silence:
            return branch
    return None
