"""`trainer pack import` with hostile ids and inputs: nothing is written outside --out, and a
device, a FIFO, a binary file or an --out that is a file give one clear line, never a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SHARED
from trainer.cli import cli


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def one_line(r: Result, *words: str) -> None:
    assert r.exit_code == 2, (r.output, r.exception)
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    for word in words:
        assert word in r.stderr, r.stderr


@pytest.fixture
def rulebook(tmp_path: Path) -> Path:
    seed = SHARED / "seed" / "000_719b967ae0312b78.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not present")
    return seed


@pytest.mark.parametrize("pack_id", ["../../x", "/abs", "..", ".hidden", "a/b", ""])
def test_an_id_that_is_not_a_folder_name_writes_nothing(
    pack_id: str, rulebook: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "deep"
    out.mkdir(parents=True)
    before = sorted(p for p in tmp_path.rglob("*"))
    one_line(run("pack", "import", rulebook, "--id", pack_id, "--out", out), "is not a pack id")
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not Path("/abs").exists()


def test_a_plain_id_writes_inside_out(rulebook: Path, tmp_path: Path) -> None:
    r = run("pack", "import", rulebook, "--id", "my-pack", "--out", tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "my-pack" / "pack.yaml").is_file()


@pytest.mark.parametrize("kind", ["device", "fifo", "binary", "out-is-a-file"])
def test_bad_inputs_give_one_line(kind: str, rulebook: Path, tmp_path: Path) -> None:
    source, out = rulebook, tmp_path / "out"
    if kind == "device":
        source = Path("/dev/zero")
    elif kind == "fifo":
        source = tmp_path / "rulebook.fifo"
        os.mkfifo(source)
    elif kind == "binary":
        source = tmp_path / "rulebook.bin"
        source.write_bytes(b"\xff\xfe\x00\x81" * 100)
    else:
        out = tmp_path / "a-file"
        out.write_text("taken")
    words = {"device": "not a regular file", "fifo": "not a regular file",
             "binary": "not UTF-8", "out-is-a-file": "cannot write"}[kind]  # fmt: skip
    one_line(run("pack", "import", source, "--out", out), words)
