"""`trainer pack check` reports a broken scenario graph with file and line; `trainer pack show`
draws a branching scenario as its steps and the edges out of each."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.unit.test_scenario_graph import GOOD
from trainer.cli import cli


def test_check_names_each_graph_problem_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "g"
    folder.mkdir()
    broken = GOOD.replace("goto: two}", "goto: three}")
    (folder / "pack.yaml").write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(cli, ["pack", "check", str(folder)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert any(
        line.startswith(f"{folder / 'pack.yaml'}:14: scenarios[0].steps[0]: step 'one' goes to "
                        "'three', which is not a step of this scenario")
        for line in lines
    ), lines  # fmt: skip
    assert any(":16: scenarios[0].steps[1]: step 'two' can never be reached" in x for x in lines)
    assert lines[-1] == "2 problem(s) found"


def test_check_passes_both_built_in_chinese_packs() -> None:
    root = Path(__file__).resolve().parents[2] / "scripts"
    result = CliRunner().invoke(
        cli, ["pack", "check", str(root / "property-zh"), str(root / "frontdesk-rules-zh")]
    )
    assert result.exit_code == 0, result.output
    assert "frontdesk-rules-zh: ok" in result.stdout


def test_show_draws_the_steps_and_edges_of_a_scenario() -> None:
    result = CliRunner().invoke(
        cli, ["pack", "show", "property-zh", "--scenario", "angry-resident"]
    )
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert lines[0] == "angry-resident: 无理、激动的业户  [phone]"
    calm = next(i for i, line in enumerate(lines) if line.lstrip().startswith("calm "))
    assert "(+2 wordings)" in lines[calm]
    assert lines[calm + 1].strip() == "[conduct] → escalate  恶言相待或推诿，业户升级投诉"
    assert lines[calm + 2].strip() == "[next] → record"
    assert any(line.strip() == "[conduct] → escalate  仍然恶言相待或推诿" for line in lines)


def test_show_lists_every_branching_scenario_of_a_pack() -> None:
    result = CliRunner().invoke(cli, ["pack", "show", "property-zh"])
    assert result.exit_code == 0
    for scenario in ("not-at-desk", "unknown-name", "angry-resident"):
        assert any(line.startswith(f"{scenario}: ") for line in result.stdout.splitlines())


def test_show_an_unknown_scenario_exits_2_with_one_line() -> None:
    result = CliRunner().invoke(cli, ["pack", "show", "property-zh", "--scenario", "nope"])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "has no scenario 'nope'" in result.stderr
