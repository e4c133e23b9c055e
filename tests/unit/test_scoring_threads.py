"""The phonetic key table is shared by batch threads: every sound keeps one code."""

from __future__ import annotations

import random
import sys
import threading

from trainer.core import phonetic


def test_threads_never_give_two_sounds_one_code() -> None:
    keys = [f"test-thread-sound-{i}" for i in range(3000)]
    results: list[dict[str, str]] = []
    start = threading.Barrier(8)

    def work(seed: int) -> None:
        order = keys[:]
        random.Random(seed).shuffle(order)
        start.wait()
        results.append({k: phonetic.intern(k) for k in order})

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: races show up
    try:
        threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert len(results) == 8
    first = results[0]
    assert all(r == first for r in results)  # one code per sound, whichever thread asked
    assert len(set(first.values())) == len(keys)  # and no two sounds share a code
    assert all(phonetic.intern(k) == first[k] for k in keys)
