"""Operators' logs: one line per request and per LiveView mount or event, without secrets."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import pytest
from websockets.asyncio.client import connect

from tests.servers import Server, Viewer, dockerfile_uvicorn_options, single_server_env

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
    """LOG_FORMAT=json under uvicorn as the Dockerfile runs it: every line is one JSON
    object, uvicorn's own included, and no line repeats a query string or a session."""
    env = single_server_env(tmp_path, LOG_FORMAT="json")
    server = Server(env, tmp_path / "server.log", dockerfile_uvicorn_options())
    try:
        server.wait_until_serving()
        with urllib.request.urlopen(server.origin + "/?token=secret-reset-token") as page:  # noqa: S310
            session = page.headers.get("Set-Cookie", "")

        async def mount_and_click():
            url = f"ws://127.0.0.1:{server.port}/ws/live/"
            async with connect(url, origin=server.origin) as websocket:
                viewer = Viewer(websocket, [server])
                await viewer.receive()  # djust's connect frame
                await viewer.mount(HOME)
                await viewer.event("increment")

        asyncio.run(mount_and_click())
    finally:
        server.stop()
    text = server.log.read_text()
    lines = [json.loads(line) for line in text.splitlines()]
    names = {line["name"] for line in lines}
    assert {"[= cookiecutter.project_slug =].requests", "[= cookiecutter.project_slug =].liveview", "uvicorn.error"} <= names
    assert any(line.get("path") == "/" and line.get("status") == 200 for line in lines)
    frames = [line["frame"] for line in lines if line["name"] == "[= cookiecutter.project_slug =].liveview"]
    assert frames == ["mount", "event"]
    assert "secret-reset-token" not in text
    assert not session or session.split(";")[0].split("=", 1)[1] not in text
