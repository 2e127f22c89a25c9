"""`database: postgres` for real: a generated project's tests run on a PostgreSQL server.

The server is a throwaway cluster in a temporary folder, started with the distribution's
own binaries (`apt-get install postgresql`) and stopped afterwards. PostgreSQL refuses to
run as root, so as root its commands run as the `postgres` OS user; any other user (a CI
runner) runs them as itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .matrix import MATRIX
from .test_generated_projects import assert_first_commit, free_port, make

pytestmark = pytest.mark.slow

# The app's role and database; the tests' database is pytest-django's `test_app`.
ROLE = DATABASE = "app"
PASSWORD = "app-password"  # a throwaway cluster that listens on 127.0.0.1 only


def postgres_bindir() -> Path | None:
    """The newest installed PostgreSQL's binaries (Debian/Ubuntu: /usr/lib/postgresql/N/bin)."""
    installed = [
        bindir
        for bindir in Path("/usr/lib/postgresql").glob("*/bin")
        if bindir.parent.name.isdigit() and (bindir / "initdb").exists()
    ]
    return max(installed, key=lambda bindir: int(bindir.parent.name), default=None)


@dataclass
class Cluster:
    bindir: Path
    folder: Path
    port: int
    as_root: bool

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    @property
    def url(self) -> str:
        return f"postgres://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/{DATABASE}"

    def run(self, program: str, *args: str) -> str:
        """Run one of PostgreSQL's programs as the cluster's owner; fail with its output."""
        user = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        result = subprocess.run(
            [*user, str(self.bindir / program), *args],
            cwd=self.folder,  # runuser keeps the directory, which postgres must be able to read
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"{program} {args}\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def sql(self, statement: str) -> str:
        # As the superuser over the Unix socket, which trusts local users.
        return self.run(
            "psql",
            *("-h", str(self.folder), "-p", str(self.port), "-U", "postgres", "-d", "postgres"),
            *("-v", "ON_ERROR_STOP=1", "-At", "-c", statement),
        )


@pytest.fixture
def postgres() -> Iterator[Cluster]:
    """A PostgreSQL cluster on a free port with the app's role and database, stopped after."""
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    as_root = os.geteuid() == 0
    if as_root and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: PostgreSQL refuses to run as root")
    # Not under pytest's tmp_path: its root-only parent (mode 0700) would shut postgres out.
    folder = Path(tempfile.mkdtemp(prefix="postgres-test-"))
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(bindir, folder, free_port(), as_root)
    try:
        # Local (socket) connections are trusted, for the setup below; TCP ones, as the
        # app makes them, need the password.
        cluster.run(
            "initdb",
            *("-D", str(cluster.data), "-U", "postgres", "--encoding=UTF8", "--no-locale"),
            *("--auth-local=trust", "--auth-host=scram-sha-256"),
        )
        options = " ".join(
            [
                f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1",
                "-c fsync=off -c synchronous_commit=off",  # a throwaway cluster: speed over safety
                "-c log_connections=on",  # the log then shows which database the tests used
            ]
        )
        cluster.run(
            "pg_ctl", "-D", str(cluster.data), "-l", str(cluster.log), "-o", options, "-w", "start"
        )
        # CREATEDB: pytest-django creates, then drops, the `test_app` database.
        cluster.sql(f"CREATE ROLE {ROLE} LOGIN CREATEDB PASSWORD '{PASSWORD}'")
        cluster.sql(f"CREATE DATABASE {DATABASE} OWNER {ROLE}")
        yield cluster
    finally:
        try:
            if (cluster.data / "postmaster.pid").exists():  # started, maybe failed later
                cluster.run("pg_ctl", "-D", str(cluster.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def test_make_test_passes_on_postgresql(render, postgres, monkeypatch):
    project = render("postgres", MATRIX["maximal"])
    assert_first_commit(project)
    monkeypatch.setenv("DATABASE_URL", postgres.url)  # `make` passes our environment on

    result = make(project, "test")
    output = result.stdout[-6000:] + result.stderr[-3000:]
    assert result.returncode == 0, output
    assert re.search(r"\d+ passed", result.stdout) and " failed" not in result.stdout, output

    # The tests ran on this server: pytest-django's test database saw the app connect.
    log = postgres.log.read_text()
    assert f"user={ROLE} database=test_{DATABASE}" in log, log[-3000:]
    # ... and was dropped again, leaving only the app's own database.
    databases = postgres.sql("SELECT datname FROM pg_database WHERE NOT datistemplate")
    assert sorted(databases.split()) == sorted([DATABASE, "postgres"])
