"""A verdict as it is stored: whole (the diff's pieces included), reasons as codes with their
parameters, so a stored attempt is shown exactly as the trainee got it and in the viewer's
language, whatever the scorer does today.

Records written before reasons were codes hold English sentences; ``codes_from_text`` turns
each back into its code where a template matches (the migration does this once), and a
sentence no template matches is kept as ``stored_text``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from trainer.core.align import Piece
from trainer.core.messages import REASONS, Reason, template_code
from trainer.core.verdict import Verdict

FORMAT = 2  # records with reasons as codes and the pieces of the diff
STORED_TEXT = "stored_text"  # a sentence kept as it was written (no template matched it)


def verdict_record(verdict: Verdict) -> dict[str, Any]:
    """``verdict`` as JSON-ready data, whole."""
    return {
        "format": FORMAT,
        "score": verdict.score,
        "passed": verdict.passed,
        "reasons": [_reason(r) for r in verdict.reasons],
        "notes": [_reason(r) for r in verdict.notes],
        "matched": verdict.matched,
        "completeness": verdict.completeness,
        "accuracy": verdict.accuracy,
        "extra": verdict.extra,
        "pieces": [[p.kind, p.expected, p.said, p.position] for p in verdict.pieces],
        "fluency": verdict.fluency,
        "turn": verdict.turn,
        "keys_missing": list(verdict.keys_missing),
        "blockers": list(verdict.blockers),
        "scorer_version": verdict.scorer_version,
    }


def stored_verdict(record: Mapping[str, Any]) -> Verdict | None:
    """The verdict a record holds; None for a record kept before verdicts were stored whole."""
    if record.get("format") != FORMAT:
        return None
    return Verdict(
        score=float(record["score"]),
        passed=bool(record["passed"]),
        reasons=tuple(_from(r) for r in record.get("reasons", [])),
        matched=str(record.get("matched", "")),
        completeness=float(record.get("completeness", 0.0)),
        accuracy=float(record.get("accuracy", 0.0)),
        extra=int(record.get("extra", 0)),
        pieces=tuple(Piece(str(k), str(e), str(s), int(p)) for k, e, s, p in record["pieces"]),
        fluency=record.get("fluency"),
        turn=str(record.get("turn", "")),
        keys_missing=tuple(record.get("keys_missing", ())),
        blockers=tuple(record.get("blockers", ())),
        scorer_version=str(record.get("scorer_version", "")),
        notes=tuple(_from(r) for r in record.get("notes", [])),
    )


def reason_texts(record: Mapping[str, Any], ui: str, part: str = "reasons") -> list[str]:
    """The stored reasons (or ``notes``) of a record in the viewer's language."""
    out = []
    for item in record.get(part, []):
        out.append(_from(item).text(ui) if isinstance(item, Mapping) else str(item))
    return out


def codes_from_text(text: str) -> dict[str, Any]:
    """The code and parameters of an English reason sentence (``stored_text`` when none)."""
    for code, pattern, numeric in _patterns():
        found = pattern.fullmatch(text)
        if found:
            args = {k: _number(v) if k in numeric else v for k, v in found.groupdict().items()}
            return {"code": code, "args": args, "points": 0.0}
    return {"code": STORED_TEXT, "args": {"text": text}, "points": 0.0}


def _reason(r: Reason) -> dict[str, Any]:
    return {"code": r.code, "args": dict(r.args), "points": r.points}


def _from(item: Mapping[str, Any]) -> Reason:
    args = item.get("args") or {}
    if template_code(str(item.get("code"))) is None:  # a code this version does not know
        return Reason(STORED_TEXT, (("text", f"{item.get('code')} {args}"),))
    return Reason(str(item["code"]), tuple(sorted(args.items())), float(item.get("points", 0)))


@cache
def _patterns() -> list[tuple[str, re.Pattern[str], set[str]]]:
    out = []
    field = re.compile(r"\{(\w+)(:[^}]*)?\}")
    for code, template in REASONS["en"].items():
        if field.fullmatch(template):  # a bare "{text}" would match any sentence
            continue
        pattern, numeric, at = "", set(), 0
        for m in field.finditer(template):
            pattern += re.escape(template[at : m.start()]) + f"(?P<{m.group(1)}>.+?)"
            if m.group(2):
                numeric.add(m.group(1))
            at = m.end()
        pattern += re.escape(template[at:])
        out.append((code, re.compile(pattern, re.S), numeric))
    # the most specific templates first: the catch-all "{reason}" of a blocker comes last
    out.sort(key=lambda item: len(item[1].pattern), reverse=True)
    return out


def _number(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value
