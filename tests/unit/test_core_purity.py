"""The core is pure: importing it pulls in no device, database, recogniser or UI library."""

import subprocess
import sys


def test_core_imports_no_io_libraries() -> None:
    code = (
        "import sys, trainer.core.scoring, trainer.core.scenario, trainer.core.rulebook;"
        "bad = [m for m in ('textual', 'sounddevice', 'vosk', 'sqlalchemy', 'soundfile', 'click', 'yaml')"
        " if m in sys.modules]; print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"core imported: {out.stdout.strip()}"
