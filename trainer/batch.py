"""Transcribe (and score) many recordings: what a QA team does with a folder of calls.

Headless and UI-free: the CLI drives it, and so can the app. Workers are threads sharing one
loaded model; every file gets a fresh recogniser, because a recogniser adapts to the voice it
has heard (Vosk's i-vectors survive a reset), and a file's transcript must not depend on which
files the same thread decoded before it. Progress is reported from the calling thread as files
finish, and a cancel event stops the run between chunks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from trainer.asr.base import Transcriber, Transcript
from trainer.audio.files import Recording, read_audio
from trainer.core.scoring import Verdict
from trainer.errors import TrainerError

CHUNK_SECONDS = 0.25


@dataclass(frozen=True)
class FileResult:
    audio: Path
    transcript: Transcript | None = None
    verdict: Verdict | None = None
    error: str | None = None
    seconds: float = 0.0  # wall time spent on this file
    source_rate: int = 0  # the file's own sample rate (8000: telephone band)

    @property
    def ok(self) -> bool:
        return self.error is None


class Cancelled(Exception):
    pass


def transcribe(
    recording: Recording, transcriber: Transcriber, cancel: threading.Event | None = None
) -> Transcript:
    """Feed a whole recording and return its transcript."""
    transcriber.reset()
    for chunk in recording.chunks(CHUNK_SECONDS):
        if cancel is not None and cancel.is_set():
            raise Cancelled
        transcriber.feed(chunk)
    return transcriber.finish()


def run_batch(
    paths: Sequence[Path],
    new_transcriber: Callable[[], Transcriber],
    *,
    workers: int = 1,
    score: Callable[[Transcript], Verdict] | None = None,
    progress: Callable[[int, int, FileResult], None] | None = None,
    cancel: threading.Event | None = None,
    reader: Callable[[Path], Recording] = read_audio,
) -> list[FileResult]:
    """Results in the order of ``paths``; a file that cannot be read or scored carries its
    error and the run goes on. Files not reached before ``cancel`` is set are left out."""

    def one(path: Path) -> FileResult:
        started = time.perf_counter()
        if cancel is not None and cancel.is_set():
            raise Cancelled
        try:
            recording = reader(path)
            transcript = transcribe(recording, new_transcriber(), cancel)
            verdict = score(transcript) if score is not None else None
        except TrainerError as exc:
            return FileResult(path, error=str(exc), seconds=time.perf_counter() - started)
        spent = time.perf_counter() - started
        return FileResult(
            path, transcript, verdict, seconds=spent, source_rate=recording.source_rate
        )

    results: dict[int, FileResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="transcribe") as pool:
        # longest first, so that no worker is left with a long file at the end
        order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
        pending: dict[Future[FileResult], int] = {
            pool.submit(one, Path(paths[i])): i for i in order
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                try:
                    results[index] = future.result()
                except (Cancelled, CancelledError):
                    continue
                if progress is not None:
                    progress(len(results), len(paths), results[index])
            if cancel is not None and cancel.is_set():
                for future in pending:
                    future.cancel()
    return [results[i] for i in sorted(results)]


def _size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


def summarise(results: Iterable[FileResult]) -> dict[str, float]:
    results = list(results)
    scored = [r.verdict for r in results if r.verdict is not None]
    audio = sum(r.transcript.duration for r in results if r.transcript is not None)
    return {
        "files": len(results),
        "errors": sum(1 for r in results if not r.ok),
        "passed": sum(1 for v in scored if v.passed),
        "failed": sum(1 for v in scored if not v.passed),
        "mean_score": round(sum(v.score for v in scored) / len(scored), 1) if scored else 0.0,
        "audio_seconds": round(audio, 1),
    }
