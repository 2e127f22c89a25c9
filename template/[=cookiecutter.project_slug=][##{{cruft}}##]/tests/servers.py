"""The project served as production serves it (uvicorn processes on their own ports), and a
browser's HTTP to them."""

from __future__ import annotations

import http.cookiejar
import os
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


def site_environment(database: Path, **variables: str) -> dict[str, str]:
    """Environment for a server process of its own, on the SQLite file `database`."""
    return {
        **os.environ,
        # The development profile: production's HTTPS redirect and hashed static files
        # (they need collectstatic) do not fit plain HTTP on 127.0.0.1.
        "DJANGO_ENV": "development",
        # DEBUG off as in production: no debug-only code paths in what is tested.
        "DEBUG": "false",
        # One key for every process: a session or signed value made by one process
        # must be valid in another (unset, each DEBUG process would invent its own).
        "SECRET_KEY": "server-test-secret-key-shared-by-every-process-0123456789",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # One database file for every process, as one database server serves them all.
        "DATABASE_URL": f"sqlite:///{database}",
        **variables,
    }


def manage(env: dict[str, str], *command: str) -> str:
    """Run `manage.py <command>` in its own process with `env`; what it printed."""
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@contextmanager
def serving(folder: Path, **variables: str) -> Iterator[Server]:
    """A migrated database in `folder` and one uvicorn serving it; stopped on exit."""
    env = site_environment(folder / "db.sqlite3", **variables)
    manage(env, "migrate", "--no-input", "--skip-checks")  # checks are `make check`'s job
    server = Server(env, folder / "uvicorn.log")
    try:
        server.wait_until_serving()
        yield server
    finally:
        server.stop()


class Server:
    """`uvicorn <project>.asgi:application` in its own process, logging to a file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.env = env
        self.log = log
        with log.open("wb") as output:  # the child keeps its own copy of the file handle
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    *("-m", "uvicorn", "[= cookiecutter.project_slug =].asgi:application"),
                    *("--host", "127.0.0.1", "--port", str(self.port)),
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
                urllib.request.urlopen(self.origin + "/", timeout=2).close()  # noqa: S310 (local)
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"uvicorn did not start\n{self.output()}") from None
                time.sleep(0.1)

    def output(self) -> str:
        """The end of this server's log, for failure messages."""
        return f"--- {self.origin} ---\n" + self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


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
