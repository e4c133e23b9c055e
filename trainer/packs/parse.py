"""A pack's YAML text -> a validated ``Pack``, with every problem reported at once."""

from __future__ import annotations

import math
import re
from pathlib import Path

import yaml

from trainer.core.phrases import TemplateError, expand, fill
from trainer.core.scenario import (
    LANGUAGES,
    QUIZ_PREFIX,
    SCENARIO_KINDS,
    TURN_KINDS,
    Blocker,
    CallerLine,
    KeyPhrase,
    Pack,
    RingRule,
    Scenario,
    Step,
    Turn,
    turn_kind,
)
from trainer.errors import PackError, PackProblem
from trainer.packs.branches import branches, check_graph
from trainer.packs.conduct import conduct_and_courtesy, entries, service_words
from trainer.packs.reader import Node, Reader, compose, join, kind_name

MAX_RINGS = 20
MAX_RING_SECONDS = 60
MAX_COMBINATIONS = 4096  # [a|b] groups multiply: 12 optional words are 4096 wordings

ROOT_FIELDS = (
    "id",
    "title",
    "language",
    "version",
    "description",
    "variables",
    "pass_mark",
    "rings",
    "silence",
    "blockers",
    "turns",
    "scenarios",
    "courtesy",
    "conduct",
    "service",
)


def parse_pack(text: str, file: str = "pack.yaml", *, folder: Path | None = None) -> Pack:
    """Read a pack from YAML text; raise PackError listing every problem."""
    r = Reader(file)
    try:
        root_yaml = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError([PackProblem(file, line, "", f"not valid YAML: {what}")]) from None
    if root_yaml is None or not isinstance(root_yaml, yaml.MappingNode):
        raise PackError(
            [
                PackProblem(
                    file,
                    1,
                    "",
                    "a pack must be a mapping with id, title, language, turns and scenarios",
                )
            ]
        )
    root = compose(root_yaml, r)
    r.only(root, "", ROOT_FIELDS)

    pack_id = r.get(root, "id", "", str) or ""
    title = r.get(root, "title", "", str) or ""
    language = r.get(root, "language", "", str) or ""
    if language and language not in LANGUAGES:
        r.problem(
            r.node(root, "language"),
            "language",
            f"must be one of {', '.join(LANGUAGES)}, not {language!r}",
        )
    version = str(r.get(root, "version", "", (str, int, float), required=False, default="1"))
    description = r.get(root, "description", "", str, required=False, default="")
    variables = r.get(root, "variables", "", dict, required=False, default={}) or {}
    for name, value in list(variables.items()):
        if not isinstance(value, str | int):
            r.problem(r.node(r.node(root, "variables"), name), f"variables.{name}", "must be text")  # type: ignore[arg-type]
            variables.pop(name)
    variables = {k: str(v) for k, v in variables.items()}
    pass_mark = r.get(root, "pass_mark", "", (int, float), required=False, default=80)
    if isinstance(pass_mark, int | float) and not 0 < pass_mark <= 100:
        r.problem(r.node(root, "pass_mark"), "pass_mark", "must be between 1 and 100")
    rings = _rings(r, root)
    silence = _silence(r, root)

    blockers = _blockers(r, root)
    turns = _turns(r, root, variables)
    scenarios = _scenarios(r, root, turns, variables)
    conduct, courtesy = conduct_and_courtesy(r, root, language, turns)
    service = service_words(r, root, language)

    if folder is not None and pack_id and folder.name != pack_id:
        r.problem(r.node(root, "id"), "id", f"must match the folder name {folder.name!r}")
    if r.problems:
        raise PackError(r.problems)
    return Pack(
        id=pack_id,
        title=title,
        language=language,
        turns=turns,
        scenarios=tuple(scenarios),
        blockers=tuple(blockers),
        variables=variables,
        pass_mark=int(pass_mark),
        rings=rings,
        version=version,
        description=description,
        silence=silence,
        courtesy=courtesy,
        conduct=conduct,
        service=service,
    )


