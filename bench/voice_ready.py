"""App start -> ready for a voice reply, against a bare Python that loads the same model.

    uv run python bench/voice_ready.py [--runs 3]

Each start is a fresh process; the parent notes the wall-clock time just before starting it:
- bare: ``python -c`` that imports vosk and loads the pack's Korean model;
- app: the trainer app started as `trainer` starts it (the model of the configured pack first,
  then the interface's imports), headless, on a home whose config.toml picks the Korean pack,
  until it says voice replies are ready (speech model loaded, microphone found: the null-sink
  one of .ci/pulse.sh);
- app-late: the same without the early model load (the model waits for the packs to be read).

Starts alternate; medians are compared. Goal: app <= bare + 0.5 s.
"""

from __future__ import annotations

import argparse
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
sys.path.insert(0, str(ROOT))
GOAL = 0.5


def child_bare(out: str) -> None:
    from trainer.asr.models import find_model
    from trainer.asr.vosk import VoskModel

    VoskModel(find_model("ko").path, "ko")
    Path(out).write_text(json.dumps({"ready": time.time()}))


def child_app(out: str, preload: bool = True) -> None:
    if preload:  # as `trainer` starts: the model first, then the parser's and interface's imports
        from trainer.start import preload as start_model

        start_model()
        import trainer.cli  # noqa: F401 - the command line is parsed before the app opens
    from trainer import config
    from trainer.tui.app import TrainerApp
    from trainer.tui.services import Services

    async def wait(pilot: Any) -> None:
        import asyncio

        app: Any = pilot.app
        seen: dict[str, float] = {"home": time.time()}
        while not app.voice_ready:
            for what in ("model", "mic", "db"):
                if getattr(app.status, what) not in ("loading", "checking") and what not in seen:
                    seen[what] = time.time()
            if app.pack is not None and "packs" not in seen:
                seen["packs"] = time.time()
            await asyncio.sleep(0.01)
        Path(out).write_text(json.dumps({"ready": time.time(), **seen}))
        app.exit()

    settings = config.load()
    app = TrainerApp(Services.production(preload=preload, pack=settings.pack), settings=settings)
    app.run(headless=True, auto_pilot=wait, size=(120, 40))


def start(kind: str, env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory() as home:
        (Path(home) / "config.toml").write_text('[app]\npack = "callcentre-ko"\n')
        out = Path(home) / "out.json"
        started = time.time()
        subprocess.run(
            [sys.executable, __file__, "--child", kind, "--out", str(out)],
            env={**env, "TRAINER_HOME": home}, check=True, timeout=300,
        )  # fmt: skip
        marks = json.loads(out.read_text())
        if os.environ.get("VOICE_READY_DETAIL"):
            print("   ", {k: round(v - started, 2) for k, v in marks.items()})
        took: float = marks["ready"] - started
        return took


def main() -> None:
    parser = argparse.ArgumentParser(description="Start -> voice ready, vs a bare model load.")
    parser.add_argument("--child", choices=["bare", "app", "app-late"])
    parser.add_argument("--out")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.child:
        if args.child == "app-late":
            child_app(args.out, preload=False)
        else:
            {"bare": child_bare, "app": child_app}[args.child](args.out)
        return
    done = subprocess.run(["bash", str(ROOT / ".ci" / "pulse.sh")], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f".ci/pulse.sh failed: {done.stderr.strip()}")
    env = {**os.environ, "PULSE_SERVER": done.stdout.strip().splitlines()[-1]}
    times: dict[str, list[float]] = {"bare": [], "app": [], "app-late": []}
    kinds = list(times)
    for i in range(args.runs):
        for kind in kinds[i % 3 :] + kinds[: i % 3]:
            times[kind].append(start(kind, env))
            print(f"  {kind:4} {times[kind][-1]:5.2f} s", flush=True)
    bare, app = statistics.median(times["bare"]), statistics.median(times["app"])
    late = statistics.median(times["app-late"])
    print(f"bare model load: median {bare:.2f} s; app start -> voice ready: median {app:.2f} s")
    print(f"app with the model loaded after the packs (as before): median {late:.2f} s")
    print(f"app - bare: {app - bare:+.2f} s ({app / bare:.2f}x); "
          f"goal <= +{GOAL} s: {'met' if app - bare <= GOAL else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
