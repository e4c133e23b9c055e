"""Where packs are: the user's packs first, then the built-in ones (``scripts/``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer import locations
from trainer.core.scenario import Pack
from trainer.errors import PackError, PackNotFound, PackProblem
from trainer.packs.parse import parse_pack

PACK_FILE = locations.PACK_FILE
pack_folders = locations.pack_folders
_candidates = locations.pack_candidates
MAX_PACK_BYTES = 4_000_000  # the largest built-in pack is about 40 kB


def load_pack_file(path: Path) -> Pack:
    path = Path(path)
    if path.is_dir():
        path = path / PACK_FILE
    if not path.is_file():
        raise PackNotFound(f"{path}: no such pack file; a pack is a folder with a {PACK_FILE}")
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            raise PackError(
                [PackProblem(str(path), None, "", f"larger than {MAX_PACK_BYTES // 10**6} MB")]
            )
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


@dataclass(frozen=True)
class Packs:
    """Every pack that loads, and each pack folder that does not with its first problem.
    A user pack that does not load leaves the built-in pack of its id in place."""

    packs: list[Pack]
    folders: dict[str, Path]  # pack id -> the folder it was loaded from
    broken: list[tuple[Path, str]]


def load_packs() -> Packs:
    packs, folders, broken = [], {}, []
    for pack_id, candidates in _candidates().items():
        for folder in candidates:
            try:
                pack = load_pack_file(folder)
            except (PackError, PackNotFound) as exc:
                broken.append((folder, str(exc).splitlines()[0]))
                continue
            packs.append(pack)
            folders[pack_id] = folder
            break
    return Packs(packs, folders, broken)


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
    """The pack of that id (or path); a user pack that does not load falls back to the
    built-in one of the same id, and the user pack's problems are raised when none loads."""
    folder = find_pack(pack_id)
    fallbacks = _candidates().get(pack_id, [])[1:] if folder == pack_folders().get(pack_id) else []
    try:
        return load_pack_file(folder)
    except PackError:
        for other in fallbacks:
            try:
                return load_pack_file(other)
            except (PackError, PackNotFound):
                continue
        raise