def _rings(r: Reader, root: Node) -> RingRule:
    node = r.node(root, "rings")
    if node is None:
        return RingRule()
    if not isinstance(node.value, dict):
        r.problem(node, "rings", "must be a mapping (max_rings, ring_seconds, gap_seconds)")
        return RingRule()
    rule = RingRule(
        max_rings=r.get(node, "max_rings", "rings", int, required=False, default=3),
        ring_seconds=r.get(node, "ring_seconds", "rings", float, required=False, default=1.0),
        gap_seconds=r.get(node, "gap_seconds", "rings", float, required=False, default=2.0),
        give_up_rings=r.get(node, "give_up_rings", "rings", int, required=False, default=6),
    )
    if not 1 <= rule.max_rings <= MAX_RINGS:
        r.problem(node, "rings.max_rings", f"must be 1 to {MAX_RINGS}")
    if not 1 <= rule.give_up_rings <= MAX_RINGS:
        r.problem(node, "rings.give_up_rings", f"must be 1 to {MAX_RINGS}")
    for key in ("ring_seconds", "gap_seconds"):
        seconds = getattr(rule, key)
        if not (math.isfinite(seconds) and 0 < seconds <= MAX_RING_SECONDS):
            r.problem(
                r.node(node, key),
                f"rings.{key}",
                f"must be a number of seconds, 0 to {MAX_RING_SECONDS}",
            )
    return rule


def _silence(r: Reader, root: Node) -> dict[str, str]:
    """``silence: {phone: {prompt, hang_up}, desk: {prompt, hang_up}}``: what a caller who
    hears nothing says."""
    node = r.node(root, "silence")
    if node is None:
        return {}
    if not isinstance(node.value, dict):
        r.problem(node, "silence", "must be a mapping with phone and/or desk")
        return {}
    r.only(node, "silence", ("phone", "desk"))
    out: dict[str, str] = {}
    for kind in ("phone", "desk"):
        item = r.node(node, kind)
        if item is None:
            continue
        field = join("silence", kind)
        if not isinstance(item.value, dict):
            r.problem(item, field, "must be a mapping with prompt and hang_up")
            continue
        r.only(item, field, ("prompt", "hang_up"))
        for what in ("prompt", "hang_up"):
            text = r.get(item, what, field, str, required=False, default="")
            if text:
                out[f"{kind}.{what}"] = text
    return out


def _wordings(text: str) -> int:
    """How many wordings a phrase's [a|b] groups make, counted before any is written out."""
    return math.prod(group.count("|") + 1 for group in re.findall(r"\[([^\[\]]*)\]", text))


def _text_list(
    r: Reader, node: Node | None, field: str, variables: dict[str, str], *, expand_alts: bool
) -> list[str]:
    """A phrase or list of phrases, each expanded into its wordings."""
    if node is None:
        return []
    items = node.value if isinstance(node.value, list) else [node]
    out: list[str] = []
    for i, item in enumerate(items):
        where = join(field, i) if isinstance(node.value, list) else field
        if not isinstance(item.value, str):
            r.problem(item, where, f"must be text, not {kind_name(type(item.value))}")
            continue
        if not item.value.strip():
            r.problem(item, where, "is empty")
            continue
        try:
            if expand_alts and (n := _wordings(fill(item.value, variables))) > MAX_COMBINATIONS:
                r.problem(item, where, f"its [a|b] alternatives make {n} wordings; split it")
                continue
            out.extend(expand(item.value, variables) if expand_alts else [item.value])
        except TemplateError as exc:
            r.problem(item, where, str(exc))
    return out


def _keys(r: Reader, node: Node | None, field: str, variables: dict[str, str]) -> list[KeyPhrase]:
    if node is None:
        return []
    if not isinstance(node.value, list):
        r.problem(
            node, field, "must be a list of key phrases (each text, or a list of accepted wordings)"
        )
        return []
    keys = []
    for i, item in enumerate(node.value):
        forms = _text_list(r, item, join(field, i), variables, expand_alts=True)
        if forms:
            keys.append(KeyPhrase(tuple(forms)))
    return keys


def _blockers(r: Reader, root: Node) -> list[Blocker]:
    node = r.node(root, "blockers")
    if node is None:
        return []
    if not isinstance(node.value, list):
        r.problem(node, "blockers", "must be a list")
        return []
    out = []
    for i, item in enumerate(node.value):
        field = join("blockers", i)
        if not isinstance(item.value, dict):
            r.problem(item, field, "must be a mapping with id, reason and patterns")
            continue
        bid = r.get(item, "id", field, str)
        why = r.get(item, "reason", field, str)
        # each re: pattern compiled now (RE2): a bad one is a problem with its line
        patterns = entries(r, r.node(item, "patterns"), join(field, "patterns"), patterns=None)
        if r.node(item, "patterns") is None:
            r.problem(item, join(field, "patterns"), "is missing")
        if bid and why and patterns:
            out.append(Blocker(bid, why, tuple(patterns)))
    return out


