"""Seed a real SQLite repository (under the test's TRAINER_HOME) with trainees, calls and
attempts for the supervisor screens, and a bare app that opens one screen."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from tests.storage_support import FakePack, tone
from trainer.core.scoring import score_expected
from trainer.storage import Repository, open_repository
from trainer.storage.schema import attempts, calls

EXPECTED = "您好，宇和物业客户服务中心，请讲"
SHORT = "您好，物业，请讲"
WRONG = "喂，什么事"
PIN = "482613"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


class PlayerSpy:
    """Stands in for the speaker: records what it was asked to play."""

    def __init__(self) -> None:
        self.played: list[Path] = []
        self.stopped = 0

    def play_file(self, path: Path, *, wait: bool = False) -> None:
        self.played.append(Path(path))

    def stop(self) -> None:
        self.stopped += 1


def open_repo() -> Repository:
    return open_repository()  # the test's TRAINER_HOME


def add_attempt(
    repo: Repository,
    trainee: str,
    reply: str,
    *,
    when: datetime,
    scenario: str = "transfer",
    turn: str = "phone.answer",
    mode: str = "practice",
    cohort: str | None = "2026-11",
    audio: bool = True,
) -> tuple[int, int]:
    """One ended call with one attempt, started at ``when``; returns (call id, attempt id)."""
    person = repo.ensure_trainee(trainee, cohort=cohort)
    call_id = repo.start_call(person.id, pack=FakePack(), scenario_id=scenario, mode=mode)
    verdict = score_expected(reply, EXPECTED, "zh")
    saved = repo.record_attempt(
        call_id, turn_id=turn, step_index=0, transcript=reply, verdict=verdict,
        audio=tone(0.2) if audio else None,
    )  # fmt: skip
    repo.end_call(call_id, total_score=verdict.score, passed=verdict.passed)
    with repo.db.engine.begin() as conn:
        conn.execute(update(attempts).where(attempts.c.id == saved.id).values(created_at=when))
        conn.execute(update(calls).where(calls.c.id == call_id).values(started_at=when))
    return call_id, saved.id


def seed(repo: Repository) -> dict[str, int]:
    """Three trainees over two weeks: Kim improving, Lee strong, Park struggling."""
    ids: dict[str, int] = {}
    replies = {
        "Kim Minji": [WRONG, SHORT, SHORT, EXPECTED, EXPECTED],
        "Lee Minho": [EXPECTED, EXPECTED, SHORT],
        "Park Jisoo": [WRONG, WRONG],
    }
    for n, (name, said) in enumerate(replies.items()):
        for i, reply in enumerate(said):
            scenario = "transfer" if i % 2 == 0 else "pardon"
            turn = "phone.answer" if i % 2 == 0 else "reception.pardon"
            when = START + timedelta(days=2 * i, hours=n)
            _, attempt_id = add_attempt(repo, name, reply, when=when, scenario=scenario, turn=turn)
            ids[f"{name}/{i}"] = attempt_id
    repo.add_supervisor("Lee Supervisor", PIN)
    return ids


class ScreenApp(App[None]):
    """A bare app that opens the screen it is given, as the home screen would."""

    def __init__(self, make: Callable[[], Screen[Any]], ui: str = "en") -> None:
        super().__init__()
        self.make = make
        self.ui = ui  # the interface language, as the trainer app has it

    def on_mount(self) -> None:
        self.push_screen(self.make())


def pilot_test(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test in its own event loop (no async pytest plugin needed)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
