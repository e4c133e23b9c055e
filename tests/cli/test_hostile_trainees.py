"""A trainee added by mistake (a name full of markup, a typo) can be renamed or removed from
the command line: removal keeps their attempts or purges them, and either is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.storage_support import FakePack, tone
from trainer.cli import cli
from trainer.core.scoring import score_expected
from trainer.storage import open_repository


@pytest.fixture(autouse=True)
def default_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_DB", "")


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def one_call(name: str) -> Path:
    """A call with one recorded attempt for ``name``; returns the recording's path."""
    with open_repository() as repo:
        person = repo.ensure_trainee(name, cohort="A")
        call_id = repo.start_call(person.id, pack=FakePack(), scenario_id="s", mode="practice")
        verdict = score_expected("您好", "您好，请讲", "zh")
        saved = repo.record_attempt(
            call_id, turn_id="t", step_index=0, transcript="您好", verdict=verdict, audio=tone(0.1)
        )
        repo.end_call(call_id, total_score=verdict.score, passed=verdict.passed)
    assert saved.recording is not None and saved.recording.exists()
    return saved.recording


def test_a_markup_name_is_renamed_and_its_history_follows() -> None:
    recording = one_call("[/]")
    result = run("trainee", "rename", "[/]", "Kim Minji")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "trainee [/] is now Kim Minji"
    assert run("trainee", "list").output.splitlines() == ["Kim Minji\tA"]
    with open_repository() as repo:
        assert len(repo.attempt_rows(trainee="Kim Minji")) == 1
        entry = repo.audit_entries(1)[0]
        assert entry["action"] == "trainee.rename"
        assert entry["detail"] == {"old": "[/]", "new": "Kim Minji"}
    assert recording.exists()


def test_rename_to_a_taken_name_or_from_an_unknown_one_is_one_line() -> None:
    run("trainee", "add", "Kim")
    run("trainee", "add", "Lee")
    taken = run("trainee", "rename", "Kim", "Lee")
    assert taken.exit_code == 2
    assert taken.stderr.strip() == "error: there is already a trainee called 'Lee'"
    missing = run("trainee", "rename", "Nobody", "X")
    assert missing.exit_code == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert "no trainee called 'Nobody'" in missing.stderr


def test_remove_keeps_the_attempts_by_default() -> None:
    recording = one_call("[@click=app.quit]x[/]")
    result = run("trainee", "remove", "[@click=app.quit]x[/]", "--yes")
    assert result.exit_code == 0, result.output
    assert "1 call(s) and 1 attempt(s) are kept" in result.output
    assert "no trainees yet" in run("trainee", "list").output
    with open_repository() as repo:
        assert len(repo.attempt_rows()) == 1  # still in reports and reviews
        assert repo.audit_entries(1)[0]["action"] == "trainee.remove"
    assert recording.exists()
    again = run("trainee", "add", "[@click=app.quit]x[/]")
    assert again.exit_code == 2 and "removed trainee" in again.stderr
    assert run("trainee", "rename", "[@click=app.quit]x[/]", "Old Kim").exit_code == 0
    assert run("trainee", "add", "[@click=app.quit]x[/]").exit_code == 0


def test_remove_with_purge_deletes_everything_of_theirs_and_asks_first() -> None:
    recording = one_call("Kim")
    kept = one_call("Lee")
    asked = run("trainee", "remove", "Kim", "--purge", input="n\n")
    assert asked.exit_code == 1 and recording.exists()  # declined: nothing removed
    result = run("trainee", "remove", "Kim", "--purge", input="y\n")
    assert result.exit_code == 0, result.output
    assert "removed with 1 call(s), 1 attempt(s) and 1 recording(s)" in result.output
    assert not recording.exists() and kept.exists()
    with open_repository() as repo:
        assert [r["trainee"] for r in repo.attempt_rows()] == ["Lee"]
        entry = repo.audit_entries(1)[0]
        assert entry["action"] == "trainee.remove" and entry["detail"]["purged"] is True
        assert "Kim" not in str(entry)  # the name went with the data
    unknown = run("trainee", "remove", "Kim", "--yes")
    assert unknown.exit_code == 2 and "no trainee called 'Kim'" in unknown.stderr
