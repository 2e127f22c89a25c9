"""`manage.py dev` stops the redis-server it started, also when its terminal closes."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from [= cookiecutter.project_slug =].leaderboard.standin import RedisServer
from [= cookiecutter.project_slug =].services.ports import free_port

pytestmark = pytest.mark.skipif(
    RedisServer.executable is None or not hasattr(signal, "SIGHUP"),
    reason="needs redis-server (apt-get install redis-server) and POSIX signals",
)


def wait_for_line(log: Path, pattern: str, dev: subprocess.Popen) -> re.Match:
    deadline = time.monotonic() + 60
    while not (found := re.search(pattern, log.read_text(errors="replace"))):
        if dev.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {pattern!r} in the output:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)
    return found


def test_closing_the_terminal_stops_the_local_redis_server(tmp_path):
    environment = {
        **os.environ,
        "DEBUG": "true",
        "DJANGO_ENV": "development",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STANDIN_DATA_DIR": str(tmp_path),  # not the project's own var/
    }
    environment.pop("REDIS_URL", None)  # set, it would be used instead of a stand-in
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--no-input", "--skip-checks"],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
    )
    log = tmp_path / "dev.log"
    with log.open("wb") as output:
        dev = subprocess.Popen(
            [*manage, "dev", "--no-reload", "--port", str(free_port())],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a terminal of its own, to hang up
        )
    try:
        redis_port = int(wait_for_line(log, r"redis-server at redis://127\.0\.0\.1:(\d+)", dev)[1])
        wait_for_line(log, "Application startup complete", dev)
        os.killpg(dev.pid, signal.SIGHUP)  # what closing the terminal window sends
        dev.wait(timeout=30)
    finally:
        if dev.poll() is None:
            os.killpg(dev.pid, signal.SIGKILL)
            dev.wait()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", redis_port), timeout=5).close()
