"""``trainer trainee set``, ``trainer exam ...`` and ``trainer report --ui``, through click's
CliRunner against a SQLite file under TRAINER_HOME, with exam sittings recorded in between."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.exam_support import PIN, sit
from trainer.cli import cli
from trainer.storage import open_repository
from trainer.supervision import ReviewFilter, Supervision


@pytest.fixture(autouse=True)
def restore_trainer_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_DB", "")


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def ok(*args: str, input: str | None = None) -> str:
    result = run(*args, input=input)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def test_a_cohort_is_set_at_add_time_and_changed() -> None:
    ok("trainee", "add", "Kim Minji", "--cohort", "2026-11")
    assert ok("trainee", "set", "Kim Minji", "--cohort", "2026-12") == (
        "trainee Kim Minji: cohort 2026-12\n"
    )
    assert ok("trainee", "list", "--cohort", "2026-12") == "Kim Minji\t2026-12\n"
    assert "cohort (none)" in ok("trainee", "set", "Kim Minji", "--cohort", "")
    missing = run("trainee", "set", "Nobody", "--cohort", "A")
    assert missing.exit_code == 2 and "no trainee called 'Nobody'" in missing.output


def cohort_with_exam() -> None:
    ok("supervisor", "add", "Lee Supervisor", input=f"{PIN}\n{PIN}\n")
    for name in ("Kim Minji", "Lee Minho", "Park Jisoo"):
        ok("trainee", "add", name, "--cohort", "2026-11")
    out = ok(
        "exam", "create", "十一月考核", "--pack", "property-zh", "--scenario", "transfer",
        "--scenario", "pardon", "--scenario", "not-at-desk", "--due", "2099-12-31",
        "--sittings", "1", "--cohort", "2026-11", "--supervisor", "Lee Supervisor",
        input=f"{PIN}\n",
    )  # fmt: skip
    assert "exam 十一月考核 created: 3 scenario(s)" in out


def test_an_exam_is_created_sat_released_and_reported_in_chinese(tmp_path: Path) -> None:
    cohort_with_exam()
    assert "due 2099-12-31\tsittings 1\t[2026-11]\topen" in ok("exam", "list")
    with open_repository() as repo:
        service = Supervision(repo)
        exam = service.exam("十一月考核")
        attempt_ids = sit(service, "Kim Minji", exam)
        assert service.review_rows(ReviewFilter(trainee="Kim Minji"), for_trainee=True) == []
        boss = service.sign_in("Lee Supervisor", PIN)
        service.override(attempt_ids[1], boss, score=70, comment="语气生硬，扣分")
    table = ok("exam", "completion", "十一月考核").splitlines()
    assert table[1:] == [
        "Kim Minji\t2026-11\t1\tyes\t90\tyes\t",
        "Lee Minho\t2026-11\t0\tno\t-\t-\t",
        "Park Jisoo\t2026-11\t0\tno\t-\t-\t",
    ]
    assert "results released" in ok(
        "exam", "release", "十一月考核", "--supervisor", "Lee Supervisor", input=f"{PIN}\n"
    )
    with open_repository() as repo:
        shown = Supervision(repo).review_rows(ReviewFilter(trainee="Kim Minji"), for_trainee=True)
        assert len(shown) == 3

    out = tmp_path / "exam.html"
    ok("report", "--exam", "十一月考核", "--ui", "zh", "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "<h1>考试：十一月考核</h1>" in page
    assert "Noto Sans CJK SC" in page  # a CJK font named, not left to chance
    assert "<td>来电找人，此人在</td><td>接听来电</td>" in page  # titles, not ids
    assert "phone.answer" not in page
    assert "考试</td>" in page  # the mode column
    assert "Lee Supervisor" in page and "语气生硬，扣分" in page  # the override: who and why
    assert "Score over time" not in page and "Attempts" not in page  # no English
    weakest = page.split('id="chart-weakest"')[1].split("</svg>")[0]
    assert "#16a34a" in weakest and "#dc2626" not in weakest  # a mean of 90 passes: green


def test_a_wrong_pin_is_refused_and_the_exam_stays_unreleased() -> None:
    cohort_with_exam()
    refused = run(
        "exam", "release", "十一月考核", "--supervisor", "Lee Supervisor", input="999999\n"
    )
    assert refused.exit_code == 2 and "wrong supervisor name or PIN" in refused.output
    assert "released" not in ok("exam", "list")
