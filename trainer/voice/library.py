"""The rendered voice of a pack: ``<pack>/audio/index.json`` maps each spoken line to a file.

A line is what someone says in a call: a caller line (text, voice, mood) or the model answer
of a turn (spoken by the ``agent`` voice). Rendered files are named by a hash of
(text, voice, mood, engine), so an edited line gets a new file and an unchanged one is never
rendered twice. A caller line with its own ``audio:`` (a real recording, relative to the
pack folder) is not rendered: that file is its voice.

The call flow asks ``caller_line_audio`` / ``model_answer_audio`` for a file to play; both
return None when nothing is there (play nothing, show the text).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from trainer.core.scenario import CallerLine, Pack, Scenario, Turn
from trainer.core.session import silence_words
from trainer.voice.style import ANSWER_VOICE

AUDIO_DIR = "audio"
INDEX_FILE = "index.json"
EXTENSION = ".ogg"
RENDERED_NAME = re.compile(r"^(caller|answer)-[0-9a-f]{12}\.ogg$")

Key = tuple[str, str, str]


@dataclass(frozen=True)
class Line:
    kind: str  # "caller" or "answer"
    text: str
    voice: str
    mood: str

    @property
    def key(self) -> Key:
        return (self.text, self.voice, self.mood)

    def file_name(self, engine: str) -> str:
        digest = hashlib.sha256("\x1f".join((self.text, self.voice, self.mood, engine)).encode())
        return f"{self.kind}-{digest.hexdigest()[:12]}{EXTENSION}"


@dataclass(frozen=True)
class Entry:
    kind: str
    text: str
    voice: str
    mood: str
    engine: str
    file: str
    seconds: float

    @property
    def key(self) -> Key:
        return (self.text, self.voice, self.mood)


def answer_line(turn: Turn) -> Line:
    return Line("answer", turn.model_answer, ANSWER_VOICE, "calm")


def scenario_callers(scenario: Scenario) -> list[CallerLine]:
    """Every caller line a scenario may play: each wording of each step, each closing."""
    out: list[CallerLine] = []
    for step in scenario.steps:
        out += [*step.wordings, *step.closing]
    return out + list(scenario.closings)


def silence_lines(pack: Pack, scenario: Scenario) -> list[Line]:
    """What each caller of a scenario may say to silence (the call flow's prompt, then its
    hang-up line, in the voice of every wording of that step: ``core.session.Call.silence``)."""
    out = []
    prompt, hang_up = silence_words(pack, scenario.kind)
    for step in scenario.steps:
        for voice in step.wordings or ((scenario.closing or CallerLine("")),):
            out += [Line("caller", prompt, voice.voice, voice.mood)]
            out += [Line("caller", hang_up, voice.voice, "annoyed")]
    return out


def pack_lines(pack: Pack) -> list[Line]:
    """Every line of a pack to be voiced, in pack order, each once; recorded ones left out.

    Caller lines and closings (every wording), then what callers say to silence, then the
    model answers."""
    seen: dict[Key, Line] = {}
    for scenario in pack.scenarios:
        for caller in scenario_callers(scenario):
            if not caller.audio:
                line = Line("caller", caller.text, caller.voice, caller.mood)
                seen.setdefault(line.key, line)
    for scenario in pack.scenarios:
        for line in silence_lines(pack, scenario):
            seen.setdefault(line.key, line)
    for turn in pack.turns.values():
        line = answer_line(turn)
        seen.setdefault(line.key, line)
    return list(seen.values())


def audio_dir(folder: Path) -> Path:
    return Path(folder) / AUDIO_DIR


def read_index(folder: Path) -> dict[Key, Entry]:
    path = audio_dir(folder) / INDEX_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [Entry(**item) for item in data.get("lines", [])]
    except (ValueError, TypeError, AttributeError):
        return {}  # a broken index only means "render again"
    return {entry.key: entry for entry in entries}


def write_index(folder: Path, pack_id: str, entries: list[Entry]) -> Path:
    path = audio_dir(folder) / INDEX_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"pack": pack_id, "format": 1, "lines": [asdict(e) for e in entries]}
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)
    return path


def _lookup(folder: Path, key: Key) -> Path | None:
    entry = read_index(folder).get(key)
    if entry is None:
        return None
    path = audio_dir(folder) / entry.file
    return path if path.is_file() else None


def caller_line_audio(folder: Path, line: CallerLine) -> Path | None:
    """The file to play for a caller line: its own recording, else its rendered voice."""
    if line.audio:
        own = Path(folder) / line.audio
        return own if own.is_file() else None
    return _lookup(folder, (line.text, line.voice, line.mood))


def model_answer_audio(folder: Path, turn: Turn) -> Path | None:
    """The rendered model answer (a turn's first standard wording) for "hear the answer"."""
    return _lookup(folder, answer_line(turn).key)
