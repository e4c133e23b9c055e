"""``trainer supervisor add|list|remove|reset-pin`` and ``pack check``'s one error per fault,
with the exit codes the README gives: 0 done, 2 bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from trainer.cli import cli
from trainer.packs import pack_folders
from trainer.storage import AccessDenied, open_repository
from trainer.storage.people import MIN_PIN

PIN = "7" * MIN_PIN


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def test_a_supervisor_is_added_listed_removed_and_given_a_new_pin() -> None:
    added = run("supervisor", "add", "Lee Minho", input=f"{PIN}\n")
    assert added.exit_code == 0 and "supervisor Lee Minho added" in added.output
    assert run("supervisor", "list").output.splitlines() == ["Lee Minho"]

    removed = run("supervisor", "remove", "Lee Minho")
    assert removed.exit_code == 0
    assert run("supervisor", "list").output.splitlines() == ["Lee Minho\tremoved"]
    with open_repository() as repo, pytest.raises(AccessDenied):
        repo.verify_supervisor("Lee Minho", PIN)

    new_pin = "9" * MIN_PIN
    assert run("supervisor", "reset-pin", "Lee Minho", input=f"{new_pin}\n").exit_code == 0
    with open_repository() as repo:
        assert repo.verify_supervisor("Lee Minho", new_pin).name == "Lee Minho"
    assert run("supervisor", "list").output.splitlines() == ["Lee Minho"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("add", "Kim"), "", "no PIN given"),
        (("add", "Kim"), "1\n", f"at least {MIN_PIN} digits"),
        (("add", "   "), f"{PIN}\n", "needs a name"),
        (("add", "Lee"), f"{PIN}\n", "already a supervisor called 'Lee'"),
        (("remove", "Nobody"), None, "no supervisor called 'Nobody'"),
        (("reset-pin", "Nobody"), f"{PIN}\n", "no supervisor called 'Nobody'"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    args: tuple, stdin: str | None, message: str
) -> None:
    assert run("supervisor", "add", "Lee", input=f"{PIN}\n").exit_code == 0
    result = run("supervisor", *args, input=stdin)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Aborted" not in result.output
    assert "Traceback" not in result.output


def test_a_misspelt_variable_is_one_problem_not_a_cascade(tmp_path: Path) -> None:
    folder = tmp_path / "property-zh"
    shutil.copytree(pack_folders()["property-zh"], folder)
    pack = folder / "pack.yaml"
    text = pack.read_text("utf-8")
    assert "{company}客户服务中心" in text
    pack.write_text(text.replace("{company}客户服务中心", "{compnay}客户服务中心", 1), "utf-8")
    result = run("pack", "check", str(pack))
    assert result.exit_code == 2
    problems = [line for line in result.output.splitlines() if line.startswith(str(pack))]
    assert len(problems) == 1 and "unknown variable {compnay}" in problems[0]
    assert "unknown turn" not in result.output
