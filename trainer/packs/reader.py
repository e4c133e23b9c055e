"""YAML read with the line every value starts on, and a reader that collects problems
(file, field path, line) instead of stopping at the first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from trainer.errors import PackError, PackProblem


@dataclass
class Node:
    """A YAML value with the line it starts on (1-based)."""

    value: Any
    line: int


MAX_VALUES = 100_000  # a large pack has a few thousand; aliases can multiply them past this
MAX_DEPTH = 50


def compose(node: yaml.Node, reader: Reader | None = None) -> Node:
    """The composed YAML as ``Node``s. A key given twice is a problem (on ``reader``) at the
    line of its second use; anchors and aliases (``&a``/``*a``) that expand to more than
    ``MAX_VALUES`` values, or nesting deeper than ``MAX_DEPTH``, stop the read (PackError)."""
    return _Composer(reader).compose(node, 0)


class _Composer:
    def __init__(self, reader: Reader | None) -> None:
        self.reader = reader
        self.left = MAX_VALUES

    def compose(self, node: yaml.Node, depth: int) -> Node:
        line = node.start_mark.line + 1
        self.left -= 1
        if self.left < 0 or depth > MAX_DEPTH:
            what = (
                f"more than {MAX_VALUES} values (aliases *name repeating anchors &name?)"
                if self.left < 0
                else f"nested more than {MAX_DEPTH} levels deep"
            )
            file = self.reader.file if self.reader else ""
            raise PackError([PackProblem(file, line, "", f"not a pack: {what}")])
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Node] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in out and self.reader is not None:
                    first = out[key].line
                    self.reader.problems.append(
                        PackProblem(
                            self.reader.file,
                            key_node.start_mark.line + 1,
                            key,
                            f"given twice (first on line {first}); the second would win silently",
                        )
                    )
                out[key] = self.compose(value_node, depth + 1)
            return Node(out, line)
        if isinstance(node, yaml.SequenceNode):
            return Node([self.compose(v, depth + 1) for v in node.value], line)
        value = _LOADER.construct_object(node, deep=True)
        if not isinstance(value, str | int | float | bool | type(None)):
            value = str(node.value)  # dates and the like: keep the text as written
        return Node(value, line)


_LOADER = yaml.SafeLoader("")


class Reader:
    """Walks a composed pack, collecting problems instead of stopping at the first."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[PackProblem] = []

    def problem(self, node: Node | None, field: str, message: str) -> None:
        self.problems.append(PackProblem(self.file, node.line if node else None, field, message))

    def get(
        self,
        parent: Node,
        key: str,
        field: str,
        kind: type | tuple[type, ...],
        *,
        required: bool = True,
        default: Any = None,
    ) -> Any:
        assert isinstance(parent.value, dict)
        node = parent.value.get(key)
        if node is None or node.value is None:
            if required:
                self.problem(parent, join(field, key), "is missing")
            return default
        if not isinstance(node.value, dict | list) and kind in (dict, list):
            self.problem(
                node,
                join(field, key),
                f"must be a {kind_name(kind)}, not {kind_name(type(node.value))}",
            )
            return default
        raw = plain(node)
        if kind is float and isinstance(raw, int) and not isinstance(raw, bool):
            raw = float(raw)
        if not isinstance(raw, kind) or (isinstance(raw, bool) and kind in (int, float)):
            self.problem(
                node,
                join(field, key),
                f"must be a {kind_name(kind)}, not {kind_name(type(raw))}",
            )
            return default
        return raw

    def only(self, parent: Node, field: str, allowed: tuple[str, ...]) -> None:
        """Flag fields the pack format does not have (often a comma in unquoted text)."""
        assert isinstance(parent.value, dict)
        for key, child in parent.value.items():
            if key not in allowed:
                hint = " (text with a comma must be in quotes)" if child.value is None else ""
                self.problem(
                    child,
                    join(field, key),
                    f"unknown field; expected one of {', '.join(allowed)}{hint}",
                )

    def node(self, parent: Node, key: str) -> Node | None:
        assert isinstance(parent.value, dict)
        return parent.value.get(key)


def join(field: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{field}[{key}]"
    return f"{field}.{key}" if field else key


def kind_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "text",
        int: "whole number",
        float: "number",
        dict: "mapping",
        list: "list",
        bool: "true/false",
        type(None): "nothing",
    }
    if kind == (int, float):
        return "number"
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def plain(node: Node) -> Any:
    if isinstance(node.value, dict):
        return {k: plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [plain(v) for v in node.value]
    return node.value
