"""Real uvicorn processes serving the project, and real websockets and HTTP to them.

What only a real server shows: several processes sharing a channel layer, what happens on
SIGTERM, which client address a request carries, what a browser's plain HTTP meets. The
in-process ASGI app of the other tests (tests/livesocket.py) has no processes, signals or
addresses.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from django.conf import settings

from [= cookiecutter.project_slug =].services.ports import free_port

DOCKERFILE = Path(settings.BASE_DIR) / "Dockerfile"


def dockerfile_uvicorn_options() -> list[str]:
    """The options the Dockerfile's CMD gives uvicorn, except --host and --port.

    A test runs uvicorn with these, so it runs what the image runs; it binds 127.0.0.1
    and a free port of its own instead of the container's 0.0.0.0:8000.
    """
    command = re.search(r"^CMD (\[.*\])$", DOCKERFILE.read_text(), re.MULTILINE).group(1)
    executable, _application, *options = json.loads(command)
    assert executable == "uvicorn", command
    kept = []
    while options:
        option = options.pop(0)
        if option in {"--host", "--port"}:
            options.pop(0)  # its value
        else:
            kept.append(option)
    return kept


def dockerfile_env(name: str) -> str:
    """The value the Dockerfile's ENV instruction gives the variable `name`."""
    value = re.search(rf'^(?:ENV)?\s*{name}="?([^"\s]*)"?', DOCKERFILE.read_text(), re.MULTILINE)
    assert value, f"the Dockerfile sets no {name}"
    return value.group(1)


def manage(env: dict[str, str], *command: str) -> str:
    """`manage.py <command>` in its own process with `env`, as a release step runs it;
    what it printed."""
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@contextmanager
def manage_py_dev(folder: Path, *, without: tuple[str, ...] = (), **popen_options):
    """`manage.py dev --no-reload` as `make dev` runs it, on a database and stand-in data of
    its own in `folder`, with the services named in `without` unset (so it starts their
    stand-ins); yields the process and the file its output goes to. Stopped on exit."""
    environment = {
        **os.environ,
        "DEBUG": "true",
        "DJANGO_ENV": "development",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STANDIN_DATA_DIR": str(folder),  # not the project's own var/
    }
    for name in without:
        environment.pop(name, None)
    manage(environment, "migrate", "--no-input", "--skip-checks")
    log = folder / "dev.log"
    with log.open("wb") as output:
        dev = subprocess.Popen(
            [sys.executable, "manage.py", "dev", "--no-reload", "--port", str(free_port())],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            **popen_options,
        )
    try:
        yield dev, log
    finally:
        if dev.poll() is None:  # SIGTERM: it stops the server and the stand-ins it started
            dev.terminate()
            dev.wait(timeout=30)


def wait_for_line(log: Path, pattern: str, process: subprocess.Popen) -> re.Match:
    """The first match of `pattern` in what `process` wrote to `log`, waiting for it."""
    deadline = time.monotonic() + 60  # a loaded CI machine starts slowly
    while not (found := re.search(pattern, log.read_text(errors="replace"))):
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {pattern!r} in the output:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)
    return found


def single_server_env(folder: Path, **variables: str) -> dict[str, str]:
    """The environment of one server of its own: the test profile (the in-memory channel
    layer unless `variables` name Redis) with DEBUG off, its own SQLite database in
    `folder`, and `variables` on top. The database is migrated."""
    # Outside services only where `variables` name them: none from this shell's environment.
    env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    env |= {
        "DJANGO_ENV": "test",
        "DEBUG": "false",
        "SECRET_KEY": "single-server-test-secret-key-0123456789abcdefghijklmnopqrstuv",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        **variables,
    }
    manage(env, "migrate", "--no-input", "--skip-checks")  # checks are `make check`'s job
    return env


@contextmanager
def serving(folder: Path, **variables: str) -> Iterator[Server]:
    """One uvicorn on a migrated database of its own in `folder`; stopped on exit."""
    env = single_server_env(folder, **variables)
    server = Server(env, folder / "uvicorn.log")
    try:
        server.wait_until_serving()
        yield server
    finally:
        server.stop()


class Server:
    """`uvicorn <project>.asgi:application` in its own process on 127.0.0.1, logging to a file."""

    def __init__(self, env: dict[str, str], log: Path, options: list[str] = ()) -> None:
        self.port = free_port()
        self.env = env
        self.log = log
        with log.open("wb") as output:  # the child keeps its own copy of the file handle
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    *("-m", "uvicorn", "[= cookiecutter.project_slug =].asgi:application"),
                    *("--host", "127.0.0.1", "--port", str(self.port)),
                    *options,
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_serving(self, timeout: float = 60) -> None:
        # uvicorn binds its port only after the app has started (lifespan included).
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"uvicorn did not start\n{self.output()}") from None
                time.sleep(0.1)

    def output(self) -> str:
        """The end of this server's log, for failure messages."""
        return f"--- {self.origin} ---\n" + self.log.read_text(errors="replace")[-4000:]

    def stop(self, kill_after: float = 30) -> float:
        """SIGTERM, as a container runtime sends it; SIGKILL if the process is still
        there `kill_after` seconds later. Returns the seconds from SIGTERM to the end."""
        signalled = time.monotonic()
        self.process.terminate()
        try:
            self.process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return time.monotonic() - signalled


class Viewer:
    """A browser tab on one server: a real websocket speaking djust's protocol."""

    def __init__(self, websocket, servers: list[Server]) -> None:
        self.websocket = websocket
        self._servers = servers  # their logs explain a frame that never comes
        self._ref = 0

    async def receive(self, timeout: float = 10) -> dict:
        try:
            return json.loads(await asyncio.wait_for(self.websocket.recv(), timeout))
        except TimeoutError:
            logs = "\n".join(server.output() for server in self._servers)
            raise AssertionError(f"no frame within {timeout} s\n{logs}") from None

    async def mount(self, view: str, url: str = "/") -> dict:
        message = {"type": "mount", "view": view, "params": {}, "url": url}
        await self.websocket.send(json.dumps(message))
        return await self.receive()

    async def event(self, handler: str, /, **params) -> dict:
        """Send an event and return the reply that answers it (same `ref`)."""
        self._ref += 1
        message = {"type": "event", "event": handler, "params": params, "ref": self._ref}
        await self.websocket.send(json.dumps(message))
        while (frame := await self.receive()).get("ref") != self._ref:
            pass
        return frame


@dataclass
class Answer:
    status: int
    headers: Message
    text: str


class Browser:
    """Cookies kept, redirects and error statuses returned as they come (not followed)."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NotFollowingRedirects
        )

    def open(
        self,
        path: str,
        fields: dict[str, str] | None = None,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """GET `path`, or POST `fields` as a form or `body` as it is."""
        data = body if fields is None else urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(self.origin + path, data, headers or {})  # noqa: S310
        try:
            response = self._opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx, 4xx and 5xx
            response = error
        with response:
            return Answer(response.status, response.headers, response.read().decode())

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == name)


class NotFollowingRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
