"""Operators' logs: one line per request and per LiveView mount or event, without secrets."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import urllib.request

import pytest
from websockets.asyncio.client import connect

from tests.servers import Server

HOME = "[= cookiecutter.project_slug =].home.views.HomeView"


def fields_of(records, logger: str) -> list[dict]:
    keys = ("method", "path", "view", "status", "frame", "event", "outcome", "duration_ms")
    return [
        {key: getattr(record, key) for key in keys if hasattr(record, key)}
        for record in records
        if record.name == logger
    ]


@pytest.mark.django_db
def test_a_request_is_one_line_with_its_view_status_and_duration_but_no_query(client, caplog):
    caplog.set_level("INFO", logger="[= cookiecutter.project_slug =].requests")
    client.get("/?token=secret-reset-token")
    client.get("/no-such-page/")
    home, missing = fields_of(caplog.records, "[= cookiecutter.project_slug =].requests")
    assert home.pop("duration_ms") >= 0
    assert home == {"method": "GET", "path": "/", "view": "home:index", "status": 200}
    assert missing["status"] == 404 and missing["view"] == ""
    assert "secret-reset-token" not in caplog.text


@pytest.mark.django_db(transaction=True)
async def test_each_mount_and_event_is_one_line_with_its_outcome(live, caplog):
    caplog.set_level("INFO", logger="[= cookiecutter.project_slug =].liveview")
    socket, _ = await live(HOME)
    await socket.event("increment")
    await socket.communicator.send_json_to({"type": "event", "event": "no_such_handler"})
    assert (await socket.receive())["type"] == "error"
    mount, event, unknown = fields_of(caplog.records, "[= cookiecutter.project_slug =].liveview")
    assert mount | {"duration_ms": 0} == {
        "frame": "mount",
        "view": HOME,
        "event": "",
        "outcome": "ok",
        "duration_ms": 0,
    }
    assert (event["event"], event["outcome"]) == ("increment", "ok")
    # djust answers an unknown handler with an error frame: the line says so.
    assert (unknown["event"], unknown["outcome"]) == ("no_such_handler", "error")


@pytest.mark.django_db(transaction=True)
async def test_a_mount_djust_refuses_is_logged_as_an_error_without_the_clients_string(live, caplog):
    caplog.set_level("INFO", logger="[= cookiecutter.project_slug =].liveview")
    await live("os.system", "/")
    (record,) = [record for record in caplog.records if record.name == "[= cookiecutter.project_slug =].liveview"]
    assert (record.view, record.outcome) == ("", "error")
    assert "os.system" not in record.getMessage()


def test_json_lines_from_a_real_server_carry_the_fields_and_no_session(tmp_path):
    """LOG_FORMAT=json under uvicorn: every line is one JSON object, uvicorn's own included."""
    env = {
        **os.environ,
        "DJANGO_ENV": "development",  # plain HTTP on 127.0.0.1 (production redirects to HTTPS)
        "DEBUG": "false",
        "SECRET_KEY": "log-test-secret-key-0123456789-0123456789-0123456789",
        "DJANGO_READ_DOT_ENV_FILE": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_FORMAT": "json",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        env=env,
        check=True,
        capture_output=True,
    )
    server = Server(env, tmp_path / "server.log")
    try:
        server.wait_until_serving()
        with urllib.request.urlopen(server.origin + "/?token=secret-reset-token") as page:  # noqa: S310
            session = page.headers.get("Set-Cookie", "")

        async def mount_and_click():
            async with connect(
                f"ws://127.0.0.1:{server.port}/ws/live/", origin=server.origin
            ) as socket:
                await socket.recv()  # connect
                await socket.send(
                    json.dumps({"type": "mount", "view": HOME, "url": "/", "params": {}})
                )
                await socket.recv()
                await socket.send(
                    json.dumps({"type": "event", "event": "increment", "params": {}, "ref": 1})
                )
                await socket.recv()

        asyncio.run(mount_and_click())
    finally:
        server.stop()
    lines = [json.loads(line) for line in server.log.read_text().splitlines()]
    names = {line["name"] for line in lines}
    assert {"[= cookiecutter.project_slug =].requests", "[= cookiecutter.project_slug =].liveview", "uvicorn.error"} <= names
    assert any(line.get("path") == "/" and line.get("status") == 200 for line in lines)
    assert [line["frame"] for line in lines if line["name"] == "[= cookiecutter.project_slug =].liveview"] == [
        "mount",
        "event",
    ]
    text = server.log.read_text()
    assert "secret-reset-token" not in text
    assert not session or session.split(";")[0].split("=", 1)[1] not in text
