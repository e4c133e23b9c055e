"""The PostgreSQL password never has to be on the command line (where every user of the PC
can read it in the process list): PGPASSWORD or a ~/.pgpass file serve a URL without one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import URL, make_url

from tests.conftest import ROOT
from tests.storage_support import fresh_postgres_database


def trainer(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "trainer", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)  # fmt: skip


def test_the_password_comes_from_pgpassword_or_a_pgpass_file(tmp_path: Path) -> None:
    full = make_url(fresh_postgres_database())
    bare = URL.create(full.drivername, full.username, None, full.host, full.port, full.database)
    bare = bare.render_as_string(hide_password=False)
    if not full.password:
        pytest.skip("the test PostgreSQL server takes no password (a local socket)")
    assert make_url(bare).password is None
    base = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k != "TRAINER_DB"}
    base.update(TRAINER_HOME=str(tmp_path), PGPASSFILE=str(tmp_path / "none"))

    added = trainer(
        "--db", bare, "trainee", "add", "Kim", env={**base, "PGPASSWORD": full.password}
    )
    assert added.returncode == 0, added.stderr

    pgpass = tmp_path / ".pgpass"
    pgpass.write_text(
        f"{full.host}:{full.port or 5432}:{full.database}:{full.username}:{full.password}\n"
    )
    pgpass.chmod(0o600)
    listed = trainer("--db", bare, "trainee", "list", env={**base, "PGPASSFILE": str(pgpass)})
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == "Kim\t\n"

    refused = trainer("--db", bare, "trainee", "list", env=base)  # no password anywhere
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1 and "Traceback" not in refused.stderr
