"""One seat of a training room, as a separate process: the real trainer app (fake microphone,
recogniser and speaker; the real database named by TRAINER_DB, recordings under this seat's
own TRAINER_HOME) where each trainee named sits their assigned exam, one after the other.

    python -m tests.room_seat --voice "Lee Minho"
    python -m tests.room_seat "Kim Minji" "Park Jisoo"      # typed replies

Prints one line per finished call: ``<trainee> <scenario>``; exits 0 when every sitting is
done."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from textual.widgets import Input

from tests.tui import fakes
from tests.tui.helpers import ready, until
from trainer.core.session import Phase
from trainer.tui.app import TrainerApp
from trainer.tui.screens.call import CallScreen
from trainer.tui.screens.home import HomeScreen
from trainer.tui.screens.results import ResultsScreen

REPLY = "您好！宇和物业管理客户服务中心，请讲。"
SPOKEN = "您好宇和物业管理客户服务中心请讲"


async def sit(app: Any, pilot: Any, trainee: str, voice: bool) -> None:
    await until(pilot, lambda: trainee in app.trainees, timeout=60)
    home = app.screen
    home.query_one("#trainees").highlighted = app.trainees.index(trainee)
    await until(pilot, lambda: app.trainee == trainee)
    await until(pilot, lambda: any(a.can_sit for a in app.assigned), timeout=30)
    await pilot.press("e")
    while True:
        await until(pilot, lambda: isinstance(app.screen, CallScreen | HomeScreen), timeout=30)
        if isinstance(app.screen, HomeScreen):
            return
        await until(pilot, lambda: bool(app.screen.query("#reply")), timeout=30)
        call = app.screen
        box = call.query_one("#reply", Input)
        await pilot.press("space")  # spoken: the call may be over before this returns

        def my_turn_or_done(call: Any = call, box: Input = box) -> bool:
            if isinstance(app.screen, ResultsScreen):
                return True
            return not voice and call.call.phase is Phase.TRAINEE and not box.disabled

        first = True
        while True:  # every step the call takes (spoken: the call runs by itself)
            await until(pilot, my_turn_or_done, timeout=60)
            if isinstance(app.screen, ResultsScreen):
                break
            if first:  # a trainee thinks before the first answer: longer than the room
                await asyncio.sleep(2.5)  # view's 2-second refresh, so it sees the call live
                first = False
            box.value = REPLY
            await pilot.press("enter")
            await pilot.pause()
        print(trainee, call.scenario.id, flush=True)
        await asyncio.sleep(0.5)  # a beat, so a room view can see the call between calls
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ResultsScreen), timeout=30)


async def main(trainees: list[str], voice: bool) -> None:
    services = fakes.services(replies=[SPOKEN] * 40, microphone=voice)
    app = TrainerApp(services, ui="zh")
    async with app.run_test(size=(120, 45)) as pilot:
        await ready(pilot)
        if voice:
            await until(pilot, lambda: app.reply_by == "voice", timeout=30)
        for trainee in trainees:
            await sit(app, pilot, trainee, voice)
        saving = lambda: [w for w in app.workers if w.group == "db" and not w.is_finished]  # noqa: E731
        await until(pilot, lambda: not saving(), timeout=60)  # every call is in the database


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("trainees", nargs="+")
    parser.add_argument("--voice", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.trainees, args.voice))
