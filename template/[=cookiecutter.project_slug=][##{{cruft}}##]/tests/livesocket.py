"""A websocket client speaking djust's protocol to the in-process ASGI app, for tests."""

from __future__ import annotations

import asyncio
import json

from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import AsyncClient

from [= cookiecutter.project_slug =].asgi import application


class LiveSocket:
    """One browser tab: a websocket to the real ASGI app, mounting one LiveView."""

    def __init__(self, origin: str | None = "http://localhost", headers=()):
        headers = [(b"host", b"localhost"), *headers]
        if origin is not None:
            headers.append((b"origin", origin.encode()))
        self.communicator = WebsocketCommunicator(application, "/ws/live/", headers=headers)
        self._ref = 0

    async def connect(self) -> bool:
        connected, _ = await self.communicator.connect()
        if connected:
            assert (await self.receive())["type"] == "connect"
        return connected

    async def receive(self, timeout: float = 10) -> dict:
        # Reads the queue directly: channels' receive_from() cancels the app on a timeout.
        while True:
            message = await asyncio.wait_for(self.communicator.output_queue.get(), timeout)
            if message["type"] == "websocket.send" and message.get("text"):
                return json.loads(message["text"])
            if message["type"] == "websocket.close":
                raise ConnectionError(f"the server closed the socket: {message}")

    async def receive_until(self, predicate, timeout: float = 10) -> dict:
        """The first frame for which `predicate(frame)` is true; earlier frames are skipped."""
        async with asyncio.timeout(timeout):
            while True:
                frame = await self.receive(timeout)
                if predicate(frame):
                    return frame

    async def nothing_received(self, wait: float = 0.3) -> bool:
        try:
            await asyncio.wait_for(self.communicator.output_queue.get(), wait)
        except TimeoutError:
            return True
        return False

    async def mount(self, view: str, url: str = "/", /, **params) -> dict:
        await self.communicator.send_json_to(
            {"type": "mount", "view": view, "params": params, "url": url}
        )
        return await self.receive()

    async def event(self, handler: str, /, **params) -> dict:
        """Send an event and return the reply that answers it (same `ref`)."""
        self._ref += 1
        ref = self._ref
        await self.communicator.send_json_to(
            {"type": "event", "event": handler, "params": params, "ref": ref}
        )
        return await self.receive_until(lambda frame: frame.get("ref") == ref)

    async def close(self) -> None:
        await self.communicator.disconnect()


class LiveSockets:
    """Opens LiveSockets (`await sockets(view, url, **params)`) and closes them all at the end."""

    def __init__(self, headers=(), opened: list[LiveSocket] | None = None):
        self.headers = tuple(headers)
        self.opened = [] if opened is None else opened

    async def __call__(self, view: str, url: str = "/", /, **params) -> tuple[LiveSocket, dict]:
        socket = LiveSocket(headers=self.headers)
        assert await socket.connect()
        self.opened.append(socket)
        return socket, await socket.mount(view, url, **params)

    def signed_in(self, cookie: str) -> LiveSockets:
        """An opener whose sockets carry the session `cookie`, as a signed-in browser's do."""
        return LiveSockets([*self.headers, (b"cookie", cookie.encode())], self.opened)

    async def close_all(self) -> None:
        for socket in self.opened:
            await socket.close()


async def session_cookie(user) -> str:
    """A `Cookie` header value for a new session signed in as `user`."""
    client = AsyncClient()
    await client.aforce_login(user)
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def frame_text(frame: dict) -> str:
    """All the text a frame carries (HTML or patches), for `in` assertions."""
    return json.dumps(frame, ensure_ascii=False)


def rendered_texts(frame: dict, *, attributes: bool = True) -> list[str]:
    """Every text, HTML and attribute value a frame puts on the page (mount HTML, patches)."""
    found: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key in {"html", "text", "value"} and isinstance(item, str):
                    found.append(item)
                elif key == "attrs" and isinstance(item, dict):
                    if attributes:
                        found.extend(str(attribute) for attribute in item.values())
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(frame)
    return found
