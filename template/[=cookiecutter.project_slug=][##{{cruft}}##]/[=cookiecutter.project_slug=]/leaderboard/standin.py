"""A local Redis for development and tests: redis-server when installed, else fakeredis."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from typing import TYPE_CHECKING

from [= cookiecutter.project_slug =].services.ports import free_port, wait_for_port

if TYPE_CHECKING:
    from contextlib import ExitStack


class RedisServer:
    """A throwaway redis-server (no persistence) on a local port."""

    executable = shutil.which("redis-server")

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        if self.executable is None:
            raise FileNotFoundError("redis-server is not installed")
        self._process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                self.executable,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None


class FakeRedisServer:
    """fakeredis speaking the Redis protocol on a local port, for machines without Redis."""

    def __init__(self, port: int | None = None) -> None:
        from fakeredis import TcpFakeServer  # a development dependency

        self.port = port or free_port()
        self._server = TcpFakeServer(("127.0.0.1", self.port))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> FakeRedisServer:
        self._thread.start()
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def start_for_dev(stack: ExitStack) -> tuple[dict[str, str], str] | None:
    """For `manage.py dev`: a local Redis unless REDIS_URL is set."""
    if os.environ.get("REDIS_URL"):
        return None
    server = RedisServer() if RedisServer.executable else FakeRedisServer()
    server.start()
    stack.callback(server.stop)
    kind = (
        "redis-server"
        if isinstance(server, RedisServer)
        else "fakeredis (no redis-server installed)"
    )
    return {"REDIS_URL": server.url}, f"local {kind} at {server.url} (REDIS_URL is not set)"
