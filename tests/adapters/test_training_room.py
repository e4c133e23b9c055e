"""A training room on one real PostgreSQL database, end to end, the way a manager runs it.

A supervisor (the CLI) adds a cohort of three trainees and an exam of three scenarios with a
due date. Two seats, each a separate process running the real app with its own recordings
folder, have the trainees sit it (typed replies at one seat, spoken at the other). Meanwhile a
third app, the supervisor's, watches the live room view fill in; then releases the results,
replays a recording made at another seat, overrides one turn with a comment, and exports a
Chinese HTML report, whose screenshot in headless Chromium shows Chinese text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input

from tests.adapters.test_report_chromium import CHROMIUM, glyph_cells
from tests.conftest import ROOT
from tests.storage_support import fresh_postgres_database
from tests.tui import fakes
from tests.tui.helpers import pilot_test, ready, screen_text, until
from tests.tui.supervision_support import PlayerSpy
from trainer.storage import open_repository
from trainer.supervision import ReviewFilter, Supervision
from trainer.tui.app import TrainerApp
from trainer.tui.screens.attempt import AttemptScreen, OverrideScreen
from trainer.tui.screens.exam_list import ExamListScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.pin import PinScreen
from trainer.tui.screens.review import ReviewScreen
from trainer.tui.screens.room import RoomScreen

PIN = "482613"
EXAM = "十一月考核"
COHORT = ("Kim Minji", "Lee Minho", "Park Jisoo")


def trainer(*args: str, env: dict[str, str], input: str | None = None) -> str:
    done = subprocess.run([sys.executable, "-m", "trainer", *args], cwd=ROOT, env=env,
                          input=input, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


def seat(home: Path, env: dict[str, str], *trainees: str, voice: bool = False) -> Any:
    home.mkdir()
    args = [sys.executable, "-m", "tests.room_seat", *trainees] + (["--voice"] if voice else [])
    return subprocess.Popen(args, cwd=ROOT, env={**env, "TRAINER_HOME": str(home)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def finish(proc: Any) -> str:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    return out


async def sign_in(pilot: Any) -> None:
    app: Any = pilot.app
    await until(pilot, lambda: isinstance(app.screen, PinScreen))
    app.screen.query_one("#pin-name", Input).value = "Lee Supervisor"
    app.screen.query_one("#pin-code", Input).value = PIN
    app.screen.query_one("#pin-code", Input).focus()
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, PinScreen))


@pilot_test
async def test_a_training_room_on_postgresql(tmp_path: Path, monkeypatch: Any) -> None:
    url = fresh_postgres_database()
    env = {**os.environ, "TRAINER_DB": url, "TRAINER_HOME": str(tmp_path / "office")}
    # 1. the cohort and the exam, from the command line
    trainer("supervisor", "add", "Lee Supervisor", env=env, input=f"{PIN}\n{PIN}\n")
    for name in COHORT:
        trainer("trainee", "add", name, "--cohort", "2026-11", env=env)
    trainer("exam", "create", EXAM, "--pack", "property-zh", "--scenario", "transfer",
            "--scenario", "pardon", "--scenario", "not-at-desk", "--due", "2099-12-31",
            "--cohort", "2026-11", "--supervisor", "Lee Supervisor", env=env,
            input=f"{PIN}\n")  # fmt: skip
    assert "due 2099-12-31\tsittings 1\t[2026-11]\topen" in trainer("exam", "list", env=env)

    # 2. the supervisor's seat: the live room view while two other seats sit the exam
    monkeypatch.setenv("TRAINER_DB", url)
    player = PlayerSpy()
    app = TrainerApp(fakes.services(microphone=False, player=player), ui="zh")
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await sign_in(pilot)
        assert isinstance(app.screen, RoomScreen)
        typed = seat(tmp_path / "seat-a", env, "Kim Minji", "Park Jisoo")
        spoken = seat(tmp_path / "seat-b", env, "Lee Minho", voice=True)
        seen: set[tuple[str, str, bool, str]] = set()

        def everyone_done() -> bool:
            for proc in (typed, spoken):
                if proc.poll():  # a seat that failed says why, at once
                    raise AssertionError(proc.stderr.read()[-3000:])
            for s in app.screen.seats:
                seen.add((s.trainee, s.scenario, s.in_call, f"{s.passed}/{s.turns}"))
            done = {s.trainee for s in app.screen.seats if s.scenario == "not-at-desk"
                    and not s.in_call}  # fmt: skip
            return done == set(COHORT)

        await until(pilot, everyone_done, timeout=300)
        finish(typed), finish(spoken)
        assert any(in_call for _, _, in_call, _ in seen)  # seen live, mid-call
        assert len({(t, s) for t, s, _, _ in seen}) > len(COHORT)  # and call after call
        assert "培训室" in screen_text(app) and "Lee Minho" in screen_text(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))

        # 3. release the results (signed in once: no second PIN)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ExamListScreen))
        await until(pilot, lambda: EXAM in screen_text(app))
        await pilot.press("r")
        await until(pilot, lambda: "不能撤回" in screen_text(app))  # asked first
        await pilot.press("enter")
        await until(pilot, lambda: "已发布" in screen_text(app))
        await pilot.press("escape")

        # 4. replay Lee's recording (made at seat B) and override one turn with a comment
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        with open_repository(url) as repo:  # every turn of every seat (a branch may add turns)
            stored = len(repo.attempt_rows())
        assert stored >= 24  # 3 trainees x at least 8 turns
        await until(pilot, lambda: len(review.rows) == stored)
        target = next(r for r in review.rows if r.trainee == "Lee Minho")
        table = review.query_one("#attempts", DataTable)
        table.move_cursor(row=review.rows.index(target))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AttemptScreen))
        await until(pilot, lambda: app.screen.detail is not None)
        await pilot.press("p")
        await until(pilot, lambda: player.played)
        replayed = player.played[0]
        assert replayed.is_file() and replayed.read_bytes()[:4] == b"fLaC"
        # a copy from the database, in this seat's own recordings folder
        assert replayed.is_relative_to(Path(os.environ["TRAINER_HOME"]))
        assert not list((tmp_path / "seat-a").rglob("*.flac"))  # typed replies: no sound
        assert list((tmp_path / "seat-b").rglob("*.flac"))  # made at the other seat
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, OverrideScreen))
        app.screen.query_one("#override-score", Input).value = "55"
        app.screen.query_one("#override-comment", Input).value = "语气生硬，扣分"
        app.screen.query_one("#override-comment", Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, AttemptScreen))
        await until(pilot, lambda: "语气生硬，扣分" in screen_text(app))

    with open_repository(url) as repo:
        service = Supervision(repo)
        rows = service.review_rows(ReviewFilter(trainee="Lee Minho"), for_trainee=True)
        every = service.review_rows(ReviewFilter(trainee="Lee Minho"))
        assert len(rows) == len(every) >= 8 and all(r.mode == "exam" for r in rows)  # released
        changed = [r for r in rows if r.overridden]
        assert [(r.attempt_id, r.score, r.passed) for r in changed] == [
            (target.attempt_id, 55.0, False)
        ]
        assert {c.trainee: c.sat for c in service.completion(service.exam(EXAM))} == {
            name: True for name in COHORT
        }

    # 5. the Chinese HTML report, rendered in headless Chromium
    out = tmp_path / "report.html"
    trainer("report", "--exam", EXAM, "--ui", "zh", "--out", str(out), env=env)
    page = out.read_text(encoding="utf-8")
    assert "<h1>考试：十一月考核</h1>" in page and "语气生硬，扣分" in page
    if CHROMIUM is None:
        pytest.skip("chromium is not installed: the report's Chinese was not rendered")
    glyphs = "考试十一月核"
    probe = "".join(
        f'<div style="position:absolute;top:0;left:{i * 64}px;width:64px;height:64px;'
        f'font-size:48px;line-height:64px;text-align:center;background:#fff;z-index:9">{g}</div>'
        for i, g in enumerate(glyphs)
    )
    probed = tmp_path / "probe.html"
    probed.write_text(page.replace("</body>", probe + "</body>"), encoding="utf-8")
    ink, alike = glyph_cells(probed, tmp_path / "shot")
    assert min(ink) > 60 and not alike
