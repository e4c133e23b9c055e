"""Make docs/call-screen.svg: the call screen with a scored reply (Textual's own screenshot).

    uv run python docs/screenshot.py

It drives the real app with the test stand-ins (no microphone, a typed reply) in a temporary
home, answers the first turn of property-zh's "transfer" call with a flawed greeting, and
saves the screen once the score card is up.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "call-screen.svg"
SIZE = (110, 32)


async def shoot() -> None:
    from tests.tui import fakes
    from tests.tui.helpers import add_trainee, type_reply
    from tests.tui.test_call import start
    from tests.tui.test_snapshots import FLAWED
    from trainer.tui.app import TrainerApp

    app = TrainerApp(fakes.services(microphone=False))
    async with app.run_test(size=SIZE) as pilot:
        await add_trainee(pilot, "李娜")
        await start(pilot)
        await pilot.press("space")
        await type_reply(pilot, FLAWED)
        await pilot.pause()
        app.save_screenshot(filename=OUT.name, path=str(OUT.parent))
    print(OUT)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as home:
        os.environ["TRAINER_HOME"] = home
        asyncio.run(shoot())
