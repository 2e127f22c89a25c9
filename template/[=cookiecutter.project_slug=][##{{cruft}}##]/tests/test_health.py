"""/healthz and /readyz as a container probe meets them: uvicorn under the production
settings, plain HTTP to 127.0.0.1, and the real services (the stand-ins in conftest.py)."""

from __future__ import annotations

import http.client
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from [= cookiecutter.project_slug =].services.ports import free_port
[% if 'redis' in cookiecutter.examples %]from tests.faults import paused
[% endif %]
READINESS_TIMEOUT = 1.0
PUBLIC_HOST = "example.com"  # the only host in ALLOWED_HOSTS


class ProductionSite:
    """uvicorn serving the site with DJANGO_ENV=production, on its own SQLite file."""

    def __init__(self, folder, environment: dict[str, str]) -> None:
        self.port = free_port()
        self.database_folder = folder / "database"
        self.database_folder.mkdir()
        self.database = self.database_folder / "db.sqlite3"
        self.log = folder / "uvicorn.log"
        self.environment = {
            **os.environ,
            **environment,
            "DJANGO_ENV": "production",
            "DEBUG": "false",
            "DJANGO_READ_DOT_ENV_FILE": "false",
            "SECRET_KEY": "health-tests-only-" + "x" * 40,
            "ALLOWED_HOSTS": PUBLIC_HOST,
            "DATABASE_URL": f"sqlite:///{self.database}",
            "READINESS_TIMEOUT": str(READINESS_TIMEOUT),
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> ProductionSite:
        manage = [sys.executable, "manage.py"]
        migrate = [*manage, "migrate", "--no-input"]
        subprocess.run(migrate, env=self.environment, check=True, capture_output=True)
        command = [sys.executable, "-m", "uvicorn", "[= cookiecutter.project_slug =].asgi:application"]
        command += ["--host", "127.0.0.1", "--port", str(self.port)]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, env=self.environment, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                get(self, "/healthz")
                return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"uvicorn did not start:\n{self.log.read_text()}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def sessions(self) -> int:
        with sqlite3.connect(self.database) as database:
            return database.execute("SELECT COUNT(*) FROM django_session").fetchone()[0]

    @contextmanager
    def database_gone(self):
        """The database file unreachable (its volume unmounted), then back."""
        away = self.database_folder.with_name("database-away")
        self.database_folder.rename(away)
        try:
            yield
        finally:
            away.rename(self.database_folder)


@pytest.fixture(scope="module")
def site(tmp_path_factory, standins):
    running = ProductionSite(tmp_path_factory.mktemp("production"), standins.environment).start()
    yield running
    running.stop()


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


def get(site, path: str, host: str | None = None) -> Answer:
    """GET `path` over plain HTTP, redirects not followed; Host is the address unless given."""
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=READINESS_TIMEOUT + 5)
    try:
        connection.request("GET", path, headers={"Host": host} if host else {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read().decode())
    finally:
        connection.close()


def probe(site, path: str) -> Answer:
    """What a container probe sends: plain HTTP to 127.0.0.1, its own address as the Host."""
    return get(site, path)


def lines(response: Answer) -> list[str]:
    return response.text.splitlines()


ALL_UP = [
    "database ok",
[% if 'redis' in cookiecutter.examples %]    "redis ok",
[% endif %][% if 's3' in cookiecutter.examples %]    "object storage ok",
[% endif %][% if 'weather' in cookiecutter.examples %]    "weather ok",
[% endif %]]


def test_liveness_answers_a_local_probe_over_plain_http_under_production_settings(site):
    response = probe(site, "/healthz")
    assert (response.status, response.text) == (200, "ok\n")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Set-Cookie"] is None
    # The same request to a page is refused (its Host is not in ALLOWED_HOSTS), and the
    # public host over plain HTTP is redirected to HTTPS: the probes skip both on purpose.
    assert probe(site, "/").status == 400
    public = get(site, "/", host=PUBLIC_HOST)
    assert public.status == 301 and public.headers["Location"] == f"https://{PUBLIC_HOST}/"


def test_probes_need_no_sign_in_and_create_no_session(site):
    before = site.sessions()
    for _ in range(20):
        for path in ("/healthz", "/readyz"):
            response = probe(site, path)
            assert response.status == 200, response.text
            assert response.headers["Set-Cookie"] is None, path
    assert site.sessions() == before


def test_readiness_lists_every_service_when_all_are_up(site):
    response = probe(site, "/readyz")
    assert response.status == 200, response.text
    assert lines(response) == ALL_UP
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def assert_down_then_back(site, name: str, outage, reason: str) -> None:
    """During `outage` /readyz is 503 with `name` down for `reason`, the rest ok; then 200."""
    with outage():
        response = probe(site, "/readyz")
    assert response.status == 503, response.text
    others = [line for line in ALL_UP if line != f"{name} ok"]
    got = lines(response)
    assert [line for line in got if line in others] == others, response.text
    (down,) = [line for line in got if line not in others]
    assert down.startswith(f"{name} down: {reason}"), response.text
    # The next probe once it is back: up again, nothing stale kept from the outage.
    response = probe(site, "/readyz")
    assert response.status == 200, response.text
    assert lines(response) == ALL_UP


[% if 'redis' in cookiecutter.examples %]def test_a_stopped_redis_server_is_reported_down_then_up(site, standins):
    # SIGSTOP: connections are accepted by the kernel, nothing is answered.
    assert_down_then_back(
        site,
        "redis",
        lambda: paused(standins.redis.pid),
        f"no answer within {READINESS_TIMEOUT:g} s",
    )


[% endif %][% if 's3' in cookiecutter.examples or 'weather' in cookiecutter.examples %]@contextmanager
def stopped(standin):
    standin.stop()
    try:
        yield
    finally:
        standin.start()


[% endif %][% if 's3' in cookiecutter.examples %]def test_unreachable_object_storage_is_reported_down_then_up(site, standins):
    assert_down_then_back(
        site, "object storage", lambda: stopped(standins.s3), "Object storage is unreachable"
    )


[% endif %][% if 'weather' in cookiecutter.examples %]def test_an_unreachable_weather_api_is_reported_down_then_up(site, standins):
    assert_down_then_back(
        site, "weather", lambda: stopped(standins.weather), "The weather service is unreachable"
    )


[% endif %]def test_an_unreachable_database_is_reported_down_then_up(site):
    assert_down_then_back(site, "database", site.database_gone, "OperationalError")
