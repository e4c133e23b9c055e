"""Helpers for the storage tests: a real PostgreSQL server, fresh databases, writer processes.

PostgreSQL: ``TRAINER_TEST_PG_URL`` when set (``.ci/postgres.sh`` exports it); otherwise, if the
server binaries are installed, a private throw-away cluster is started on a Unix socket in a
temporary folder (as the ``postgres`` user when running as root) and stopped at exit.
"""

from __future__ import annotations

import atexit
import functools
import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class FakePack:
    id: str = "property-zh"
    version: str = "1"
    title: str = "Property management"
    language: str = "zh"


def tone(seconds: float = 0.5, rate: int = 16000, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * freq * t) * 32767).astype(np.int16)


class _NoPostgres(Exception):
    pass


def _run(cmd: list[str], user: str | None) -> None:
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


@functools.cache
def _server_url() -> str:
    """The URL of a maintenance database on a PostgreSQL server we may create databases on."""
    if url := os.environ.get("TRAINER_TEST_PG_URL"):
        return url
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not initdbs:
        raise _NoPostgres(
            "no PostgreSQL: set TRAINER_TEST_PG_URL or install the server (postgresql in "
            ".ci/apt-packages.txt)"
        )
    bindir = Path(initdbs[-1]).parent
    user = None
    base = Path(tempfile.mkdtemp(prefix="trainer-pg-"))
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        user = "postgres"
        try:
            entry = pwd.getpwnam(user)
        except KeyError as exc:
            raise _NoPostgres("running as root and there is no postgres user") from exc
        os.chown(base, entry.pw_uid, entry.pw_gid)
    os.chmod(base, 0o755)
    data = base / "data"
    try:
        _run([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "trainer",
              "-E", "UTF8", "--no-sync"], user)  # fmt: skip
        _run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-o",
              f"-k {base} -c listen_addresses='' -c fsync=off -c max_connections=60",
              "start"], user)  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        log = (base / "log").read_text() if (base / "log").exists() else ""
        raise _NoPostgres(f"could not start a local PostgreSQL: {exc} {log[-500:]}") from exc

    def stop() -> None:
        subprocess.run(
            (["runuser", "-u", user, "--"] if user else [])
            + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)

    atexit.register(stop)
    return f"postgresql+psycopg://trainer@/postgres?host={base}"


def postgres_server_url() -> str:
    """The server URL, or skip the test saying why there is none."""
    try:
        return _server_url()
    except _NoPostgres as exc:
        pytest.skip(str(exc))


def fresh_postgres_database() -> str:
    """Create an empty database on the test server; returns its SQLAlchemy URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(postgres_server_url())
    name = f"trainer_test_{uuid.uuid4().hex[:12]}"
    dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:  # leave a shared server (TRAINER_TEST_PG_URL) as we found it
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except psycopg.Error:
            pass  # the private server is being removed anyway

    atexit.register(drop)
    return server.set(database=name).render_as_string(hide_password=False)


def start_writer(
    db_url: str, recordings: Path, *, trainee: str, count: int, home: Path, gate: Path | None = None
) -> subprocess.Popen[str]:
    """A separate process recording attempts through the repository (tests/storage_writer.py);
    it prints ``saved <id> <uid> <recording> <time>`` once each attempt is committed."""
    env = {**os.environ, "TRAINER_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    env.pop("TRAINER_DB", None)
    cmd = [sys.executable, "-m", "tests.storage_writer", "--db", db_url,
           "--recordings", str(recordings), "--trainee", trainee, "--count", str(count)]  # fmt: skip
    if gate is not None:
        cmd += ["--gate", str(gate)]
    return subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def parse_saved(stdout: str) -> list[tuple[int, str, str]]:
    """(attempt id, uid, recording) for each complete "saved" line; a line cut short by a
    kill does not count as reported."""
    saved = []
    for line in stdout.splitlines(keepends=True):
        parts = line.split()
        if line.endswith("\n") and len(parts) == 5 and parts[0] == "saved":
            saved.append((int(parts[1]), parts[2], parts[3]))
    return saved


def saved_times(stdout: str) -> list[float]:
    return [float(line.split()[4]) for line in stdout.splitlines() if line.startswith("saved ")]


@dataclass
class WriterRun:
    returncode: int
    saved: list[tuple[int, str, str]]
    stderr: str
    times: list[float]


def run_writers(db_url: str, tmp: Path, *, processes: int = 8, count: int = 25) -> list[WriterRun]:
    """Start ``processes`` writers, let them go at the same moment once all have loaded, and
    wait for them all."""
    gate = tmp / "go"
    procs = [
        start_writer(
            db_url, tmp / "recordings", trainee=f"writer{i}", count=count, home=tmp, gate=gate
        )
        for i in range(processes)
    ]
    deadline = time.monotonic() + 300
    while len(list(tmp.glob("go.*.ready"))) < processes and time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            break
        time.sleep(0.05)
    gate.touch()
    runs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        runs.append(WriterRun(proc.returncode, parse_saved(out), err, saved_times(out)))
    return runs


def overlapped(runs: list[WriterRun]) -> bool:
    """Were the writers' commits interleaved (not one writer after the other)? In commit
    order, the writer changes far more often than once per writer."""
    order = sorted((t, i) for i, run in enumerate(runs) for t in run.times)
    switches = sum(a[1] != b[1] for a, b in zip(order, order[1:], strict=False))
    return switches >= 2 * len(runs)


def check_writers(db_url: str, runs: list[WriterRun], count: int) -> int:
    """Every writer finished cleanly, and the database holds exactly the attempts they
    reported saved: none lost, none duplicated. Returns the number of rows."""
    from sqlalchemy import select

    from trainer.storage import Database
    from trainer.storage.schema import attempts

    for run in runs:
        assert "locked" not in run.stderr.lower(), run.stderr
        assert run.returncode == 0, run.stderr
        assert len(run.saved) == count
    reported = {uid: (attempt_id, path) for run in runs for attempt_id, uid, path in run.saved}
    assert len(reported) == len(runs) * count
    db = Database(db_url)
    rows = db.read(lambda c: c.execute(select(attempts.c.id, attempts.c.uid)).all())
    db.dispose()
    assert len(rows) == len({r.uid for r in rows}) == len({r.id for r in rows})
    assert {r.uid: r.id for r in rows} == {uid: aid for uid, (aid, _) in reported.items()}
    assert all(Path(path).is_file() for _, path in reported.values())
    return len(rows)
