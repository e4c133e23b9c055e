"""Speech path benchmark: ratios measured in one run on the same audio (Korean clips).

    uv run python bench/asr.py [--clips 8] [--repeat 2]

Prints:
- pipeline / bare: `run_batch` with one worker (read + resample + VoskTranscriber) against a
  bare KaldiRecognizer loop over the same PCM in the same 0.25 s chunks (goal <= 1.05x);
- 2 workers / 1 worker: throughput of run_batch with two threads sharing one model (goal
  >= 1.85x; printed beside the same ratio for the bare loop, the ceiling of the machine as loaded);
- end-of-utterance delay: from the end of the last recognised word to the moment `feed`
  says the reply ended (0.1 s chunks, as from a microphone), with Vosk's own endpoint for
  comparison, plus the decoding time of the chunk that ended it;
- resident memory: the loaded model, and per extra worker (a live recogniser that has
  decoded a clip).
Each timing is the best of --repeat runs, alternating the contenders.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "speech" / "ko-emotiontts"
CHUNK = 8000  # bytes: 0.25 s, the batch chunk


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bare_loop(vosk, handle, pcms: list[bytes]) -> list[str]:  # noqa: ANN001
    texts = []
    for pcm in pcms:
        rec = vosk.KaldiRecognizer(handle, 16000)
        rec.SetWords(True)
        parts = []
        for i in range(0, len(pcm), CHUNK):
            if rec.AcceptWaveform(pcm[i : i + CHUNK]):
                parts.append(json.loads(rec.Result())["text"])
        parts.append(json.loads(rec.FinalResult())["text"])
        texts.append(" ".join(p for p in parts if p))
    return texts


def timed(fn, *args, **kwargs) -> float:  # noqa: ANN001
    started = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - started


def end_delays(model, recordings) -> dict[str, float]:  # noqa: ANN001
    from trainer.asr.vosk import DEFAULT_END_SILENCE

    ours, vosks, lags = [], [], []
    silence = np.random.default_rng(1).normal(0, 30, 16000 * 3).astype(np.int16)  # -61 dBFS room
    for rec in recordings:
        t = model.transcriber(end_silence=DEFAULT_END_SILENCE)
        pcm = np.concatenate([rec.samples, silence]).tobytes()
        ended_at, finals = None, []
        for i in range(0, len(pcm), 3200):
            before = t.segments_closed
            started = time.perf_counter()
            if t.feed(pcm[i : i + 3200]) and ended_at is None:
                ended_at = t.seconds_fed
                lags.append(time.perf_counter() - started)
            if t.segments_closed > before:
                finals.append(t.seconds_fed)  # Vosk's endpointer closed a stretch of speech
        got = t.finish()
        if got.speech_end is None or ended_at is None:
            continue
        ours.append(ended_at - got.speech_end)
        after = [f for f in finals if f >= got.speech_end]
        if after:
            vosks.append(after[0] - got.speech_end)
    return {
        "ours_median": statistics.median(ours),
        "ours_max": max(ours),
        "vosk_median": statistics.median(vosks) if vosks else float("nan"),
        "lag_ms": 1000 * statistics.mean(lags),
        "n": len(ours),
        "vosk_n": len(vosks),
    }


def memory_per_worker(model, recordings, workers: int = 3) -> float:  # noqa: ANN001
    from trainer.batch import transcribe

    keep = []
    base = rss_mb()
    lock = threading.Lock()

    def work() -> None:
        t = model.transcriber(end_silence=None)
        transcribe(recordings[0], t)
        with lock:
            keep.append(t)

    first = threading.Thread(target=work)
    first.start()
    first.join()
    one = rss_mb()
    threads = [threading.Thread(target=work) for _ in range(workers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    del base
    return (rss_mb() - one) / workers


def main() -> None:
    parser = argparse.ArgumentParser(description="Speech path benchmark (ratios).")
    parser.add_argument("--clips", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is absent")

    from trainer.asr.models import find_model
    from trainer.asr.vosk import VoskModel, _vosk
    from trainer.audio.files import read_audio
    from trainer.batch import run_batch

    files = sorted((CORPUS / "audio").glob("*.flac"))
    files = [files[int(i * len(files) / args.clips)] for i in range(args.clips)]
    recordings = [read_audio(f) for f in files]
    pcms = [r.pcm for r in recordings]
    seconds = sum(r.duration for r in recordings)

    before = rss_mb()
    model = VoskModel(find_model("ko").path, "ko")
    model_mb = rss_mb() - before
    vosk = _vosk()

    def pipeline(workers: int) -> None:
        run_batch(files, lambda: model.transcriber(end_silence=None), workers=workers)

    bare_loop(vosk, model.handle, pcms[:1])  # warm up caches and pages

    def bare_two_threads() -> None:
        halves = [pcms[0::2], pcms[1::2]]
        threads = [threading.Thread(target=bare_loop, args=(vosk, model.handle, h)) for h in halves]
        for th in threads:
            th.start()
        for th in threads:
            th.join()

    times: dict[str, list[float]] = {"bare": [], "pipe1": [], "pipe2": [], "bare2": []}
    for _ in range(args.repeat):
        times["bare"].append(timed(bare_loop, vosk, model.handle, pcms))
        times["pipe1"].append(timed(pipeline, 1))
        times["pipe2"].append(timed(pipeline, 2))
        times["bare2"].append(timed(bare_two_threads))
    best = {k: min(v) for k, v in times.items()}
    delays = end_delays(model, recordings)
    per_worker = memory_per_worker(model, recordings)
    load = os.getloadavg()[0]

    print(
        f"audio: {len(files)} Korean clips, {seconds:.1f} s; {os.cpu_count()} CPUs, load average {load:.1f}"
    )
    print(f"model load                    {model.load_seconds:5.2f} s, {model_mb:5.0f} MB resident")
    print(f"bare KaldiRecognizer loop     RTF {best['bare'] / seconds:.3f}  (baseline)")
    ratio = best["pipe1"] / best["bare"]
    print(
        f"pipeline / bare (1 worker)    {ratio:5.3f}x   goal <= 1.05x  {'ok' if ratio <= 1.05 else 'MISSED'}"
    )
    speedup = best["pipe1"] / best["pipe2"]
    print(
        f"2 workers vs 1 (throughput)   {speedup:5.3f}x   goal >= 1.85x  {'ok' if speedup >= 1.85 else 'MISSED'}"
        f"  (bare loop on 2 threads: {best['bare'] / best['bare2']:.3f}x, the ceiling on this machine now)"
    )
    print(
        f"end of reply after last word  median {delays['ours_median']:.2f} s, max {delays['ours_max']:.2f} s"
        f"  (end_silence 0.8 s; Vosk's own endpoint after the last word: median {delays['vosk_median']:.2f} s, fired on {delays['vosk_n']}/{delays['n']} clips within 3 s;"
        f" decoding the last chunk {delays['lag_ms']:.0f} ms; {delays['n']} clips)"
    )
    print(f"resident memory per extra worker  {per_worker:5.1f} MB")


if __name__ == "__main__":
    main()
