"""``trainer db``, ``purge``, ``report``, ``supervisor add``, ``trainee add|list`` and the root
``--db URL`` option, through click's CliRunner against a SQLite file under TRAINER_HOME."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from sqlalchemy import update

from tests.storage_support import FakePack, tone
from trainer.cli import cli
from trainer.core.scoring import score_expected
from trainer.storage import migrate, open_repository
from trainer.storage.schema import attempts, calls


@pytest.fixture(autouse=True)
def restore_trainer_db(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--db`` sets TRAINER_DB in this process: make sure it is undone after each test."""
    monkeypatch.setenv("TRAINER_DB", "")


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def ok(*args: str, input: str | None = None) -> str:
    result = run(*args, input=input)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_trainees_are_added_and_listed() -> None:
    assert "added to cohort 2026-11" in ok("trainee", "add", "Kim Minji", "--cohort", "2026-11")
    ok("trainee", "add", "Lee Minho")
    assert ok("trainee", "list").splitlines() == ["Kim Minji\t2026-11", "Lee Minho\t"]
    assert ok("trainee", "list", "--cohort", "2026-11").splitlines() == ["Kim Minji\t2026-11"]
    again = run("trainee", "add", "Kim Minji")
    assert again.exit_code == 2
    assert again.stderr.strip() == "error: there is already a trainee called 'Kim Minji'"


def test_supervisor_add_reads_the_pin_from_stdin_without_a_terminal(trainer_home: Path) -> None:
    result = run("supervisor", "add", "Choi", input="482110\n")
    assert result.exit_code == 0, result.output
    assert "482110" not in result.output
    with open_repository() as repo:
        assert repo.verify_supervisor("Choi", "482110").name == "Choi"


def test_db_status_and_upgrade(trainer_home: Path) -> None:

    head = migrate.head_revision()
    status = ok("db", "status")
    assert f"(empty)  (pending: upgrade to {head})" in status
    assert "trainer.sqlite3" in status and str(trainer_home) in status
    assert f"upgraded schema (empty) -> {head}" in ok("db", "upgrade")
    assert f"already at schema {head}" in ok("db", "upgrade")
    ok("trainee", "add", "Kim Minji")
    status = ok("db", "status")
    assert f"schema      {head}\n" in status and "trainees    1" in status


def test_db_selects_another_database(tmp_path: Path, trainer_home: Path) -> None:
    other = tmp_path / "room.sqlite3"
    ok("--db", f"sqlite:///{other}", "trainee", "add", "Park Jisoo")
    with open_repository(f"sqlite:///{other}") as repo:
        assert [t.name for t in repo.list_trainees()] == ["Park Jisoo"]
    assert not (trainer_home / "trainer.sqlite3").exists()
    bad = run("--db", "mysql://someone@host/db", "trainee", "list")
    assert bad.exit_code == 2 and "unsupported database" in bad.stderr


def _old_and_new_attempts() -> tuple[Path, Path]:
    with open_repository() as repo:
        trainee = repo.ensure_trainee("Kim Minji", cohort="2026-11")
        paths = []
        for when in (datetime(2026, 1, 10, tzinfo=UTC), datetime(2026, 6, 10, tzinfo=UTC)):
            call_id = repo.start_call(trainee.id, pack=FakePack(), scenario_id="transfer")
            saved = repo.record_attempt(
                call_id, turn_id="phone.answer", step_index=0, transcript="您好",
                verdict=score_expected("您好", "您好", "zh"), audio=tone(1.0),
            )  # fmt: skip
            with repo.db.engine.begin() as conn:
                conn.execute(
                    update(attempts).where(attempts.c.id == saved.id).values(created_at=when)
                )
                conn.execute(update(calls).where(calls.c.id == call_id).values(started_at=when))
            assert saved.recording is not None
            paths.append(saved.recording)
    return paths[0], paths[1]


def test_purge_asks_then_removes_old_recordings() -> None:
    old, new = _old_and_new_attempts()
    declined = run("purge", "--before", "2026-03-01", input="n\n")
    assert declined.exit_code == 1 and "Remove 1 recording(s)" in declined.output
    assert old.exists()
    size = old.stat().st_size
    done = ok("purge", "--before", "2026-03-01", "--yes")
    assert f"removed 1 recording(s), freed {size / 1e6:.1f} MB" in done
    assert not old.exists() and new.exists()
    assert "deleted 1 attempt(s)" in ok("purge", "--before", "2026-03-01", "--attempts", "--yes")
    assert "nothing recorded before" in ok("purge", "--before", "2026-03-01", "--yes")


def test_report_writes_each_format_with_date_filters(tmp_path: Path) -> None:
    _old_and_new_attempts()
    out = tmp_path / "june.xlsx"
    said = ok("report", "--cohort", "--from", "2026-06-01", "--to", "2026-06-10", "--out", str(out))
    assert "全部学员，1 次通话，1 次答题" in said  # said in the report's language
    assert load_workbook(out)["答题"].max_row == 2  # a Chinese pack's report is in Chinese
    said = ok("report", "--cohort", "--ui", "en", "--out", str(out))  # unless asked otherwise
    assert "All trainees, 2 call(s), 2 attempt(s)" in said
    assert load_workbook(out)["Attempts"].max_row == 3
    csv_out = tmp_path / "kim.txt"
    ok("report", "--trainee", "Kim Minji", "--format", "csv", "--out", str(csv_out))
    assert len(csv_out.read_text(encoding="utf-8-sig").splitlines()) == 3
    html = tmp_path / "cohort.html"
    ok("report", "--cohort", "2026-11", "--to", "2026-01-10", "--out", str(html))
    assert html.read_text(encoding="utf-8").count('class="point"') == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--out", "x.csv"], "exactly one of"),
        (["--trainee", "A", "--exam", "B", "--out", "x.csv"], "exactly one of"),
        (["--cohort", "--out", "x.pdf"], "--format"),
        (["--cohort", "--from", "2026-05-01", "--to", "2026-04-01", "--out", "x.csv"], "before"),
    ],
)
def test_report_usage_errors(args: list[str], message: str) -> None:
    result = run("report", *args)
    assert result.exit_code == 2 and message in result.output


def test_report_on_an_unknown_trainee_is_an_error(tmp_path: Path) -> None:
    result = run("report", "--trainee", "Nobody", "--out", str(tmp_path / "x.csv"))
    assert result.exit_code == 2 and "no trainee called 'Nobody'" in result.stderr
    assert not (tmp_path / "x.csv").exists()
