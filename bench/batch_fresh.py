"""What a fresh model state per file costs: ratios measured in one run on the same clips.

    uv run python bench/batch_fresh.py [--clips 8] [--repeat 2]

Contenders, alternated, best of --repeat each:
- bare: a KaldiRecognizer loop over the PCM in 0.25 s chunks, on a model that is used again
  and again (its look-ahead cache warm and growing: the fastest, and not reproducible);
- isolated: `run_batch` as the CLI runs it, each file decoded in a child forked from the
  model as loaded (reading, resampling and all);
- shared: `run_batch(isolate=False)`, the same pipeline in one process, files one after another.
Both wall time and CPU time (this process and its children) are printed: on a machine shared
with other work the CPU ratio is the steadier one. Also: whether two isolated runs made before
this process decodes anything itself (as in the CLI) read every file the same (they must), and
how many files the shared model read differently from them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
CORPUS = ROOT.parent / "shared" / "speech" / "ko-emotiontts"


def measured(fn, *args, **kwargs):  # noqa: ANN001, ANN201
    t0, c0 = time.perf_counter(), os.times()
    result = fn(*args, **kwargs)
    t1, c1 = time.perf_counter(), os.times()
    cpu = sum(c1[:4]) - sum(c0[:4])  # user + system, own and children's
    return result, t1 - t0, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description="Cost of a fresh model state per file.")
    parser.add_argument("--clips", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is absent")

    from asr import bare_loop  # bench/asr.py's bare loop: the same baseline

    from trainer.asr.models import find_model
    from trainer.asr.vosk import VoskModel, _vosk
    from trainer.audio.files import read_audio
    from trainer.batch import run_batch

    files = sorted((CORPUS / "audio").glob("*.flac"))
    files = [files[int(i * len(files) / args.clips)] for i in range(args.clips)]
    pcms = [read_audio(f).pcm for f in files]
    seconds = sum(len(p) / 32000 for p in pcms)
    model = VoskModel(find_model("ko").path, "ko")
    vosk = _vosk()

    def batch(isolate: bool) -> list[str]:
        new = lambda: model.transcriber(end_silence=None)  # noqa: E731
        return [r.transcript.text for r in run_batch(files, new, isolate=isolate)]

    # before this process decodes anything itself, as in the CLI: isolated runs must agree
    first, second = batch(True), batch(True)
    wall: dict[str, list[float]] = {"bare": [], "isolated": [], "shared": []}
    cpu: dict[str, list[float]] = {"bare": [], "isolated": [], "shared": []}
    shared_texts = []
    for _ in range(args.repeat):
        for name, fn in (
            ("bare", lambda: bare_loop(vosk, model.handle, pcms)),
            ("isolated", lambda: batch(True)),
            ("shared", lambda: batch(False)),
        ):
            texts, w, c = measured(fn)
            wall[name].append(w)
            cpu[name].append(c)
            if name == "shared":
                shared_texts.append(texts)
    best_wall = {k: min(v) for k, v in wall.items()}
    best_cpu = {k: min(v) for k, v in cpu.items()}
    print(
        f"audio: {len(files)} Korean clips, {seconds:.1f} s; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"bare loop                        wall {best_wall['bare']:6.2f} s  cpu {best_cpu['bare']:6.2f} s"
    )
    for name in ("isolated", "shared"):
        print(
            f"{name:8} / bare                 wall {best_wall[name] / best_wall['bare']:5.3f}x"
            f"  cpu {best_cpu[name] / best_cpu['bare']:5.3f}x   goal <= 1.05x"
        )
    same = second == first
    drift = sum(a != b for t in shared_texts for a, b in zip(t, first, strict=True))
    print(f"two isolated runs from the model as loaded read every file the same: {same}")
    print(f"shared-model runs that read a file differently: {drift} of {len(files) * args.repeat}")


if __name__ == "__main__":
    main()
