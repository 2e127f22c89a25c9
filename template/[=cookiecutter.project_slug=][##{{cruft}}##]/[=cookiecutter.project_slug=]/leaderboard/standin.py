"""A local Redis for development and tests: redis-server when installed, else fakeredis."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import redis

from [= cookiecutter.project_slug =].services.ports import free_port, wait_for_port

if TYPE_CHECKING:
    from contextlib import ExitStack


class RedisServer:
    """A redis-server on a local port: throwaway, or keeping its data in `data_dir`."""

    executable = shutil.which("redis-server")

    def __init__(self, port: int | None = None, data_dir: Path | None = None) -> None:
        self.port = port or free_port()
        self.data_dir = data_dir
        self._process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int | None:
        """The running redis-server's process id (fault tests stop it with SIGSTOP)."""
        return self._process.pid if self._process is not None else None

    def start(self) -> RedisServer:
        if self.executable is None:
            raise FileNotFoundError("redis-server is not installed")
        persistence = ["--save", "", "--appendonly", "no"]
        if self.data_dir is not None:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            # An RDB snapshot a minute after a change and at every normal stop (SIGTERM,
            # Ctrl-C), loaded at start. Redis writes it aside and renames it: never half
            # written, also when two `make dev` share the folder (the last to stop wins).
            persistence = ["--dir", str(self.data_dir), "--dbfilename", "dump.rdb"]
            persistence += ["--save", "60 1", "--appendonly", "no"]
            persistence += ["--logfile", str(self.data_dir / "redis.log")]
        self._process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                self.executable,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *persistence,
                *("--daemonize", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self._wait_until_serving()
        except (RuntimeError, TimeoutError) as error:
            self.stop()
            if self.data_dir is None:
                raise
            # An unreadable snapshot stops it from starting: its log says so.
            raise RuntimeError(f"{error}; see {self.data_dir / 'redis.log'}") from None
        return self

    def _wait_until_serving(self, timeout: float = 10.0) -> None:
        """Return once this process answers PING, its snapshot loaded.

        Redis listens before it loads a snapshot (answering LOADING meanwhile), and a port
        that was free a moment ago may have gone to another server: only a PONG from this
        very process (INFO's process_id) counts.
        """
        deadline = time.monotonic() + timeout
        with redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=0.2) as client:
            while time.monotonic() < deadline:
                if self._process.poll() is not None:
                    raise RuntimeError(f"redis-server exited with code {self._process.returncode}")
                try:
                    if client.ping() and client.info("server")["process_id"] == self._process.pid:
                        return
                except redis.RedisError:  # not listening yet, or still loading
                    pass
                time.sleep(0.02)
        raise TimeoutError(f"redis-server on port {self.port} did not answer in {timeout} s")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()  # with a data_dir: saves the snapshot, then exits
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
    """For `manage.py dev`: a local Redis unless REDIS_URL is set.

    redis-server keeps its data in STANDIN_DATA_DIR/redis (`manage.py dev` sets it), so a
    restart keeps the leaderboard; fakeredis keeps nothing.
    """
    if os.environ.get("REDIS_URL"):
        return None
    standin_data = os.environ.get("STANDIN_DATA_DIR")
    data_dir = Path(standin_data) / "redis" if standin_data else None
    server = RedisServer(data_dir=data_dir) if RedisServer.executable else FakeRedisServer()
    server.start()
    stack.callback(server.stop)
    real = isinstance(server, RedisServer)
    kind = "redis-server" if real else "fakeredis (no redis-server installed)"
    kept = f"data kept in {data_dir}" if real and data_dir else "nothing kept between runs"
    description = f"local {kind} at {server.url}, {kept} (REDIS_URL is not set)"
    return {"REDIS_URL": server.url}, description
