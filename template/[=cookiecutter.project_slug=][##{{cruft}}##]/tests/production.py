"""The site as production runs it, for tests: uvicorn under DJANGO_ENV=production, and
plain HTTP requests to it that say exactly what they send (no redirect followed)."""

from __future__ import annotations

import http.client
import os
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

[% if cookiecutter.channel_layer == 'redis' and 'redis' not in cookiecutter.examples %]import pytest

[% endif %]from [= cookiecutter.project_slug =].services.ports import free_port

PUBLIC_HOST = "example.com"  # the only host in ALLOWED_HOSTS


class ProductionSite:
    """uvicorn serving the site with DJANGO_ENV=production, on its own SQLite file."""

    def __init__(self, folder, environment: dict[str, str]) -> None:
        """`environment`: the services' settings (conftest.py's stand-ins) and any other."""
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
            "SECRET_KEY": "production-tests-only-" + "x" * 40,
            "ALLOWED_HOSTS": PUBLIC_HOST,
            "DATABASE_URL": f"sqlite:///{self.database}",
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> ProductionSite:
[% if cookiecutter.channel_layer == 'redis' and 'redis' not in cookiecutter.examples %]        if not self.environment.get("REDIS_URL"):  # CI sets it to its Redis service
            pytest.skip("production settings need REDIS_URL (the Redis channel layer)")
[% endif %]        self.manage("migrate", "--no-input")
        # Production serves hashed static files from the manifest, as the image builds them
        # (into staticfiles/, which git and the image's build context ignore).
        self.manage("collectstatic", "--no-input")
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

    def manage(self, *arguments: str) -> None:
        """Run a management command with the site's settings."""
        command = [sys.executable, "manage.py", *arguments]
        subprocess.run(command, env=self.environment, check=True, capture_output=True)

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


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


def get(site: ProductionSite, path: str, headers: dict | None = None) -> Answer:
    return request(site, "GET", path, headers)


def request(
    site: ProductionSite, method: str, path: str, headers: dict | None = None, body=None
) -> Answer:
    """One request over plain HTTP, no redirect followed; Host is the address unless given."""
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read().decode())
    finally:
        connection.close()
