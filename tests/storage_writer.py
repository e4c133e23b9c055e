"""A writer process for the concurrency and crash tests: one trainee, one call, attempts.

    python -m tests.storage_writer --db URL --recordings DIR --trainee NAME --count N

Prints ``saved <attempt id> <uid> <recording path> <unix time>`` after each attempt's row is committed
(``--count 0`` writes until killed). Errors are printed the way the CLI prints them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tests.storage_support import FakePack, tone
from trainer.core.scoring import Timing, score_expected
from trainer.errors import TrainerError
from trainer.storage import open_repository

EXPECTED = "您好，宇和物业客户服务中心，请讲"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--recordings", required=True, type=Path)
    parser.add_argument("--trainee", required=True)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--gate", type=Path, help="wait for this file to exist before starting")
    args = parser.parse_args()
    if args.gate:  # imports are done: say so, and start with the others
        Path(f"{args.gate}.{args.trainee}.ready").touch()
        while not args.gate.exists():
            time.sleep(0.01)
    try:
        repo = open_repository(args.db, recordings_dir=args.recordings)
        trainee = repo.ensure_trainee(args.trainee, cohort="crash-and-load")
        call_id = repo.start_call(trainee.id, pack=FakePack(), scenario_id="writer", pickup_ring=1)
        print(f"call {call_id}", flush=True)
        audio = tone(0.3)
        step = 0
        while args.count == 0 or step < args.count:
            reply = EXPECTED if step % 3 else "您好，物业，请讲"
            verdict = score_expected(reply, EXPECTED, "zh", timing=Timing(answer_ring=1))
            saved = repo.record_attempt(
                call_id, turn_id="phone.answer", step_index=step, transcript=reply,
                verdict=verdict, words=[{"word": reply, "start": 0.0, "end": 1.0, "conf": 1.0}],
                timing=Timing(answer_ring=1, response_delay=0.4), audio=audio,
            )  # fmt: skip
            print(f"saved {saved.id} {saved.uid} {saved.recording} {time.time()}", flush=True)
            step += 1
        repo.end_call(call_id, total_score=90.0, passed=True)
        repo.close()
    except TrainerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
