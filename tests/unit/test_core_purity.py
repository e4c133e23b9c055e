"""The core is pure: importing every core module pulls in no device, database, recogniser,
UI or file-format library, and nothing from the outer layers."""

import pkgutil
import subprocess
import sys

import trainer.core

FORBIDDEN = (
    "textual", "sounddevice", "soundfile", "vosk", "sqlalchemy", "psycopg", "click", "yaml",
    "trainer.packs", "trainer.practice", "trainer.storage", "trainer.asr", "trainer.audio",
)  # fmt: skip


def test_core_imports_no_io_libraries() -> None:
    modules = [f"trainer.core.{m.name}" for m in pkgutil.iter_modules(trainer.core.__path__)]
    assert {"trainer.core.scoring", "trainer.core.session"} <= set(modules)
    code = (
        f"import sys, importlib\nfor m in {modules!r}: importlib.import_module(m)\n"
        f"print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"the core imported: {out.stdout.strip()}"
