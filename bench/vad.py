"""Voice activity: the trainer's own (level against the room's noise floor) against WebRTC's
VAD, on real Korean clips laid in a room's noise.

    uv run --with webrtcvad-wheels python bench/vad.py [--clips 30]

For each clip, at two room noise levels (-60 and -45 dBFS white noise): 1 s of room, the
clip, 1.5 s of room. Both detectors use the same rule (speech starts after 3 voiced 20 ms
frames in a row). Prints, per detector: the median and worst error of the speech start
against the recogniser's first word (Vosk word times, on the clip alone), misses, false
starts in 5 s of room noise alone, and the time to judge one second of audio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RATE, FRAME = 16000, 320


def room(seconds: float, db: float, seed: int) -> np.ndarray:
    rms = 32768.0 * 10 ** (db / 20)
    return np.random.default_rng(seed).normal(0, rms, int(seconds * RATE))


def ours(pcm: bytes) -> float | None:
    from trainer.audio.capture import VoiceActivity

    activity = VoiceActivity()
    for i in range(0, len(pcm), 1600):
        activity.feed(pcm[i : i + 1600])
        if activity.started is not None:
            return activity.started
    return None


def webrtc(pcm: bytes, vad: Any) -> float | None:
    run = 0
    for k, i in enumerate(range(0, len(pcm) - 2 * FRAME + 1, 2 * FRAME)):
        run = run + 1 if vad.is_speech(pcm[i : i + 2 * FRAME], RATE) else 0
        if run >= 3:
            return (k + 1 - run) * FRAME / RATE
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description="Our voice activity against WebRTC's.")
    parser.add_argument("--clips", type=int, default=30)
    args = parser.parse_args()
    try:
        import webrtcvad
    except ImportError:
        raise SystemExit("run with: uv run --with webrtcvad-wheels python bench/vad.py") from None
    from tests import ko_speech

    if ko_speech.missing():
        raise SystemExit(ko_speech.missing())
    from trainer.asr.models import find_model
    from trainer.asr.vosk import VoskModel
    from trainer.audio.files import read_audio
    from trainer.practice import transcribe

    model = VoskModel(find_model("ko").path, "ko")
    names = sorted(ko_speech.sentences())
    names = [names[int(i * len(names) / args.clips)] for i in range(args.clips)]
    vad = webrtcvad.Vad(2)
    detectors = {"ours": ours, "webrtc": lambda pcm: webrtc(pcm, vad)}
    for db in (-60.0, -45.0):
        errors: dict[str, list[float]] = {k: [] for k in detectors}
        misses = dict.fromkeys(detectors, 0)
        spent = dict.fromkeys(detectors, 0.0)
        seconds = 0.0
        for n, name in enumerate(names):
            clip = read_audio(ko_speech.clip_path(name)).samples.astype(np.float64)
            words = transcribe(read_audio(ko_speech.clip_path(name)), model.transcriber()).words
            if not words:
                continue
            signal = np.concatenate([room(1.0, db, n), clip + room(len(clip) / RATE, db, n + 1),
                                     room(1.5, db, n + 2)])  # fmt: skip
            pcm = signal.clip(-32767, 32767).astype(np.int16).tobytes()
            seconds += len(signal) / RATE
            for label, detect in detectors.items():
                started = time.perf_counter()
                found = detect(pcm)
                spent[label] += time.perf_counter() - started
                if found is None:
                    misses[label] += 1
                else:
                    errors[label].append(found - (1.0 + words[0].start))
        quiet = room(5.0, db, 999).clip(-32767, 32767).astype(np.int16).tobytes()
        print(f"room noise {db:g} dBFS, {len(errors['ours']) + misses['ours']} clips:")
        for label, detect in detectors.items():
            errs = errors[label]
            false = detect(quiet) is not None
            early = sum(e < -0.25 for e in errs)
            print(f"  {label:7} start error median {statistics.median(errs):+.2f} s, "
                  f"worst {max(errs, key=abs):+.2f} s, >0.25 s early {early}, "
                  f"missed {misses[label]}, false start in room noise: {'yes' if false else 'no'}, "
                  f"{1000 * spent[label] / seconds:.2f} ms per second of audio")  # fmt: skip


if __name__ == "__main__":
    main()