def _turns(r: Reader, root: Node, variables: dict[str, str]) -> dict[str, Turn]:
    node = r.node(root, "turns")
    if node is None:
        r.problem(root, "turns", "is missing")
        return {}
    if not isinstance(node.value, dict) or not node.value:
        r.problem(node, "turns", "must be a mapping of turn id to its standard phrase(s)")
        return {}
    turns: dict[str, Turn] = {}
    for turn_id, item in node.value.items():
        field = join("turns", turn_id)
        if isinstance(item.value, str | list):
            item = Node({"forms": item}, item.line)
        if not isinstance(item.value, dict):
            r.problem(item, field, "must be a phrase, a list of phrases, or a mapping with forms")
            continue
        r.only(item, field, ("forms", "keys", "hint", "title", "guided", "kind"))
        forms_node = r.node(item, "forms")
        if forms_node is None:
            r.problem(item, join(field, "forms"), "is missing")
            continue
        forms = _text_list(r, forms_node, join(field, "forms"), variables, expand_alts=True)
        keys = _keys(r, r.node(item, "keys"), join(field, "keys"), variables)
        hint = r.get(item, "hint", field, str, required=False, default="")
        title = r.get(item, "title", field, str, required=False, default="")
        guided = r.get(item, "guided", field, bool, required=False, default=False)
        kind = r.get(item, "kind", field, str, required=False, default=turn_kind(turn_id))
        if kind not in TURN_KINDS:
            r.problem(
                r.node(item, "kind"), join(field, "kind"), f"must be {' or '.join(TURN_KINDS)}"
            )
        elif kind != turn_kind(turn_id):
            r.problem(
                r.node(item, "kind") or item,
                join(field, "kind"),
                f"a quiz turn's id starts with {QUIZ_PREFIX!r} (and only a quiz turn's), so "
                "progress and reports can count quiz and scenario turns apart",
            )
        if guided and forms and not keys:
            r.problem(
                r.node(item, "keys") or r.node(item, "guided") or item,
                join(field, "keys"),
                "a guided turn is judged on its key phrases: with none, any reply of four "
                "words or more would pass; list the facts the answer must hold",
            )
        if forms:
            turns[turn_id] = Turn(turn_id, tuple(forms), tuple(keys), hint, title, guided, kind)
    return turns


def _callers(
    r: Reader, node: Node | None, field: str, variables: dict[str, str]
) -> list[CallerLine]:
    """A caller's line and its other wordings: text; a mapping with text (or a list of
    texts), voice and mood; or a list of those, each with its own voice and mood."""
    if node is None:
        return []
    if isinstance(node.value, list):
        if not node.value:
            r.problem(node, field, "must list at least one wording")
        out: list[CallerLine] = []
        for i, item in enumerate(node.value):
            out += _callers(r, item, join(field, i), variables)
        return out
    if isinstance(node.value, str):
        node = Node({"text": node}, node.line)
    if not isinstance(node.value, dict):
        r.problem(node, field, "must be the caller's line, or a mapping with text, voice and mood")
        return []
    r.only(node, field, ("text", "voice", "mood", "audio"))
    text_node = r.node(node, "text")
    if text_node is None or text_node.value is None:
        r.problem(node, join(field, "text"), "is missing")
        return []
    texts = text_node.value if isinstance(text_node.value, list) else [text_node]
    voice = r.get(node, "voice", field, str, required=False, default="caller")
    mood = r.get(node, "mood", field, str, required=False, default="calm")
    audio = r.get(node, "audio", field, str, required=False, default="")
    if audio and len(texts) > 1:
        r.problem(r.node(node, "audio"), join(field, "audio"), "one recording is one wording")
    out = []
    for i, item in enumerate(texts):
        where = join(join(field, "text"), i) if len(texts) > 1 else join(field, "text")
        if not isinstance(item.value, str):
            r.problem(item, where, f"must be text, not {kind_name(type(item.value))}")
            continue
        if not item.value.strip():
            r.problem(item, where, "is empty")
            continue
        text = item.value
        try:
            text = fill(text, variables)
        except TemplateError as exc:
            r.problem(item, where, str(exc))
        out.append(CallerLine(text=text, voice=voice, mood=mood, audio=audio))
    return out


