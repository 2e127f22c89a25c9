"""`manage.py dev` stops the redis-server it started, also when its terminal closes."""

from __future__ import annotations

import os
import signal
import socket

import pytest

from [= cookiecutter.project_slug =].leaderboard.standin import RedisServer
from tests.servers import manage_py_dev, wait_for_line

pytestmark = pytest.mark.skipif(
    RedisServer.executable is None or not hasattr(signal, "SIGHUP"),
    reason="needs redis-server (apt-get install redis-server) and POSIX signals",
)


def test_closing_the_terminal_stops_the_local_redis_server(tmp_path):
    # A terminal of its own, to hang up; REDIS_URL unset, or it is used instead of a stand-in.
    with manage_py_dev(tmp_path, without=("REDIS_URL",), start_new_session=True) as (dev, log):
        redis_port = int(wait_for_line(log, r"redis-server at redis://127\.0\.0\.1:(\d+)", dev)[1])
        wait_for_line(log, "Application startup complete", dev)
        os.killpg(dev.pid, signal.SIGHUP)  # what closing the terminal window sends
        dev.wait(timeout=30)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", redis_port), timeout=5).close()
