"""The reply drawn against the standard phrase it was judged on, piece by piece.

Two aligned rows: the standard phrase on top, what was said below. Omissions (said nothing)
are red, insertions (said extra) yellow, substitutions (said something else) in the accent
colour, homophones (right sound, other character) dimmed; each piece is padded to the wider
of its two halves so both rows line up, Chinese characters included.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from trainer.core.align import Piece

# (style of the standard row, style of the said row); "" = plain
STYLES: dict[str, tuple[str, str]] = {
    "equal": ("", ""),
    "homophone": ("", "dim underline"),
    "omission": ("bold $error underline", ""),
    "insertion": ("", "bold $warning"),
    "substitution": ("bold $accent strike", "bold $accent"),
}
GAP = "·"


MISCUES = ("omission", "insertion", "substitution")


def whole_units(pieces: Sequence[Piece], joiner: str = "") -> list[Piece]:
    """An insertion drawn with the miscue beside it: 不好意思 said for 对不起 is one
    substitution, not an insertion of 不 then 好意思 for 对不起."""
    out: list[Piece] = []
    for piece in pieces:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind in MISCUES
            and piece.kind in MISCUES
            and "insertion" in (last.kind, piece.kind)  # a word the aligner split
        ):
            expected = joiner.join(x for x in (last.expected, piece.expected) if x)
            said = joiner.join(x for x in (last.said, piece.said) if x)
            kind = "substitution" if expected and said else "omission" if expected else "insertion"
            out[-1] = Piece(kind, expected, said, last.position)
        else:
            out.append(piece)
    return out


def _pad(text: str, width: int, fill: str = " ") -> str:
    return text + fill * max(0, width - cell_len(text))


def word_starts(pieces: Sequence, standard: str) -> frozenset[int]:
    """Where the standard phrase's words begin, as unit positions in ``pieces``: for a
    language scored by character (Korean) whose phrases still put spaces between words.
    Empty when the phrase's characters do not line up with the pieces one for one."""
    starts, count, new_word = set(), 0, False
    for char in standard:
        if char.isspace():
            new_word = True
        elif char.isalnum():
            if new_word and count:
                starts.add(count)
            new_word, count = False, count + 1
    units = sum(len(p.expected) for p in pieces)
    return frozenset(starts) if starts and units == count else frozenset()


def _split(pieces: Sequence, starts: frozenset[int]) -> list[tuple[Any, bool]]:
    """``pieces`` cut where a word begins; each with whether a space goes before it."""
    out: list[tuple[Any, bool]] = []
    for piece in pieces:
        at, expected, said = piece.position, piece.expected, piece.said
        same = len(said) == len(expected) and piece.kind in ("equal", "homophone")
        cuts = [k for k in range(1, len(expected)) if at + k in starts] if expected else []
        if piece.kind == "omission" or same:
            for a, b in zip([0, *cuts], [*cuts, len(expected)], strict=True):
                part = replace(piece, expected=expected[a:b], said=said[a:b] if same else "")
                out.append((part, at + a in starts))
        else:
            out.append((piece, at in starts and piece.kind != "insertion"))
    return out


def diff_rows(
    pieces: Sequence, joiner: str = "", starts: frozenset[int] = frozenset()
) -> tuple[Content, Content]:
    """The standard row and the said row for ``pieces`` (``core.align.Piece``); ``starts``:
    where a space goes between words (``word_starts``)."""
    top: list[tuple[str, str] | str] = []
    bottom: list[tuple[str, str] | str] = []
    for i, (piece, spaced) in enumerate(_split(whole_units(pieces, joiner), starts)):
        sep = " " if spaced else (joiner if i else "")
        expected, said = piece.expected, piece.said
        width = max(cell_len(expected), cell_len(said), 1)
        top_style, bottom_style = STYLES.get(piece.kind, ("", ""))
        said_text = _pad("", width, GAP) if piece.kind == "omission" else _pad(said, width)
        top_text = _pad(expected, width)
        top.append(sep)
        bottom.append(sep)
        top.append((top_text, top_style) if top_style else top_text)
        bottom.append((said_text, bottom_style) if bottom_style else said_text)
    return Content.assemble(*top), Content.assemble(*bottom)


class DiffView(Static):
    """The standard phrase over the reply, each row labelled, miscues coloured."""

    DEFAULT_CSS = """
    DiffView { height: auto; padding: 0 1; }
    """

    def show(
        self, pieces: Sequence, standard: str, said: str, joiner: str = "", matched: str = ""
    ) -> None:
        """``matched``: the standard phrase as written (its word spaces are kept)."""
        starts = word_starts(pieces, matched) if matched and not joiner else frozenset()
        top, bottom = diff_rows(pieces, joiner, starts)
        label_width = max(cell_len(standard), cell_len(said)) + 2
        self.update(
            Content.assemble(
                (_pad(standard, label_width), "bold"),
                top,
                "\n",
                (_pad(said, label_width), "bold"),
                bottom,
            )  # fmt: skip
        )
