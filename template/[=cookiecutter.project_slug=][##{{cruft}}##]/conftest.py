"""Fixtures for every test of the project: a websocket client speaking djust's protocol."""

from __future__ import annotations

import pytest

from [= cookiecutter.project_slug =].services.registry import aclose_all
from tests.livesocket import LiveSocket


@pytest.fixture
async def live():
    """Open LiveSockets with `await live(view, url)`; all are closed after the test."""
    sockets: list[LiveSocket] = []

    async def open_socket(view: str, url: str = "/", /, **params) -> tuple[LiveSocket, dict]:
        socket = LiveSocket()
        assert await socket.connect()
        sockets.append(socket)
        return socket, await socket.mount(view, url, **params)

    yield open_socket
    for socket in sockets:
        await socket.close()
    await aclose_all()  # clients built on this test's event loop
