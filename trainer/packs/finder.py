"""Where packs are: the user's packs first, then the built-in ones (``scripts/``)."""

from __future__ import annotations

from pathlib import Path

from trainer import locations
from trainer.core.scenario import Pack
from trainer.errors import PackError, PackNotFound, PackProblem
from trainer.packs.parse import parse_pack

PACK_FILE = "pack.yaml"


def load_pack_file(path: Path) -> Pack:
    path = Path(path)
    if path.is_dir():
        path = path / PACK_FILE
    if not path.is_file():
        raise PackNotFound(f"{path}: no such pack file; a pack is a folder with a {PACK_FILE}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(
            [
                PackProblem(
                    str(path),
                    None,
                    "",
                    f"not UTF-8 text (byte {exc.start}); save the file as UTF-8",
                )
            ]
        ) from None
    except OSError as exc:
        raise PackError(
            [PackProblem(str(path), None, "", f"cannot be read: {exc.strerror}")]
        ) from None
    return parse_pack(text, str(path), folder=path.parent)


def pack_folders() -> dict[str, Path]:
    """Pack id -> folder, user packs overriding built-in ones of the same id."""
    found: dict[str, Path] = {}
    for base in reversed(locations.pack_dirs()):
        if not base.is_dir():
            continue
        for folder in sorted(base.iterdir()):
            if (folder / PACK_FILE).is_file():
                found[folder.name] = folder
    return found


def find_pack(pack_id: str) -> Path:
    candidate = Path(pack_id)
    if candidate.is_dir() and (candidate / PACK_FILE).is_file():
        return candidate
    if candidate.is_file():
        return candidate.parent
    folders = pack_folders()
    if pack_id not in folders:
        known = ", ".join(sorted(folders)) or "none"
        raise PackNotFound(
            f"no pack {pack_id!r}; installed packs: {known} (see `trainer pack list`)"
        )
    return folders[pack_id]


def load_pack(pack_id: str) -> Pack:
    return load_pack_file(find_pack(pack_id))
