"""Real Korean speech played into the null-sink microphone, for the live-call test and the
latency benchmark: a pack whose turns are the clips' own sentences, the clips, their headless
transcripts, and ``play`` (pacat into the ``mic`` sink, see .ci/pulse.sh)."""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import SPEECH

KO = SPEECH / "ko-emotiontts"
CLIPS = ["pfa-pfa00023", "pfc-pfc00020", "pfm-pfm00008", "pfi-pfi00016"]
RAW = ["--format=s16le", "--rate=16000", "--channels=1", "--raw", "--latency-msec=300"]


def sentences() -> dict[str, str]:
    """Clip name -> what is said in it."""
    with (KO / "transcripts.tsv").open(encoding="utf-8") as f:
        return {Path(row["audio"]).stem: row["text"] for row in csv.DictReader(f, delimiter="\t")}


def missing() -> str:
    """Why the real speech cannot be used here ('' when it can)."""
    if not (KO / "transcripts.tsv").is_file():
        return f"real Korean speech absent: {KO}"
    gone = [c for c in CLIPS if not (KO / "audio" / f"{c}.flac").is_file()]
    return f"clips missing from {KO}: {', '.join(gone)}" if gone else ""


def clip_path(name: str) -> Path:
    return KO / "audio" / f"{name}.flac"


def pack_yaml(names: list[str], pack_id: str = "speech-ko") -> str:
    """A desk pack with one turn per clip (its sentence) and one scenario through them all."""
    said = sentences()
    turns = "\n".join(f'  t{i}: "{said[n]}"' for i, n in enumerate(names, 1))
    steps = "\n".join(
        f"      - turn: t{i}" + ("" if i == 1 else '\n        caller: "네."')
        for i in range(1, len(names) + 1)
    )
    return (
        f"id: {pack_id}\ntitle: real Korean speech\nlanguage: ko\npass_mark: 60\n"
        f"turns:\n{turns}\nscenarios:\n  - id: all\n    title: 모든 문장\n    kind: desk\n"
        f"    steps:\n{steps}\n"
    )


def write_pack(home: Path, names: list[str], pack_id: str = "speech-ko") -> Path:
    folder = home / "packs" / pack_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(pack_yaml(names, pack_id), encoding="utf-8")
    return folder


def headless_text(model: Any, name: str) -> str:
    """The clip's transcript decoded from its file with a fresh recogniser."""
    from trainer.audio.files import read_audio
    from trainer.practice import transcribe

    return transcribe(read_audio(clip_path(name)), model.transcriber(end_silence=None)).text


def play(name: str, server: str | None = None) -> subprocess.Popen[bytes]:
    """Start playing a clip into the microphone; returns the pacat process."""
    from trainer.audio.files import read_audio

    env = {**os.environ, **({"PULSE_SERVER": server} if server else {})}
    player = subprocess.Popen(
        ["pacat", "--playback", "--device=mic", *RAW], stdin=subprocess.PIPE, env=env
    )
    assert player.stdin is not None
    player.stdin.write(read_audio(clip_path(name)).pcm)
    player.stdin.close()
    return player
