"""The app's settings: the ``[app]`` table of ``config.toml`` in the home folder, read and
written here only. The app writes them back when the trainee changes the interface language,
the pack, the reply mode or the trainee, so the next start opens where the last one left off.

```toml
[app]
ui = "zh"              # or "en"; unset: follow the pack (Chinese for a Chinese pack)
reply_by = "voice"     # or "typed"; unset: voice when a microphone and a model are ready
pack = "property-zh"   # the pack the app opens on
trainee = "王芳"        # the trainee picked last
leaderboard = "off"    # or "on" (default): the cohort table ranks trainees, or lists them by name
```
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from trainer import locations
from trainer.errors import TrainerError

DEFAULT_PACK = "property-zh"
CHOICES: dict[str, tuple[str, ...]] = {
    "ui": ("en", "zh"),
    "reply_by": ("voice", "typed"),
    "leaderboard": ("on", "off"),
}


@dataclass(frozen=True)
class Settings:
    ui: str | None = None
    """The interface language, "en" or "zh"; None follows the pack's language."""

    reply_by: str | None = None
    """"voice" or "typed"; None replies by voice when a microphone and a model are ready."""

    pack: str = DEFAULT_PACK
    """The id of the pack the app opens on (the first pack when it is not installed)."""

    trainee: str | None = None
    """The trainee picked last; None picks the first one listed."""

    leaderboard: str | None = None
    """"off" lists a cohort's trainees by name instead of ranking them; None or "on" ranks."""

    def with_(self, **changes: str | None) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


FIELDS = tuple(f.name for f in dataclasses.fields(Settings))


def load(path: Path | None = None) -> Settings:
    """The settings in ``path`` (default: the home folder's config.toml); defaults when the
    file does not exist. A file that cannot be read, or a setting that is not one, is a
    ``TrainerError`` that names the file and the choices."""
    path = path or locations.config_file()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("app", {})
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TrainerError(f"{path}: {exc}; fix the file or remove it") from None
    if not isinstance(table, dict):
        raise TrainerError(f"{path}: [app] must be a table; fix the file or remove it")
    values: dict[str, str] = {}
    for key, value in table.items():
        allowed = CHOICES.get(key)
        valid = key in FIELDS and isinstance(value, str) and value.strip() != ""
        if not valid or (allowed is not None and value not in allowed):
            raise TrainerError(f"{path}: [app] {key} = {value!r} is not a setting ({_help()})")
        values[key] = value
    return Settings(**values)


def save(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` as the ``[app]`` table of ``path`` (unset ones are left out)."""
    path = path or locations.config_file()
    lines = ["[app]"]
    for name in FIELDS:
        value = getattr(settings, name)
        if value is not None:
            lines.append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".new")
        temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        raise TrainerError(f"cannot save the settings to {path}: {exc.strerror or exc}") from None


def _help() -> str:
    choices = [f"{k} = {'/'.join(v)}" for k, v in CHOICES.items()]
    return " | ".join([*choices, "pack = PACK-ID", "trainee = NAME"])
