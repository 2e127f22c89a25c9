"""The site as production runs it, for tests: uvicorn under DJANGO_ENV=production on a
SQLite file of its own, and plain HTTP requests to it that say exactly what they send."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

[% if cookiecutter.channel_layer == 'redis' and 'redis' not in cookiecutter.examples %]import pytest

[% endif %]from tests.servers import Answer, Browser, Server, manage, single_server_env

PUBLIC_HOST = "example.com"  # the only host in ALLOWED_HOSTS


class ProductionSite:
    """uvicorn serving the site with DJANGO_ENV=production, on its own SQLite file."""

    def __init__(self, folder, environment: dict[str, str]) -> None:
        """`environment`: the services' settings (conftest.py's stand-ins) and any other."""
        self.folder = folder
        self.database_folder = folder / "database"
        self.database_folder.mkdir()
        self.database = self.database_folder / "db.sqlite3"
        self.environment = {
            # Mail nowhere unless `environment` names a server (the stand-ins' mailbox).
            "EMAIL_URL": "dummymail://",
            "DEFAULT_FROM_EMAIL": "noreply@example.com",
            **environment,
            "DJANGO_ENV": "production",
            "ALLOWED_HOSTS": PUBLIC_HOST,
        }
        self.server: Server | None = None

    def start(self) -> ProductionSite:
[% if cookiecutter.channel_layer == 'redis' and 'redis' not in cookiecutter.examples %]        if not self.environment.get("REDIS_URL"):  # CI sets it to its Redis service
            pytest.skip("production settings need REDIS_URL (the Redis channel layer)")
[% endif %]        env = single_server_env(self.database_folder, **self.environment)
        # Production serves hashed static files from the manifest, as the image builds them
        # (into staticfiles/, which git and the image's build context ignore).
        manage(env, "collectstatic", "--no-input")
        self.server = Server(env, self.folder / "uvicorn.log")
        self.server.wait_until_serving()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def get(self, path: str, headers: dict | None = None) -> Answer:
        """One GET over plain HTTP, no redirect followed; Host is the address unless given."""
        return Browser(self.server.origin).open(path, headers=headers)

    def post(self, path: str, body: bytes | str, headers: dict | None = None) -> Answer:
        body = body.encode() if isinstance(body, str) else body
        return Browser(self.server.origin).open(path, body=body, headers=headers)

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
