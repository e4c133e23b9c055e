"""From the last spoken word to the verdict: real Korean clips played into the null-sink
microphone (.ci/pulse.sh), heard by the real recorder and decoded live by the real model.

    uv run python bench/latency.py [--clips 8]

Each clip is played half a second after its capture starts, three ways compared on the same
clips: the live pipeline with the expected-phrase endpoint (a reply whose words already cover
the turn's phrase ends after a short pause), the live pipeline with the full silence rule only,
and a bare Vosk recogniser fed the same captured audio (its own endpoint: the moment
``AcceptWaveform`` first returns a final result after the last word, plus that decode).

The delay is measured from the moment the audio block holding the end of the last word reached
the app (the word's end from the clip's headless transcript) to the moment the verdict was
computed. Prints median and worst of each, and the ratio against bare Vosk. Goal: median
<= 0.5 s with the expected-phrase endpoint.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL = 0.5
BLOCK = 800  # samples per microphone block (50 ms)


class TimedCapture:
    """A capture that notes when each chunk reached the app."""

    def __init__(self, capture: Any):
        self.capture, self.arrivals, self.total = capture, [], 0

    def read(self, timeout: float = 1.0) -> bytes:
        chunk: bytes = self.capture.read(timeout)
        if chunk:
            self.total += len(chunk) // 2
            self.arrivals.append((self.total, time.perf_counter()))
        return chunk

    def end(self) -> bytes:
        recorded: bytes = self.capture.end()
        return recorded

    def arrival_of(self, sample: int) -> float:
        return next(t for total, t in self.arrivals if total >= sample)


def bare_vosk_delay(model: Any, samples: np.ndarray, last: int) -> float | None:
    """Seconds from sample ``last`` until a bare recogniser's first final result after it."""
    from trainer.asr.vosk import _vosk

    rec = _vosk().KaldiRecognizer(model.handle, 16000)
    pcm = np.concatenate([samples, np.zeros(16000 * 3, np.int16)]).tobytes()
    for i in range(0, len(pcm), BLOCK * 2):
        started = time.perf_counter()
        final = rec.AcceptWaveform(pcm[i : i + BLOCK * 2])
        took = time.perf_counter() - started
        end = (i + BLOCK * 2) // 2
        if final and end > last and json.loads(rec.Result()).get("text"):
            return (end - last) / 16000 + took
    return None


def one(mic: Any, model: Any, name: str, covers: Any, turn: str, scorer: Any) -> dict[str, Any]:
    from tests.ko_speech import play
    from trainer.core.scoring import asr_channel
    from trainer.live import listen_reply

    capture = TimedCapture(mic.capture())
    player: list[subprocess.Popen[bytes]] = []
    timer = threading.Timer(0.5, lambda: player.append(play(name)))
    timer.start()
    heard = [0.0]
    reply = listen_reply(
        capture, model.transcriber(), "ko", silence_after=10.0, covers=covers,
        on_heard=lambda: heard.__setitem__(0, time.perf_counter()),
    )  # fmt: skip
    scorer.score(turn, reply.text, timing=reply.timing, channel=asr_channel("ko"))
    verdict_at = time.perf_counter()
    timer.join()
    for p in player:
        p.wait(timeout=30)
    samples = np.asarray(reply.samples, dtype=np.int16)
    return {"samples": samples, "onset": onset(samples, name), "heard_at": heard[0],
            "capture": capture, "verdict_at": verdict_at, "text": reply.text}  # fmt: skip


def onset(samples: np.ndarray, name: str) -> int:
    """Where the clip starts in the captured audio (best cross-correlation)."""
    from tests.ko_speech import clip_path
    from trainer.audio.files import read_audio

    want = read_audio(clip_path(name)).samples.astype(np.float64)[: 16000 * 2]
    got = samples.astype(np.float64)
    n = 1 << int(np.ceil(np.log2(len(got) + len(want))))
    lags = np.fft.irfft(np.fft.rfft(got, n) * np.conj(np.fft.rfft(want, n)), n)
    return int(np.argmax(lags[: max(1, len(got) - len(want) + 1)]))


