"""Start what the benchmark measures: the backends, a migrated database and uvicorn."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .backends import ROOT, Backends
from .proxy import Link, Proxies

# The server's settings: bench/settings.py on the development profile (static files from
# the apps, no collectstatic) with DEBUG off, so neither Django nor djust does debug-only
# work (query logging, debug payloads) and the figures are close to production's.
SERVER_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DJANGO_ENV": "development",
    "DEBUG": "false",
    "DJANGO_READ_DOT_ENV_FILE": "false",  # .env may point at real services
    "SECRET_KEY": secrets.token_urlsafe(50),  # required with DEBUG off; lives for one run
    "ALLOWED_HOSTS": "127.0.0.1",  # also the websocket Origin allow-list
    "LOG_LEVEL": "WARNING",
}
# Inherited variables that could send the server anywhere but 127.0.0.1 (and every
# *_PROXY: HTTP_PROXY, ALL_PROXY, WS_PROXY, SOCKS_PROXY...).
FOREIGN_PREFIXES = ("AWS_", "REDIS_", "WEATHER_", "GEOCODING_", "DATABASE_", "DJANGO_")
FOREIGN_NAMES = {"DEV_STANDINS"}


def clean_environment() -> dict[str, str]:
    """This process's environment without anything that points at an outside service."""
    return {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(FOREIGN_PREFIXES)
        and not name.upper().endswith("_PROXY")
        and name.upper() not in FOREIGN_NAMES
    } | SERVER_ENVIRONMENT


def setup_django() -> None:
    """Load bench.settings here too, to find the installed examples and their URLs."""
    import django

    for name in set(os.environ) - set(clean_environment()):
        del os.environ[name]  # the backends process inherits this environment
    os.environ.update(SERVER_ENVIRONMENT)
    django.setup()


@dataclass
class Site:
    """The running servers and their backends."""

    ports: list[int]  # one uvicorn process each
    server_pids: list[int]
    backends: Backends
    proxies: Proxies | None
    server_log: Path
    cookie: str  # a signed-in session, shared by every client
    spread: int = 1  # new sockets go round-robin to the first `spread` servers
    _opened: int = field(default=0, repr=False)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.ports[0]}"

    def pick(self) -> tuple[str, str]:
        """The websocket URL and Origin for the next socket: servers in turn."""
        port = self.ports[self._opened % self.spread]
        self._opened += 1
        return f"ws://127.0.0.1:{port}/ws/live/", f"http://127.0.0.1:{port}"

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by the servers, each stand-in, the proxies and the clients."""
        # Each stand-in leads a process group of its own: redis-server is in its group.
        used = {"server": sum_or_none(process_cpu(pid) for pid in self.server_pids)}
        used |= {name: group_cpu(p.pid) for name, p in self.backends.processes.items()}
        if self.proxies is not None:
            used["proxy"] = process_cpu(self.proxies.pid)
        return {name: seconds for name, seconds in used.items() if seconds is not None} | {
            "clients": time.process_time()
        }

    def server_log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.server_log.read_text(errors="replace").splitlines()[-lines:])


def sum_or_none(values) -> float | None:
    values = list(values)
    return None if None in values else sum(values)


@contextmanager
def running_site(
    apps: list[str],
    weather_delay: float,
    *,
    latency: dict[str, Link] | None = None,
    processes: int = 1,
) -> Iterator[Site]:
    """Backends (behind delaying proxies with `latency`), a fresh SQLite database and
    `processes` uvicorn processes, one port each; all stopped on exit."""
    with tempfile.TemporaryDirectory(prefix="bench-") as folder, ExitStack() as stack:
        work = Path(folder)
        backends = Backends(apps, weather_delay, work)
        stack.callback(backends.stop)
        environment = clean_environment() | backends.environment
        proxies = None
        if latency:
            proxies = Proxies(backends.environment, latency, work / "proxy.log")
            stack.callback(proxies.stop)
            environment |= proxies.environment
        environment["DATABASE_URL"] = f"sqlite:///{work / 'db.sqlite3'}"
        manage(["migrate", "--no-input"], environment)
        # A session signed in on this database: the examples that change data require one.
        cookie = manage(["shell", "--no-imports", "--command", SIGN_IN], environment)

        from django.conf import settings

        server_log = work / "server.log"
        log = stack.enter_context(server_log.open("w"))
        module, _, attribute = settings.ASGI_APPLICATION.rpartition(".")
        # One worker each, as `make dev` and the Dockerfile run it: a connection lives in
        # one process, so one process's figures are the unit that scales out.
        ports, pids = [], []
        for _ in range(processes):
            port = free_port()
            server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
                [
                    *(sys.executable, "-m", "uvicorn", f"{module}:{attribute}"),
                    *("--host", "127.0.0.1", "--port", str(port), "--lifespan", "on"),
                    *("--no-access-log", "--log-level", "warning"),
                ],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            stack.callback(stop, server)
            ports.append(port)
            pids.append(server.pid)
            wait_until_serving(f"http://127.0.0.1:{port}", server, server_log)
        yield Site(ports, pids, backends, proxies, server_log, cookie)


# Run by `manage.py shell`: a user for the benchmark; prints the Cookie header of a
# session signed in as it.
SIGN_IN = """
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

user, _ = get_user_model().objects.get_or_create(username="bench")
client = Client()
client.force_login(user)
print(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
"""


def manage(command: list[str], environment: dict[str, str]) -> str:
    """Run `manage.py <command>` for the server's database; the last line it printed."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, str(ROOT / "manage.py"), *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {command[0]} failed:\n{done.stdout}{done.stderr}")
    return (done.stdout.strip().splitlines() or [""])[-1]


def process_cpu(pid: int) -> float | None:
    """CPU seconds process `pid` has used (user + system); None where /proc is missing."""
    stat = process_stat(Path(f"/proc/{pid}"))
    return None if stat is None else (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def group_cpu(group: int) -> float | None:
    """CPU seconds the live processes of process group `group` have used; None without /proc."""
    if process_stat(Path(f"/proc/{group}")) is None:
        return None
    ticks = sum(
        int(stat[11]) + int(stat[12])
        for folder in Path("/proc").iterdir()
        if folder.name.isdigit()
        and (stat := process_stat(folder)) is not None
        and int(stat[2]) == group  # the process group id
    )
    return ticks / os.sysconf("SC_CLK_TCK")


def process_stat(folder: Path) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (which may hold spaces)."""
    try:
        return (folder / "stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(origin: str, server: subprocess.Popen, log: Path, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{origin}/", timeout=5):  # noqa: S310 (local)
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start:\n{log.read_text()[-3000:]}") from None
            time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
