"""Latency mode: TCP proxies that put a network between the server and each local backend.

`python -m bench.proxy NAME=PORT:DELAY_MS:JITTER_MS ...` listens on a free 127.0.0.1 port
for each backend (the one at 127.0.0.1:PORT), prints {"NAME": its port, ...} as one JSON
line, and forwards until stdin closes. Every chunk read from either side is written to
the other DELAY_MS plus a uniform 0-JITTER_MS later, in order (a chunk never overtakes
the one before it), so a request and its answer cost one round trip of 2 x DELAY_MS, and
a new connection one more before its first byte arrives (the TCP handshake). Bandwidth is
not limited. A process of its own, so its CPU is neither the server's nor the clients'.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .backends import PipedProcess

# The variables that point the server at a backend, and the link each one crosses.
BACKEND_VARIABLES = {
[% if 's3' in cookiecutter.examples %]    "AWS_ENDPOINT_URL": "s3",
[% endif %]    "REDIS_URL": "redis",
[% if 'weather' in cookiecutter.examples %]    "WEATHER_API_URL": "weather",
    "GEOCODING_API_URL": "weather",
[% endif %]}


@dataclass(frozen=True)
class Link:
    """One backend's network: its one-way delay and jitter, in seconds."""

    delay: float
    jitter: float

    def __str__(self) -> str:
        return f"{self.delay * 1000:g} ms one way + 0-{self.jitter * 1000:g} ms jitter"

    @property
    def spec(self) -> str:
        return f"{self.delay * 1000:g}:{self.jitter * 1000:g}"


def parse_spec(spec: str) -> dict[str, Link]:
    """ "s3=20:4,redis=0.5:0.1" -> {"s3": Link(0.020, 0.004), ...}; jitter defaults to 0."""
    links = {}
    for part in filter(None, (item.strip() for item in spec.split(","))):
        name, _, figures = part.partition("=")
        delay, _, jitter = figures.partition(":")
        links[name.strip()] = Link(float(delay) / 1000, float(jitter or 0) / 1000)
    return links


class Proxies(PipedProcess):
    """The proxy process, seen from the benchmark: `environment` points through it."""

    def __init__(self, environment: dict[str, str], links: dict[str, Link], log: Path) -> None:
        targets = {}  # link name -> the backend's port
        for variable, name in BACKEND_VARIABLES.items():
            if variable in environment and name in links:
                targets[name] = urlsplit(environment[variable]).port
        specs = [f"{name}={port}:{links[name].spec}" for name, port in targets.items()]
        super().__init__(["bench.proxy", *specs], log)
        ports = self.started
        self.descriptions = [
            f"{name} through 127.0.0.1:{ports[name]}: {links[name]}" for name in ports
        ]
        self.environment = {
            variable: urlsplit(url)._replace(netloc=f"127.0.0.1:{ports[name]}").geturl()
            for variable, url in environment.items()
            if (name := BACKEND_VARIABLES.get(variable)) in ports
        }


async def forward(reader, writer, link: Link) -> None:
    """Copy `reader` to `writer`, each chunk delivered `link`'s delay after it was read."""
    loop = asyncio.get_running_loop()
    chunks: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

    async def deliver() -> None:
        while (item := await chunks.get()) is not None:
            due, data = item
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()

    delivering = asyncio.create_task(deliver())
    due = 0.0
    try:
        while data := await reader.read(65536):
            due = max(due, loop.time() + link.delay + random.uniform(0, link.jitter))  # noqa: S311
            chunks.put_nowait((due, data))
    finally:
        chunks.put_nowait(None)
        await delivering


async def serve(backends: dict[str, tuple[int, Link]]) -> dict[str, asyncio.Server]:
    """Start one proxy per backend (name: its port and link); the servers, by name."""

    def handler(port: int, link: Link):
        async def connected(client_reader, client_writer) -> None:
            await asyncio.sleep(2 * link.delay)  # SYN and SYN-ACK
            try:
                upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                client_writer.close()
                return
            try:
                await asyncio.gather(
                    forward(client_reader, upstream_writer, link),
                    forward(upstream_reader, client_writer, link),
                )
            except OSError:
                pass  # one side hung up: hang up on the other
            finally:
                for writer in (client_writer, upstream_writer):
                    writer.close()

        return connected

    return {
        name: await asyncio.start_server(handler(port, link), "127.0.0.1", 0, backlog=1024)
        for name, (port, link) in backends.items()
    }


async def main(arguments: list[str]) -> None:
    backends = {}
    for argument in arguments:
        name, _, rest = argument.partition("=")
        port, _, link = rest.partition(":")
        backends[name] = (int(port), parse_spec(f"x={link}")["x"])
    servers = await serve(backends)
    ports = {name: server.sockets[0].getsockname()[1] for name, server in servers.items()}
    print(json.dumps(ports), flush=True)
    # Until stdin closes: the benchmark's end.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


if __name__ == "__main__":
    with suppress(KeyboardInterrupt):
        try:
            import uvloop
        except ImportError:
            asyncio.run(main(sys.argv[1:]))
        else:
            uvloop.run(main(sys.argv[1:]))