def main() -> None:
    parser = argparse.ArgumentParser(description="Last word -> verdict, live, on real speech.")
    parser.add_argument("--clips", type=int, default=8)
    args = parser.parse_args()

    from tests import ko_speech

    if ko_speech.missing():
        raise SystemExit(ko_speech.missing())
    done = subprocess.run(["bash", str(ROOT / ".ci" / "pulse.sh")], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f".ci/pulse.sh failed: {done.stderr.strip()}")
    os.environ["PULSE_SERVER"] = done.stdout.strip().splitlines()[-1]

    from trainer.asr.models import find_model
    from trainer.asr.vosk import VoskModel
    from trainer.audio.capture import Microphone
    from trainer.audio.files import read_audio
    from trainer.audio.recorder import SoundDeviceRecorder
    from trainer.core.scoring import PackScorer
    from trainer.live import covers_phrase
    from trainer.packs.parse import parse_pack
    from trainer.practice import transcribe

    said = ko_speech.sentences()
    pool = sorted(n for n in said if (ko_speech.KO / "audio" / f"{n}.flac").is_file())
    pool = ko_speech.CLIPS + [pool[int(i * len(pool) / 60)] for i in range(60)]
    pack = parse_pack(ko_speech.pack_yaml(pool))
    scorer = PackScorer(pack)
    model = VoskModel(find_model("ko").path, "ko")
    names, heads, turns = [], {}, {}
    for i, name in enumerate(pool, 1):  # clips whose phrase the recogniser hears whole
        if len(names) >= args.clips:
            break
        head = transcribe(
            read_audio(ko_speech.clip_path(name)), model.transcriber(end_silence=None)
        )
        if head.words and covers_phrase(scorer, f"t{i}", "ko")(head.text) and name not in heads:
            names.append(name)
            heads[name], turns[name] = head, f"t{i}"
    print(f"{len(names)} clips whose phrase is heard whole (of {i} tried)", flush=True)

    delays: dict[str, list[float]] = {"phrase endpoint": [], "full rule": [], "bare Vosk": []}
    same, early_whole, scoring = 0, 0, []
    with Microphone(SoundDeviceRecorder()) as mic:
        time.sleep(0.5)
        for name in names:
            head, turn = heads[name], turns[name]
            for label, covers in (
                ("phrase endpoint", covers_phrase(scorer, turn, "ko")),
                ("full rule", None),
            ):
                got = one(mic, model, name, covers, turn, scorer)
                last = got["onset"] + int(head.words[-1].end * 16000)
                arrived = got["capture"].arrival_of(min(last, got["capture"].total))
                delays[label].append(got["verdict_at"] - arrived)
                scoring.append(got["verdict_at"] - got["heard_at"])
                same += got["text"] == head.text
                if label == "full rule":
                    vosk = bare_vosk_delay(model, got["samples"], last)
                    if vosk is not None:
                        delays["bare Vosk"].append(vosk)
                elif covers(got["text"]):
                    early_whole += 1
                print(f"  {name} {label:15} {delays[label][-1]:5.2f} s  {got['text']}", flush=True)
                time.sleep(0.3)

    print(
        f"\n{len(names)} clips; live transcript equal to the headless one: {same}/{2 * len(names)}"
    )
    print(f"ended by the phrase endpoint: {early_whole}/{len(names)}")
    print(
        f"end of speech -> verdict (final decode and scoring): median {statistics.median(scoring):.2f} s"
    )
    base = statistics.median(delays["bare Vosk"]) if delays["bare Vosk"] else float("nan")
    for label, values in delays.items():
        if not values:
            print(f"{label:16} no endpoint")
            continue
        median = statistics.median(values)
        print(f"{label:16} median {median:5.2f} s  worst {max(values):5.2f} s  "
              f"({median / base:4.2f}x bare Vosk, n={len(values)})")  # fmt: skip
    median = statistics.median(delays["phrase endpoint"])
    print(
        f"goal: median <= {GOAL} s with the phrase endpoint: {'met' if median <= GOAL else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
