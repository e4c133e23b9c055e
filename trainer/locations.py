"""The only module that knows where things live.

Everything sits under one home folder: ``TRAINER_HOME`` when set (tests point it at a
temporary folder), otherwise the platform's user data folder (platformdirs).
``trainer locate`` prints these paths.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from platformdirs import user_data_dir

APP = "trainer"
PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_DIR = PACKAGE_DIR.parent


PRIVATE_DIR = 0o700  # what the trainer creates holds personal data: for its owner only
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Make ``path`` and any missing parents, each one created owner-only (``mkdir -p``
    would give the parents the default mode). Existing folders keep their mode."""
    target = path = Path(path)
    missing = []
    while not path.exists() and path != path.parent:
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=PRIVATE_DIR)
    return target


def make_private(path: Path, mode: int) -> None:
    """Tighten a file or folder the trainer owns to ``mode`` when it is looser (an install
    made before the trainer kept its data owner-only); what it cannot change it leaves."""
    try:
        st = os.stat(path)
        if st.st_uid == os.getuid() and st.st_mode & 0o777 & ~mode:
            os.chmod(path, mode)
    except (OSError, AttributeError):
        pass


def home() -> Path:
    env = os.environ.get("TRAINER_HOME")
    return Path(env).expanduser() if env else Path(user_data_dir(APP, appauthor=False))


def config_file() -> Path:
    return home() / "config.toml"


def database_file() -> Path:
    return home() / "trainer.sqlite3"


def database_url() -> str:
    return os.environ.get("TRAINER_DB") or f"sqlite:///{database_file()}"


def recordings_dir() -> Path:
    return home() / "recordings"


def exports_dir() -> Path:
    return home() / "exports"


def builtin_packs_dir() -> Path:
    """Packs that ship with the product: ``scripts/`` in a checkout, or inside the wheel."""
    for candidate in (CHECKOUT_DIR / "scripts", PACKAGE_DIR / "scripts"):
        if candidate.is_dir():
            return candidate
    return CHECKOUT_DIR / "scripts"


def user_packs_dir() -> Path:
    return home() / "packs"


def pack_dirs() -> list[Path]:
    """Where packs are looked for, user packs first (a user pack overrides a built-in one)."""
    return [user_packs_dir(), builtin_packs_dir()]


def model_catalog_file() -> Path:
    for candidate in (
        CHECKOUT_DIR / "models" / "catalog.yaml",
        PACKAGE_DIR / "models" / "catalog.yaml",
    ):
        if candidate.is_file():
            return candidate
    return CHECKOUT_DIR / "models" / "catalog.yaml"


def models_dir() -> Path:
    """Installed speech models: the checkout's ``models/`` when running from one (and no
    TRAINER_HOME is set), else ``<home>/models``."""
    if (
        not os.environ.get("TRAINER_HOME")
        and (CHECKOUT_DIR / "models").is_dir()
        and os.access(CHECKOUT_DIR / "models", os.W_OK)
    ):
        return CHECKOUT_DIR / "models"
    return home() / "models"


def all_paths() -> dict[str, Path]:
    return {
        "home": home(),
        "config": config_file(),
        "database": database_file(),
        "recordings": recordings_dir(),
        "exports": exports_dir(),
        "packs (user)": user_packs_dir(),
        "packs (built-in)": builtin_packs_dir(),
        "models": models_dir(),
        "model catalog": model_catalog_file(),
    }


PACK_FILE = "pack.yaml"


def pack_folders() -> dict[str, Path]:
    """Pack id -> folder, user packs overriding built-in ones of the same id (folders only:
    nothing is parsed, so this is cheap enough to run before the app is imported)."""
    return {pack_id: folders[0] for pack_id, folders in pack_candidates().items()}


def pack_candidates() -> dict[str, list[Path]]:
    """Pack id -> its folders, the user's first, then the built-in one."""
    found: dict[str, list[Path]] = {}
    for base in reversed(pack_dirs()):  # built-in ids keep their place in the order
        try:
            folders = sorted(base.iterdir()) if base.is_dir() else []
        except OSError:
            continue
        for folder in folders:
            if (folder / PACK_FILE).is_file():
                found.setdefault(folder.name, []).insert(0, folder)
    return found
