"""``practice.run_call``: a whole call with injected parts (player, store, transcriber, cancel)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from trainer.asr.base import Transcript, Word
from trainer.audio.files import Recording
from trainer.core.session import Call, Mode
from trainer.packs import find_pack, load_pack
from trainer.practice import (
    Cancelled,
    RecordedReplies,
    TypedReplies,
    numbered_recordings,
    run_call,
    timing_of,
)

PACK = load_pack("property-zh")
TRANSFER = ["您好！宇和物业管理客户服务中心，请讲。", "请稍候，我去叫他。"]


class FakePlayer:
    def __init__(self) -> None:
        self.played: list[Path] = []

    def play_file(self, path: Path | str, *, wait: bool = False) -> None:
        assert wait, "a caller line is played to its end before the trainee speaks"
        self.played.append(Path(path))


class FakeStore:
    def __init__(self) -> None:
        self.log: list[tuple[str, Any]] = []

    def ensure_trainee(self, name: str) -> Any:
        self.log.append(("trainee", name))
        return type("Trainee", (), {"id": 7})()

    def start_call(self, trainee_id: int, **kwargs: Any) -> int:
        self.log.append(
            ("start", (trainee_id, kwargs["scenario_id"], kwargs["mode"], kwargs["pickup_ring"]))
        )
        return 3

    def record_attempt(self, call_id: int, **kwargs: Any) -> Any:
        self.log.append(
            (
                "attempt",
                (call_id, kwargs["turn_id"], kwargs["transcript"], kwargs["audio"] is not None),
            )
        )

    def end_call(self, call_id: int, *, total_score: float | None, passed: bool | None) -> None:
        self.log.append(("end", (call_id, total_score, passed)))


def lines_from(replies: list[str]) -> TypedReplies:
    queue = list(replies)
    return TypedReplies(lambda prompt: queue.pop(0) if queue else None)


def test_caller_lines_are_played_from_the_packs_voices() -> None:
    player = FakePlayer()
    call = Call(PACK, PACK.scenario("transfer"), Mode.EXAM)
    result = run_call(
        call, lines_from(TRANSFER), player=player, pack_folder=find_pack("property-zh")
    )
    assert result.passed
    assert len(player.played) == 2  # the caller's line and the closing
    assert all(p.is_file() and p.suffix == ".ogg" for p in player.played)
    assert player.played[0] != player.played[1]


def test_the_store_gets_the_call_each_attempt_and_the_total() -> None:
    store = FakeStore()
    call = Call(PACK, PACK.scenario("transfer"), Mode.EXAM)
    result = run_call(
        call, lines_from([TRANSFER[0], "不关我的事。"]), pickup_ring=2, store=store, trainee="Wang"
    )
    assert store.log == [
        ("trainee", "Wang"),
        ("start", (7, "transfer", "exam", 2)),
        ("attempt", (3, "phone.answer", TRANSFER[0], False)),
        ("attempt", (3, "phone.transfer", "不关我的事。", False)),
        ("end", (3, result.score, False)),
    ]


def test_a_hang_up_is_stored_as_a_failed_attempt() -> None:
    store = FakeStore()
    call = Call(PACK, PACK.scenario("transfer"), Mode.EXAM)
    run_call(call, lines_from([TRANSFER[0]]), store=store)
    attempts = [entry for kind, entry in store.log if kind == "attempt"]
    assert attempts[-1] == (3, "phone.transfer", "", False)
    assert store.log[-1] == ("end", (3, 50.0, False))


def test_cancel_stops_the_call_and_leaves_it_unfinished_in_the_store() -> None:
    store, cancel = FakeStore(), threading.Event()
    replies = lines_from(TRANSFER)

    def reply_then_cancel(call: Call) -> Any:
        cancel.set()
        return replies(call)

    call = Call(PACK, PACK.scenario("transfer"), Mode.EXAM)
    with pytest.raises(Cancelled):
        run_call(call, reply_then_cancel, store=store, cancel=cancel)
    assert store.log[-1] == ("end", (3, None, None))
    assert len(call.history) == 1


class FakeTranscriber:
    """Hears, for each recording, the words scripted for it (by its length in samples)."""

    language = "zh"

    def __init__(self, script: dict[int, list[Word]]):
        self.script, self.fed = script, 0

    def feed(self, chunk: bytes) -> bool:
        self.fed += len(chunk) // 2
        return False

    def partial(self) -> str:
        return ""

    def finish(self) -> Transcript:
        words = self.script[self.fed]
        self.fed = 0
        return Transcript("".join(w.text for w in words), tuple(words), 0.0, "zh")

    def reset(self) -> None:
        self.fed = 0


def silent(seconds: float, path: str) -> Recording:
    return Recording(Path(path), np.zeros(int(seconds * 16000), dtype=np.int16), 16000, 1)


def test_recorded_replies_are_transcribed_and_timed() -> None:
    words = [
        Word("您好", 0.9, 1.3, 1.0),
        Word("宇和物业管理", 1.4, 2.6, 1.0),
        Word("客户服务中心", 2.7, 3.5, 1.0),
    ]
    words += [Word("请讲", 4.6, 5.0, 1.0)]
    second = [Word("请稍候", 0.5, 1.1, 1.0), Word("我去叫他", 1.2, 2.0, 1.0)]
    lengths = {"01.wav": 6.0, "02.wav": 3.0}
    transcriber = FakeTranscriber({96000: words, 48000: second})
    replies = RecordedReplies(
        [Path("01.wav"), Path("02.wav")],
        transcriber,
        "zh",
        reader=lambda p: silent(lengths[p.name], str(p)),
    )
    call = Call(PACK, PACK.scenario("transfer"), Mode.EXAM)
    result = run_call(call, replies)
    first = result.turns[0].attempt
    assert first is not None and first.source == "asr" and first.audio == "01.wav"
    assert (
        first.timing.response_delay,
        first.timing.speaking_time,
        first.timing.longest_pause,
    ) == (0.9, 4.1, 1.1)
    assert result.passed


def test_timing_of_an_empty_transcript_is_empty() -> None:
    assert timing_of(Transcript("")).response_delay is None


def test_numbered_recordings_in_turn_order(tmp_path: Path) -> None:
    for name in ("2.flac", "01.wav", "notes.txt", "cover.wav"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in numbered_recordings(tmp_path, 2)] == ["01.wav", "2.flac"]
