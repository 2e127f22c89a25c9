"""The benchmark's client (bench/client.py) reads djust's frames right; its latency proxy
(bench/proxy.py) delays and keeps the order.

Scripted frames in the shapes djust 1.2.6 sends; `make bench` itself runs against the
real server (the template's own tests run it).
"""

import asyncio
import json
import time

import pytest

from bench.client import EventFailed, LiveClient
from bench.proxy import Link, parse_spec, serve


class ScriptedSocket:
    """Answers every message sent with the next frames of a script."""

    def __init__(self, *replies: list[dict]) -> None:
        self._replies = [[json.dumps(frame) for frame in frames] for frames in replies]
        self._pending: list[str] = []

    async def send(self, text: str) -> None:
        self._pending.extend(self._replies.pop(0))

    async def recv(self) -> str:
        return self._pending.pop(0)


def set_version(version: int) -> dict:
    return {"type": "SetAttr", "path": [4], "key": "data-version", "value": str(version)}


def test_the_shown_version_follows_html_new_nodes_and_patches():
    client = LiveClient(ScriptedSocket())
    client._check(frame := {"type": "mount", "html": '<section data-version="3">'}, str(frame))
    assert client.shown_version == 3
    replaced = {"type": "Replace", "node": {"tag": "section", "attrs": {"data-version": "5"}}}
    client._check(frame := {"type": "patch", "patches": [replaced]}, str(frame))
    assert client.shown_version == 5
    patches = [set_version(6), {"type": "SetText", "text": "7"}, set_version(8)]
    client._check(frame := {"type": "patch", "patches": patches}, str(frame))
    assert client.shown_version == 8


async def test_waiting_for_a_version_reads_pushes_until_the_page_shows_it():
    push = {"type": "patch", "broadcast": True}
    socket = ScriptedSocket(
        [
            {"ref": 1, "type": "patch", "patches": [set_version(1)]},
            push | {"patches": [set_version(2)]},
            push | {"patches": [set_version(3)]},
        ]
    )
    client = LiveClient(socket)
    await client.event("increment", {})
    assert client.shown_version == 1
    await client.wait_for_version(3, timeout=5)
    assert client.shown_version == 3


async def test_a_page_error_stops_the_client_so_no_later_reply_is_timed():
    """Fatal: the same failure again would change nothing, and its reply pass for an answer."""
    error = '<p class="alert alert-error">The service is failing.</p>'
    socket = ScriptedSocket(
        [{"ref": 1, "type": "patch", "patches": [{"type": "InsertSubtree", "html": error}]}]
    )
    client = LiveClient(socket)
    with pytest.raises(EventFailed) as failed:
        await client.event("search", {"value": "Oslo"})
    assert failed.value.fatal
    assert client.tally.page_errors == 1


def test_a_latency_spec_reads_as_milliseconds_one_way_and_jitter():
    assert parse_spec("s3=20:4, redis=0.5") == {"s3": Link(0.02, 0.004), "redis": Link(0.0005, 0)}


async def test_the_latency_proxy_delays_both_ways_and_keeps_the_order():
    async def echo(reader, writer):
        while data := await reader.read(100):
            writer.write(data)
            await writer.drain()
        writer.close()

    backend = await asyncio.start_server(echo, "127.0.0.1", 0)
    link = Link(delay=0.02, jitter=0.01)
    proxies = await serve({"echo": (backend.sockets[0].getsockname()[1], link)})
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(
        "127.0.0.1", proxies["echo"].sockets[0].getsockname()[1]
    )
    for number in range(20):
        writer.write(b"%d," % number)
        await asyncio.sleep(0.001)  # separate chunks, each with its own jitter
    received = b""
    while received.count(b",") < 20:
        received += await reader.read(1000)
    # The handshake's round trip, then one each way: never sooner (a lower bound only).
    assert time.perf_counter() - started >= 4 * link.delay
    assert received == b"".join(b"%d," % number for number in range(20))
    writer.close()
    for server in (*proxies.values(), backend):
        server.close()
