"""djust's per-address and per-socket limits, on a real uvicorn run as the Dockerfile runs it.

uvicorn gets the options of the Dockerfile's CMD (--proxy-headers among them) and its
FORWARDED_ALLOW_IPS: the peers whose X-Forwarded-For it believes (uvicorn's
ProxyHeadersMiddleware; from any other peer the header is left unread). Linux routes all
of 127.0.0.0/8 to the loopback interface (the `local 127.0.0.0/8` route of
`ip route show table local`), so a client socket bound to 127.0.0.2 reaches the server
from an address other than 127.0.0.1: to uvicorn, another machine. djust limits sockets
per client address, the one uvicorn puts in the ASGI scope (djust/_client_ip.py: with
DJUST_TRUSTED_PROXY_COUNT at its default 0, djust itself ignores X-Forwarded-For).
"""

from __future__ import annotations

import asyncio
import json
from contextlib import AsyncExitStack, asynccontextmanager

import pytest
from django.conf import settings
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.servers import (
    Server,
    Viewer,
    dockerfile_env,
    dockerfile_uvicorn_options,
    single_server_env,
)

HOME = "[= cookiecutter.project_slug =].home.views.HomeView"
RATE_LIMITED = 4429  # djust/websocket.py: the close code of every limit
SOCKETS_PER_ADDRESS = 3  # LIVE_SOCKETS_PER_IP for this server, so the tests open few
PROXY = "127.0.0.1"  # the Dockerfile's FORWARDED_ALLOW_IPS (checked below)
OUTSIDER = "127.0.0.2"  # a client that reaches uvicorn without the proxy
FLOODER = "127.0.0.3"  # an address of its own: its cool-down shuts out nobody else


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("live-limits")
    trusted = dockerfile_env("FORWARDED_ALLOW_IPS")
    assert trusted == PROXY, "the image must trust only itself unless told otherwise"
    env = single_server_env(
        folder,
        FORWARDED_ALLOW_IPS=trusted,
        LIVE_SOCKETS_PER_IP=str(SOCKETS_PER_ADDRESS),
        # Long, so that the check after the flood cannot outlast it on a slow machine.
        LIVE_RECONNECT_COOLDOWN="120",
    )
    server = Server(env, folder / "uvicorn.log", dockerfile_uvicorn_options())
    try:
        server.wait_until_serving()
        yield server
    finally:
        server.stop()


def open_socket(server: Server, source: str, forwarded_for: str | None = None):
    """A websocket to `server` from the local address `source`, with the header if given."""
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return connect(
        f"ws://127.0.0.1:{server.port}/ws/live/",
        origin=server.origin,
        additional_headers=headers,
        local_addr=(source, 0),  # passed on to the event loop's create_connection()
    )


@asynccontextmanager
async def sockets(server: Server, source: str, forwarded_for: list[str | None]):
    """One socket per X-Forwarded-For value, all from `source` and all kept open inside
    the block. Yields each one's outcome: "connect" when djust accepted it (its first
    frame), or the code it was closed with."""
    async with AsyncExitStack() as stack:
        outcomes = []
        for value in forwarded_for:
            websocket = await stack.enter_async_context(open_socket(server, source, value))
            try:
                outcomes.append(json.loads(await asyncio.wait_for(websocket.recv(), 10))["type"])
            except ConnectionClosed as closed:
                outcomes.append(closed.rcvd.code)
        yield outcomes


async def test_a_client_cannot_choose_its_address_with_x_forwarded_for(server):
    another_address_each_time = [f"203.0.113.{n}" for n in range(1, SOCKETS_PER_ADDRESS + 2)]
    async with sockets(server, OUTSIDER, another_address_each_time) as outcomes:
        assert outcomes == ["connect"] * SOCKETS_PER_ADDRESS + [RATE_LIMITED], server.output()


async def test_from_the_configured_proxy_the_header_names_the_client(server):
    clients = [f"198.51.100.{n}" for n in range(1, SOCKETS_PER_ADDRESS + 2)]
    one_client = ["192.0.2.7"] * (SOCKETS_PER_ADDRESS + 1)
    async with (
        sockets(server, PROXY, clients) as each_its_own,
        sockets(server, PROXY, one_client) as all_the_same,
    ):
        # More sockets from the proxy than one address may hold: they are the clients'.
        assert each_its_own == ["connect"] * (SOCKETS_PER_ADDRESS + 1), server.output()
        assert all_the_same == ["connect"] * SOCKETS_PER_ADDRESS + [RATE_LIMITED]


async def test_a_socket_that_floods_is_warned_then_closed_and_its_address_waits(server):
    limits = settings.LIVEVIEW_CONFIG["rate_limit"]  # the defaults the server read too
    async with open_socket(server, FLOODER) as websocket:
        viewer = Viewer(websocket, [server])
        assert (await viewer.receive())["type"] == "connect"
        assert (await viewer.mount(HOME))["type"] == "mount"
        flood = limits["burst"] + limits["max_warnings"] + 20
        for ref in range(1, flood + 1):  # all at once, answers unread: a script, no person
            event = {"type": "event", "event": "increment", "params": {}, "ref": ref}
            await websocket.send(json.dumps(event))
        frames = []
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                frames.append((await viewer.receive())["type"])
    assert closed.value.rcvd.code == RATE_LIMITED
    # djust/rate_limit.py: each message over the limit is dropped and counted, the first
    # ones answered with a rate-limit frame; at max_warnings the socket is closed.
    assert frames.count("rate_limit_exceeded") == limits["max_warnings"] - 1, frames
    # The mount took one message of the burst; the bucket refills meanwhile (`rate` a second).
    assert limits["burst"] - 1 <= frames.count("patch") < flood - limits["max_warnings"]
    async with sockets(server, FLOODER, [None]) as outcomes:
        assert outcomes == [RATE_LIMITED]  # the cool-down: the address may not come back yet
