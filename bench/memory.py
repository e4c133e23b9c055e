"""Resident memory of the app during a voice call, against the speech model's own.

    uv run python bench/memory.py

Two fresh processes, each measured from /proc/self/status:
- model: a bare Python that loads the Korean Vosk model and decodes one clip with it (what the
  model itself costs, with one live recogniser);
- app: the trainer app, headless, with the real recorder and model: a voice call in which a
  real Korean clip is played into the null-sink microphone (.ci/pulse.sh) and scored.

Prints both (resident now and peak) and the difference. Goal: the app <= model + 120 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL_MB = 120.0
CLIP = "pfi-pfi00016"


def memory() -> dict[str, float]:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def child_model(out: str) -> None:
    from tests import ko_speech
    from trainer.asr.models import find_model
    from trainer.asr.vosk import VoskModel
    from trainer.audio.files import read_audio
    from trainer.practice import transcribe

    model = VoskModel(find_model("ko").path, "ko")
    transcribe(read_audio(ko_speech.clip_path(CLIP)), model.transcriber())
    Path(out).write_text(json.dumps(memory()))


def child_app(out: str) -> None:
    from tests import ko_speech
    from trainer.tui.app import TrainerApp
    from trainer.tui.services import Services

    ko_speech.write_pack(Path(os.environ["TRAINER_HOME"]), [CLIP])

    async def drive(pilot: Any) -> None:
        import asyncio

        app: Any = pilot.app

        async def until(check: Any, timeout: float = 120.0) -> None:
            deadline = time.monotonic() + timeout
            while not check():
                if time.monotonic() > deadline:
                    shown = [str(w.render()) for w in app.screen.query("Static")]
                    raise SystemExit(f"timed out; status {app.status}, screen: {shown}")
                await asyncio.sleep(0.05)

        await until(lambda: any(p.id == "speech-ko" for p in app.packs))
        pack = next(p for p in app.packs if p.id == "speech-ko")
        app.choose_pack(pack)
        await until(lambda: app.status.model == "ready" and app.status.db == "ready")
        app.trainee = "bench"
        app.start_call(pack.scenario("all"), "practice", pack)
        await until(lambda: getattr(app.screen, "call", None) is not None)
        await pilot.press("space")
        call = app.screen
        await until(lambda: "🎤" in str(call.query_one("#turn-prompt").render()))
        player = ko_speech.play(CLIP)
        await until(lambda: call.call.attempts, timeout=60)
        player.wait()
        Path(out).write_text(json.dumps({**memory(), "reply": call.call.attempts[0].reply}))
        app.exit()

    TrainerApp(Services.production(), ui="en").run(headless=True, auto_pilot=drive, size=(120, 40))


def run_child(kind: str, env: dict[str, str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as home:
        out = Path(home) / "out.json"
        child_env = {**env, "TRAINER_HOME": home}
        subprocess.run(
            [sys.executable, __file__, "--child", kind, "--out", str(out)],
            env=child_env, check=True, timeout=600,
        )  # fmt: skip
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description="App memory in a voice call vs the model's.")
    parser.add_argument("--child", choices=["model", "app"])
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child == "model":
        child_model(args.out)
        return
    if args.child == "app":
        child_app(args.out)
        return

    from tests import ko_speech

    if ko_speech.missing():
        raise SystemExit(ko_speech.missing())
    done = subprocess.run(["bash", str(ROOT / ".ci" / "pulse.sh")], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f".ci/pulse.sh failed: {done.stderr.strip()}")
    env = {**os.environ, "PULSE_SERVER": done.stdout.strip().splitlines()[-1]}
    model = run_child("model", env)
    app = run_child("app", env)
    print(f"model alone: {model['VmRSS']:7.1f} MB resident (peak {model['VmHWM']:.1f})")
    print(f"app in call: {app['VmRSS']:7.1f} MB resident (peak {app['VmHWM']:.1f}); "
          f"heard: {app['reply']}")  # fmt: skip
    extra = app["VmRSS"] - model["VmRSS"]
    peak = app["VmHWM"] - model["VmHWM"]
    print(f"app - model: {extra:+.1f} MB resident, {peak:+.1f} MB at peak "
          f"({app['VmRSS'] / model['VmRSS']:.2f}x)")  # fmt: skip
    print(f"goal: app <= model + {GOAL_MB:g} MB: {'met' if extra <= GOAL_MB else 'NOT met'}")


if __name__ == "__main__":
    main()
