"""Transcribe (and score) many recordings: what a QA team does with a folder of calls.

Headless and UI-free: the CLI drives it, and so can the app. A file's transcript depends on its
audio alone: a fresh recogniser is not enough, because a loaded Vosk model keeps a look-ahead
cache that every decode extends, and its pruning then depends on what was decoded before (the
same file gave different words in different places of a batch, and others again with two
threads). So where the system can fork, every file is decoded in a child process forked from
the caller, which holds the model as loaded and never decodes itself: each file sees the same
untouched model (copy-on-write, so it costs a fork, not a load; ``bench/asr.py`` measures it),
workers are that many children at once, and a recogniser that crashes on a file costs that
file only. Elsewhere, threads share the model as before. (Kaldi's dither noise also comes from
the process's rand(), which ``trainer.asr.vosk`` seeds as each utterance starts: one decode at
a time per process is then reproducible too.) Results are reported from the calling
thread as files finish, and a cancel event stops the run (children are ended).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
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
    isolate: bool | None = None,
) -> list[FileResult]:
    """Results in the order of ``paths``; a file that cannot be read or scored carries its
    error and the run goes on. Files not reached before ``cancel`` is set are left out.
    ``isolate``: decode each file in a child process that starts from the model as loaded;
    by default where the system can fork and the caller runs no other thread (a child forked
    from a busy process could inherit a lock held mid-way); otherwise threads share the model."""
    if isolate is None:
        isolate = hasattr(os, "fork") and threading.active_count() == 1

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

    # one worker: in the given order (results stream out in it); more: longest first, so
    # that no worker is left with a long file at the end
    order = list(range(len(paths)))
    if workers > 1:
        order.sort(key=lambda i: -_size(paths[i]))
    if isolate:
        found = _in_children(paths, order, one, max(1, workers), progress, cancel)
        return [found[i] for i in sorted(found)]
    results: dict[int, FileResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="transcribe") as pool:
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


def _in_children(
    paths: Sequence[Path],
    order: list[int],
    one: Callable[[Path], FileResult],
    workers: int,
    progress: Callable[[int, int, FileResult], None] | None,
    cancel: threading.Event | None,
) -> dict[int, FileResult]:
    """Run ``one`` on each path in a forked child, ``workers`` at a time; each child sends its
    pickled result through a pipe and exits."""
    results: dict[int, FileResult] = {}
    waiting = list(order)
    running: dict[int, tuple[int, int, bytearray]] = {}  # read end -> (pid, index, bytes)
    try:
        while waiting or running:
            while waiting and len(running) < workers and not (cancel and cancel.is_set()):
                index = waiting.pop(0)
                read_end, pid = _fork(one, Path(paths[index]))
                running[read_end] = (pid, index, bytearray())
            if cancel is not None and cancel.is_set():
                break
            ready, _, _ = select.select(list(running), [], [], 0.2)
            for fd in ready:
                pid, index, data = running[fd]
                block = os.read(fd, 1 << 16)
                if block:
                    data.extend(block)
                    continue
                del running[fd]
                os.close(fd)
                results[index] = _result(Path(paths[index]), pid, bytes(data))
                if progress is not None:
                    progress(len(results), len(paths), results[index])
    finally:
        for fd, (pid, _, _) in running.items():
            os.close(fd)
            _end(pid)
    return results


def _fork(one: Callable[[Path], FileResult], path: Path) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: decode one file, send the result, leave without cleanup
        code = 0
        try:
            os.close(read_end)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            quiet = os.open(os.devnull, os.O_WRONLY)  # decoders' own chatter (mpg123's
            os.dup2(quiet, 2)  # "Xing stream size off") would land between result lines
            try:
                result = one(path)
            except Cancelled:
                result = FileResult(path, error="cancelled")
            payload = memoryview(pickle.dumps(result))
            while payload:
                payload = payload[os.write(write_end, payload) :]
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return read_end, pid


def _result(path: Path, pid: int, data: bytes) -> FileResult:
    _, status = os.waitpid(pid, 0)
    if data:
        try:
            result = pickle.loads(data)
            if isinstance(result, FileResult):
                return result
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass
    how = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"status {status >> 8}"
    return FileResult(path, error=f"{path}: the recogniser stopped on this file ({how})")


def _end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


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
