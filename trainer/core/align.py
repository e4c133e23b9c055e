"""Align a reply against a standard phrase on phonetic keys and list the miscues.

The alignment is rapidfuzz's Levenshtein opcodes over the interned key strings, so a
homophone (same key, other character) aligns as a match. Each expected unit gets a credit:
1 for a match (homophone or not), a language's near-miss credit for a substitution that
almost sounds right (Korean: one jamo off), 0 for an omission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

EQUAL = "equal"
HOMOPHONE = "homophone"
OMISSION = "omission"
INSERTION = "insertion"
SUBSTITUTION = "substitution"


@dataclass(frozen=True)
class Piece:
    """One stretch of the diff drawn on screen: what the phrase has and what was said."""

    kind: str  # equal | homophone | omission | insertion | substitution
    expected: str
    said: str
    position: int  # index of the first expected unit (insertions: where they fall)


@dataclass(frozen=True)
class Alignment:
    pieces: tuple[Piece, ...]
    credits: tuple[float, ...]  # one per expected unit
    inserted: int  # reply units with no counterpart
    matched_reply: int  # reply units that matched an expected unit
    homophones: int  # matches whose characters differ
    credit: float = 0.0  # sum of the credits
    inserted_at: tuple[tuple[int, int], ...] = ()  # reply unit ranges with no counterpart
    omitted_at: tuple[tuple[int, int], ...] = ()  # phrase unit ranges nothing was said for
    matched_at: tuple[tuple[int, int], ...] = ()  # reply unit ranges that line up with the phrase


def align(
    exp_units: tuple[str, ...],
    exp_keys: str,
    got_units: tuple[str, ...],
    got_keys: str,
    near: Callable[[str, str], float],
    joiner: str = "",
) -> Alignment:
    credits = [0.0] * len(exp_keys)
    pieces: list[Piece] = []
    inserted = matched = homophones = 0
    inserted_at: list[tuple[int, int]] = []
    omitted_at: list[tuple[int, int]] = []
    matched_at: list[tuple[int, int]] = []
    for op in Levenshtein.opcodes(exp_keys, got_keys):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            for k in range(i1, i2):
                credits[k] = 1.0
            matched += i2 - i1
            matched_at.append((j1, j2))
            if exp_units[i1:i2] == got_units[j1:j2]:
                pieces.append(
                    Piece(EQUAL, joiner.join(exp_units[i1:i2]), joiner.join(got_units[j1:j2]), i1)
                )
            else:
                homophones += _split_homophones(exp_units, got_units, i1, i2, j1, joiner, pieces)
        elif tag == "delete":
            pieces.append(Piece(OMISSION, joiner.join(exp_units[i1:i2]), "", i1))
            omitted_at.append((i1, i2))
        elif tag == "insert":
            inserted += j2 - j1
            inserted_at.append((j1, j2))
            pieces.append(Piece(INSERTION, "", joiner.join(got_units[j1:j2]), i1))
        else:  # replace
            for k in range(min(i2 - i1, j2 - j1)):
                credits[i1 + k] = near(exp_units[i1 + k], got_units[j1 + k])
            inserted += max(0, (j2 - j1) - (i2 - i1))
            if j2 - j1 > i2 - i1:
                inserted_at.append((j1 + (i2 - i1), j2))
            pieces.append(
                Piece(
                    SUBSTITUTION,
                    joiner.join(exp_units[i1:i2]),
                    joiner.join(got_units[j1:j2]),
                    i1,
                )
            )
    return Alignment(
        tuple(pieces),
        tuple(credits),
        inserted,
        matched,
        homophones,
        sum(credits),
        tuple(inserted_at),
        tuple(omitted_at),
        tuple(matched_at),
    )


def _split_homophones(
    exp_units: tuple[str, ...],
    got_units: tuple[str, ...],
    i1: int,
    i2: int,
    j1: int,
    joiner: str,
    pieces: list[Piece],
) -> int:
    """Split a run of matching keys into exact and homophone stretches for the diff."""
    homophones = 0
    start = 0
    for k in range(i2 - i1 + 1):
        boundary = k == i2 - i1 or (
            (exp_units[i1 + k] == got_units[j1 + k])
            != (exp_units[i1 + start] == got_units[j1 + start])
        )
        if boundary and k > start:
            same = exp_units[i1 + start] == got_units[j1 + start]
            if not same:
                homophones += k - start
            pieces.append(
                Piece(
                    EQUAL if same else HOMOPHONE,
                    joiner.join(exp_units[i1 + start : i1 + k]),
                    joiner.join(got_units[j1 + start : j1 + k]),
                    i1 + start,
                )
            )
            start = k
    return homophones
