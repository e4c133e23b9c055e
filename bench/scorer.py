"""Replies scored per second on one core, against a plain similarity baseline in the same run.

    uv run python bench/scorer.py [--rounds 7] [--seconds 1]

The replies are the labelled dev set (tests/data/scorer_devset.jsonl); the reply caches (a
reply cut into units, and into clauses) are emptied before every round, so no reply is
answered from an earlier round (within a round, as in a batch, a reply said again is). The
baseline is rapidfuzz's plain ``fuzz.ratio`` of the same reply against the turn's first form:
the cheapest comparison a scorer could make. Goal: >= 20,000 replies/s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from rapidfuzz import fuzz

from trainer.core import polarity
from trainer.core.normalize import prepare
from trainer.core.scoring import PackScorer
from trainer.packs import load_pack

ROOT = Path(__file__).resolve().parent.parent


def _rate(fn, items, seconds: float, each_round=lambda: None, cpu=None) -> float:
    done, start, start_cpu = 0, time.perf_counter(), time.process_time()
    while True:
        each_round()
        for item in items:
            fn(item)
        done += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            if cpu is not None:  # the same rounds per second of this process's own CPU time
                cpu.append(done / max(time.process_time() - start_cpu, 1e-9))
            return done / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one round")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    scorer = PackScorer(load_pack("property-zh"))
    rows = [
        json.loads(line)
        for line in (ROOT / "tests/data/scorer_devset.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.strip()
    ]
    items = [(r["turn"], r["reply"]) for r in rows]
    first_form = {t: scorer.pack.turn(t).forms[0] for t, _ in items}

    # warm the per-character key caches once, as a running app would be
    for turn, reply in items:
        scorer.score(turn, reply)

    def clear_caches() -> None:  # the replies cut into units, into clauses, and their stances
        prepare.cache_clear()
        polarity._text.cache_clear()
        polarity._turned.cache_clear()

    # interleave short rounds of each, so both see the same machine; report medians
    bases, fulls, cpus = [], [], []
    for _ in range(args.rounds):
        bases.append(
            _rate(lambda it: fuzz.ratio(it[1], first_form[it[0]]), items, args.seconds / 4)
        )
        fulls.append(
            _rate(
                lambda it: scorer.score(it[0], it[1]),
                items,
                args.seconds,
                clear_caches,
                cpus,
            )
        )
    base, full = statistics.median(bases), statistics.median(fulls)
    print(f"baseline fuzz.ratio : {base:12,.0f} replies/s")
    print(
        f"trainer scorer      : {full:12,.0f} replies/s  (goal >= 20,000; rounds: "
        + ", ".join(f"{f:,.0f}" for f in fulls)
        + ")"
    )
    print(f"scorer / baseline   : {full / base:12.4f}  (cost of judging like a supervisor)")
    print(
        f"scorer per CPU second: {statistics.median(cpus):10,.0f} replies  (the same rounds, "
        "counting only this process's CPU time: steadier on a busy machine)"
    )


if __name__ == "__main__":
    main()
