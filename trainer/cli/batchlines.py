"""``trainer score-text --jsonl``: every input line gets one output line, a verdict or an
error object saying what is wrong with that line; nothing a line holds stops the run."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

from trainer.errors import TrainerError

SOURCES = ("text", "asr")


class LineError(ValueError):
    """What is wrong with one input line, in words for the person who wrote it."""


def _text_field(item: dict[str, Any], name: str, *, required: bool) -> str | None:
    value = item.get(name)
    if value is None:
        if required:
            raise LineError(f'the JSON field "{name}" is missing')
        return None
    if not isinstance(value, str):
        kind = {list: "a list", dict: "an object", bool: "true/false"}.get(type(value), "a number")
        raise LineError(f'the JSON field "{name}" must be text, not {kind}')
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise LineError(
            f'the JSON field "{name}" holds a lone surrogate (not valid Unicode)'
        ) from None
    return value


def _parse(raw: bytes, number: int) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LineError(f"line {number} is not UTF-8 (byte {exc.start + 1})") from None
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LineError(f"line {number} is not JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise LineError(f"line {number} is nested too deeply to read") from None
    if not isinstance(item, dict):
        raise LineError(f"line {number} must be a JSON object with turn and reply")
    return item


def _safe(item: dict[str, Any]) -> dict[str, Any]:
    """The input fields that can be written back out (no lone surrogates)."""
    out = {}
    for key, value in item.items():
        try:
            json.dumps({key: value}, ensure_ascii=False).encode("utf-8")
        except (UnicodeEncodeError, ValueError, RecursionError):
            continue
        out[key] = value
    return out


def score_lines(
    stream: Iterable[bytes],
    run: Callable[..., Any],
    ui: str,
    source: str,
    *,
    by_pack: bool,
) -> int:
    """Score each line; return how many could not be scored."""
    failed = 0
    for number, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        item: dict[str, Any] = {}
        try:
            item = _parse(raw, number)
            said = _text_field(item, "reply", required=True)
            turn = _text_field(item, "turn", required=by_pack)
            exp = _text_field(item, "expected", required=not by_pack)
            src = _text_field(item, "source", required=False) or source
            if src not in SOURCES:
                raise LineError(f'the JSON field "source" must be text or asr, not {src!r}')
            words = item.get("words")
            if words is not None and not (
                isinstance(words, list) and all(isinstance(w, dict) for w in words)
            ):
                raise LineError('the JSON field "words" must be a list of {"word", "conf"}')
            verdict = run(turn, exp, said, src, words)
            out = {**_safe(item), **verdict.as_dict(ui)}
        except (LineError, TrainerError) as exc:
            failed += 1
            out = {**_safe(item), "line": number, "error": str(exc)}
        except RecursionError:
            failed += 1
            out = {"line": number, "error": f"line {number} is nested too deeply to score"}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return failed
