"""Where `transcribe` and `score-audio` put their results: one row a file, written the moment
that file is done (a long batch that stops half way keeps what it finished).

Lines (text or JSON) go to stdout and are flushed per row. A CSV table is written to a
temporary name beside its destination, flushed per row, and renamed when the batch ends, so
the destination never holds half a table; if the disk fills, what was not written is printed
as JSON lines instead and the run ends with exit 1: no score is lost. File names that are not
UTF-8 are shown with their odd bytes escaped; CSV cells that a spreadsheet would run as a
formula are written as text.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def shown(path: Path | str) -> str:
    """A path as text that any terminal and any JSON reader takes (odd bytes as \\xNN)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def inert(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text that looks like a formula gets a quote."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


class Lines:
    """Each row as one line on stdout: ``fmt(row)``, or the row as JSON."""

    def __init__(self, fmt: Callable[[dict[str, Any]], str] | None = None) -> None:
        self.fmt = fmt
        self.failed = False

    def write(self, row: dict[str, Any]) -> None:
        line = self.fmt(row) if self.fmt else json.dumps(row, ensure_ascii=False)
        click.echo(line)
        sys.stdout.flush()

    def close(self) -> None:
        pass


class CsvTable:
    """A CSV file (UTF-8 with a byte-order mark, owner-only) written row by row."""

    def __init__(self, path: Path, columns: Sequence[str]) -> None:
        self.path, self.columns = path, list(columns)
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        self.failed = False
        self.rows: list[dict[str, Any]] = []  # small: kept so that a full disk loses nothing
        self._fh: Any = None
        try:
            fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            self._fh = open(fd, "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
            self._writer = csv.writer(self._fh)
            self._writer.writerow(self.columns)
            self._fh.flush()
        except OSError as exc:
            self._give_up(exc)

    def write(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if self.failed:
            click.echo(json.dumps(row, ensure_ascii=False))
            return
        cells = {**row, "reasons": "; ".join(row.get("reasons", []))}
        try:
            self._writer.writerow([inert(cells.get(c, "")) for c in self.columns])
            self._fh.flush()
        except OSError as exc:
            self._give_up(exc)

    def close(self) -> None:
        if self.failed:
            return
        try:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self._give_up(exc)

    def _give_up(self, exc: OSError) -> None:
        """Say so once, drop the partial file, and print every row so far as JSON lines."""
        self.failed = True
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
        self.tmp.unlink(missing_ok=True)
        click.echo(
            f"error: cannot write {shown(self.path)}: {exc.strerror or exc}; the results "
            "follow on stdout as JSON lines",
            err=True,
        )
        for row in self.rows:
            click.echo(json.dumps(row, ensure_ascii=False))