def _scenarios(
    r: Reader, root: Node, turns: dict[str, Turn], variables: dict[str, str]
) -> list[Scenario]:
    node = r.node(root, "scenarios")
    if node is None:
        return []
    if not isinstance(node.value, list):
        r.problem(node, "scenarios", "must be a list")
        return []
    out: list[Scenario] = []
    seen: set[str] = set()
    declared = r.node(root, "turns")  # a turn with its own problem is not also "unknown"
    broken = (
        set(declared.value) - set(turns) if declared and isinstance(declared.value, dict) else set()
    )
    for i, item in enumerate(node.value):
        field = join("scenarios", i)
        if not isinstance(item.value, dict):
            r.problem(item, field, "must be a mapping with id, title and steps")
            continue
        r.only(
            item,
            field,
            ("id", "title", "kind", "difficulty", "tags", "description", "steps", "closing"),
        )
        sid = r.get(item, "id", field, str) or ""
        if sid in seen:
            r.problem(r.node(item, "id"), join(field, "id"), f"{sid!r} is used twice")
        seen.add(sid)
        title = r.get(item, "title", field, str) or ""
        kind = r.get(item, "kind", field, str, required=False, default="phone")
        if kind not in SCENARIO_KINDS:
            r.problem(
                r.node(item, "kind"),
                join(field, "kind"),
                f"must be {', '.join(SCENARIO_KINDS)}, not {kind!r}",
            )
        difficulty = r.get(item, "difficulty", field, int, required=False, default=1)
        tags = r.get(item, "tags", field, list, required=False, default=[]) or []
        description = r.get(item, "description", field, str, required=False, default="")
        steps_node = r.node(item, "steps")
        steps: list[Step] = []
        if steps_node is None:
            r.problem(item, join(field, "steps"), "is missing")
        elif not isinstance(steps_node.value, list) or not steps_node.value:
            r.problem(steps_node, join(field, "steps"), "must be a non-empty list of steps")
        else:
            for j, step in enumerate(steps_node.value):
                sfield = join(join(field, "steps"), j)
                if not isinstance(step.value, dict):
                    r.problem(step, sfield, "must be a mapping with turn (and caller)")
                    continue
                r.only(
                    step,
                    sfield,
                    ("turn", "caller", "keys", "id", "title", "branches", "next", "closing"),
                )
                turn_id = r.get(step, "turn", sfield, str)
                if turn_id and turn_id not in turns and turn_id not in broken:
                    r.problem(
                        r.node(step, "turn"),
                        join(sfield, "turn"),
                        f"unknown turn {turn_id!r}; the pack's turns are: {', '.join(sorted(turns)) or 'none'}",
                    )
                callers = _callers(r, r.node(step, "caller"), join(sfield, "caller"), variables)
                keys = _keys(r, r.node(step, "keys"), join(sfield, "keys"), variables)
                ending = _callers(r, r.node(step, "closing"), join(sfield, "closing"), variables)
                if turn_id:
                    steps.append(
                        Step(
                            turn_id,
                            callers[0] if callers else None,
                            tuple(keys),
                            id=str(r.get(step, "id", sfield, (str, int), required=False) or ""),
                            branches=branches(r, step, sfield, variables),
                            next=str(r.get(step, "next", sfield, (str, int), required=False) or ""),
                            alternatives=tuple(callers[1:]),
                            closing=tuple(ending),
                            title=r.get(step, "title", sfield, str, required=False, default=""),
                            line=step.line,
                        )
                    )
        closings = _callers(r, r.node(item, "closing"), join(field, "closing"), variables)
        scenario = Scenario(
            sid,
            title,
            tuple(steps),
            difficulty or 1,
            tuple(str(t) for t in tags),
            description or "",
            kind or "phone",
            closings[0] if closings else None,
            tuple(closings[1:]),
        )
        if steps and steps_node is not None and len(steps) == len(steps_node.value):
            scenario = check_graph(r, scenario, join(field, "steps"))
        out.append(scenario)
    return out


# ------------------------------------------------------------------ finding packs
