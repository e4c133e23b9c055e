"""Cold start of the trainer app against a bare Textual app, both started the same way.

Each start is a fresh Python process running one app headless (``App.run(headless=True)``
with an auto-pilot). The parent notes the wall-clock time just before it starts the process;
the child writes the time at which its screen is interactive and exits:

- bare:    a Textual app with a header, three lines of text and a footer, once mounted;
- trainer: ``trainer``'s own imports (the CLI), then the app's home screen;
- app: the app's home screen alone (what the CLI's imports cost is the difference).

Three moments are noted: the first screen painted; the first key handled (pressed as soon
as the screen is there and its effect seen: the bare app's ``down`` changes a line, the
trainer's ``l`` switches the interface language); and the trainer's packs and scenarios
listed (for the bare app, the same as its key). The packs, the database, the microphone and
the speech model load behind the home screen, as on a real start; keys are pressed without
waiting for the app to go idle.

Starts are interleaved (the order rotates each round) in fresh temporary homes, and the
medians are compared. Goal: the trainer's home is interactive within 1.5x the bare app.

    uv run python bench/startup.py            # 7 starts of each
    uv run python bench/startup.py --runs 11
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOAL = 1.5


def _mark(path: str, **times: float) -> None:
    Path(path).write_text(json.dumps(times))


def child_bare(marker: str) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        BINDINGS = [("down", "touch", "Touch"), ("q", "quit", "Quit")]
        touched = False

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Phone-script trainer", id="first")
            yield Static("A bare app: a header, three lines and a footer.")
            yield Static("Press q to quit.")
            yield Footer()

        def action_touch(self) -> None:
            self.query_one("#first", Static).update("Touched")
            self.touched = True

    async def ready(pilot: Any) -> None:
        shown = time.time()
        pressing = asyncio.create_task(pilot.press("down"))
        while not pilot.app.touched:
            await asyncio.sleep(0.002)
        key = time.time()
        _mark(marker, home=shown, key=key, scenarios=key)
        pressing.cancel()
        pilot.app.exit()

    Bare().run(headless=True, auto_pilot=ready, size=(120, 40))


def child_trainer(marker: str, with_cli: bool = True) -> None:
    if with_cli:
        import trainer.cli  # noqa: F401 - what `trainer` imports before it opens the app
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.home import HomeScreen

    async def ready(pilot: Any) -> None:
        app = pilot.app
        while not isinstance(app.screen, HomeScreen):
            await asyncio.sleep(0.002)
        shown = time.time()
        home = app.screen
        pressing = asyncio.create_task(pilot.press("l"))  # the other interface language
        while app.ui_setting is None:
            await asyncio.sleep(0.002)
        key = time.time()
        while home.scenario is None:
            await asyncio.sleep(0.002)
        _mark(marker, home=shown, key=key, scenarios=time.time())
        pressing.cancel()
        app.exit()

    TrainerApp().run(headless=True, auto_pilot=ready, size=(120, 40))


def start(kind: str, pycache: str | None) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as home:
        marker = str(Path(home) / "ready.json")
        env = {**os.environ, "TRAINER_HOME": home}
        env.pop("TRAINER_DB", None)
        if pycache is not None:  # compiled once, as in any installed package
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = pycache
        began = time.time()
        subprocess.run(
            [sys.executable, __file__, "--child", kind, marker],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        times = json.loads(Path(marker).read_text())
        return {name: at - began for name, at in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="compile every module on every start (as with PYTHONDONTWRITEBYTECODE=1)",
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "MARKER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, marker = args.child
        if kind == "bare":
            child_bare(marker)
        else:
            child_trainer(marker, with_cli=kind == "trainer")
        return

    with tempfile.TemporaryDirectory(prefix="trainer-bench-pycache-") as folder:
        pycache = None if args.no_bytecode_cache else folder
        samples = measure(args.runs, pycache)
    report(samples, args.runs, pycache is not None)


def measure(runs: int, pycache: str | None) -> dict[str, list[dict[str, float]]]:
    kinds = ("bare", "trainer", "app")
    samples: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for kind in kinds:
        start(kind, pycache)  # fills the file and bytecode caches; not counted
    for i in range(runs):
        for kind in kinds[i % 3 :] + kinds[: i % 3]:
            samples[kind].append(start(kind, pycache))
    return samples


def report(samples: dict[str, list[dict[str, float]]], runs: int, cached: bool) -> None:
    def median(kind: str, what: str) -> float:
        return statistics.median(s[what] for s in samples[kind])

    bytecode = "bytecode cached" if cached else "every module compiled on each start"
    print(f"{runs} cold starts of each ({bytecode}), interleaved; medians (wall clock, seconds)")
    print(f"  {'':34} {'bare':>7} {'trainer':>8}  ratio  {'app':>7}  ratio")
    rows = (
        ("home", "first screen painted"),
        ("key", "first key handled (interactive)"),
        ("scenarios", "packs and scenarios listed"),
    )
    for what, label in rows:
        bare, ours, app = median("bare", what), median("trainer", what), median("app", what)
        print(
            f"  {label:34} {bare:7.3f} {ours:8.3f}  {ours / bare:.2f}x {app:7.3f}  {app / bare:.2f}x"
        )
    for kind, label in (
        ("trainer", "`trainer` (CLI imports, then the app)"),
        ("app", "the app alone"),
    ):
        ratio = median(kind, "key") / median("bare", "key")
        verdict = "within" if ratio <= GOAL else "over"
        print(f"interactive home, {label}: {ratio:.2f}x the bare app, {verdict} the {GOAL}x goal")
    print("all starts, first key handled (s):")
    for kind in samples:
        print(f"  {kind:8} " + " ".join(f"{s['key']:.3f}" for s in samples[kind]))


if __name__ == "__main__":
    main()
