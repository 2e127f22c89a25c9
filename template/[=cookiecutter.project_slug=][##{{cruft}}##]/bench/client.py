"""Benchmark clients: djust's websocket protocol over real sockets, and what they measure."""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

REPLY_TIMEOUT = 60.0  # far above any figure measured; a reply later than this is an error
MOUNT_SETTLE_SECONDS = 0.5  # silence after the mounts that ends the wait for their loads
PUSH_TIMEOUT = 10.0  # for the last push to reach a page: coalescing holds one back 0.25 s
# The snapshot a page shows, where it marks one (the leaderboard's data-version).
VERSION_IN_HTML = re.compile(r'data-version="(\d+)"')


class EventFailed(Exception):
    """An event or mount got an error frame, no reply, or lost its socket (`fatal`)."""

    def __init__(self, message: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal


@dataclass
class Tally:
    """What went wrong, by kind. Any count above zero is a correctness failure."""

    error_frames: int = 0  # {"type": "error"} or "rate_limit_exceeded" from djust
    page_errors: int = 0  # the page's own error message (a failed service call)
    timeouts: int = 0  # no reply within REPLY_TIMEOUT
    dropped: int = 0  # the server closed a socket, or refused one

    @property
    def total(self) -> int:
        return self.error_frames + self.page_errors + self.timeouts + self.dropped

    def add(self, other: Tally) -> None:
        self.error_frames += other.error_frames
        self.page_errors += other.page_errors
        self.timeouts += other.timeouts
        self.dropped += other.dropped

    def __str__(self) -> str:
        if not self.total:
            return "0"
        parts = {
            "error frames": self.error_frames,
            "page errors": self.page_errors,
            "timeouts": self.timeouts,
            "dropped": self.dropped,
        }
        return ", ".join(f"{count} {kind}" for kind, count in parts.items() if count)


class LiveClient:
    """One browser tab: a websocket to the server, mounting one LiveView."""

    def __init__(self, socket: ClientConnection) -> None:
        self._socket = socket
        self._ref = 0
        self.tally = Tally()
        self.shown_version: int | None = None  # the newest data-version the page was sent

    @classmethod
    async def open(cls, site) -> LiveClient:
        """Connect to the site's /ws/live/ as a page it served to a signed-in visitor."""
        # Origin as a browser sends it: djust refuses a handshake without an allowed one.
        # The session cookie: the examples that change data require a signed-in user.
        url, origin = site.pick()
        socket = await connect(
            url,
            origin=origin,
            additional_headers={"Cookie": site.cookie},
            max_size=2**24,
            open_timeout=30,
            proxy=None,  # 127.0.0.1 only, whatever WS_PROXY or SOCKS_PROXY say
        )
        client = cls(socket)
        frame = json.loads(await client._receive())
        if frame.get("type") != "connect":
            await socket.close()
            raise EventFailed(f"expected the connect frame, got {frame}")
        return client

    async def mount(self, view: str, url: str) -> float:
        """Mount `view` as the page at `url` does; the round trip in seconds."""
        message = {"type": "mount", "view": view, "params": {}, "url": url}
        started = time.perf_counter()
        await self._send(message)
        reply = await self._until(lambda frame: frame.get("type") in {"mount", "error", "navigate"})
        if reply["type"] == "navigate":  # djust refused the mount: the view requires sign-in
            self.tally.error_frames += 1
            raise EventFailed(f"the mount was sent to {reply.get('to')}")
        return time.perf_counter() - started

    async def event(self, name: str, params: dict) -> float:
        """Send one event; the round trip to the reply that answers it (same ref), in seconds."""
        self._ref += 1
        ref = self._ref
        message = {"type": "event", "event": name, "params": params, "ref": ref}
        started = time.perf_counter()
        await self._send(message)
        await self._until(lambda frame: frame.get("ref") == ref)
        return time.perf_counter() - started

    async def settle(self, quiet: float) -> None:
        """Read what the server still sends until it has been silent for `quiet` seconds."""
        if self.tally.dropped:
            return  # the socket is gone, and counted once already
        try:
            while True:
                async with asyncio.timeout(quiet):
                    text = await self._receive()
                self._check(json.loads(text), text)
        except (TimeoutError, EventFailed):
            pass  # silent, or the socket dropped (counted)

    async def wait_for_version(self, version: int, timeout: float) -> None:
        """Read pushes until the page shows `version` (see _note_version), or `timeout` ends."""
        if self.tally.dropped:
            return
        try:
            async with asyncio.timeout(timeout):
                while self.shown_version != version:
                    text = await self._receive()
                    self._check(json.loads(text), text)
        except (TimeoutError, EventFailed):
            pass  # the caller compares shown_version; a drop is counted

    async def close(self) -> None:
        await self._socket.close()

    async def _until(self, is_reply: Callable[[dict], bool]) -> dict:
        """The reply; pushes and other viewers' updates before it are read and checked."""
        try:
            async with asyncio.timeout(REPLY_TIMEOUT):
                while True:
                    text = await self._receive()
                    frame = json.loads(text)
                    failed = self._check(frame, text)
                    # An error without a ref answers the event in flight: djust sends one
                    # when the handler or the render raised, and no other reply follows.
                    if is_reply(frame) or (failed and "ref" not in frame):
                        if failed:
                            # Fatal: the run has failed already, and this client's later
                            # replies may not answer anything (a repeated error message
                            # changes nothing on the page), so they are not timed.
                            raise EventFailed(text[:300], fatal=True)
                        return frame
        except TimeoutError:
            self.tally.timeouts += 1
            raise EventFailed("no reply", fatal=True) from None

    async def _send(self, message: dict) -> None:
        try:
            await self._socket.send(json.dumps(message))
        except ConnectionClosed as closed:
            self.tally.dropped += 1
            raise EventFailed(f"the server closed the socket ({closed})", fatal=True) from None

    async def _receive(self) -> str:
        try:
            return await self._socket.recv()
        except ConnectionClosed as closed:
            self.tally.dropped += 1
            raise EventFailed(f"the server closed the socket ({closed})", fatal=True) from None

    def _check(self, frame: dict, text: str) -> bool:
        """Count an error in `frame`; True if there was one. Notes the version it shows."""
        self._note_version(frame)
        if frame.get("type") in {"error", "rate_limit_exceeded"}:
            self.tally.error_frames += 1
            return True
        # The examples show a failed service call as a message of class alert-error.
        if "alert-error" in text:
            self.tally.page_errors += 1
            return True
        return False

    def _note_version(self, value: object) -> None:
        """Keep the last data-version `value` sets: in HTML, a SetAttr patch or a new node."""
        if isinstance(value, list):
            for item in value:
                self._note_version(item)
        elif isinstance(value, dict):
            if value.get("type") == "SetAttr" and value.get("key") == "data-version":
                self.shown_version = int(value["value"])
            elif "data-version" in (value.get("attrs") or {}):
                self.shown_version = int(value["attrs"]["data-version"])
            elif isinstance(value.get("html"), str):
                for found in VERSION_IN_HTML.finditer(value["html"]):
                    self.shown_version = int(found.group(1))
            for item in value.values():
                if isinstance(item, list | dict):
                    self._note_version(item)


async def open_client(site, tally: Tally) -> LiveClient | None:
    """A connected client, or None (counted as dropped) if the server refused the socket."""
    try:
        return await LiveClient.open(site)
    except (OSError, InvalidHandshake, EventFailed, TimeoutError):
        tally.dropped += 1
        return None


@dataclass
class Figures:
    """Round trips of one run, in seconds, and what went wrong."""

    events: list[float] = field(default_factory=list)
    mounts: list[float] = field(default_factory=list)
    shown_versions: list[int | None] = field(default_factory=list)  # each client's, at the end
    seconds: float = 0.0  # wall time of the event phase
    tally: Tally = field(default_factory=Tally)
    cpu: dict[str, float] = field(default_factory=dict)  # process -> share of one CPU
    processes: int = 1  # uvicorn processes the sockets were spread over

    @property
    def rate(self) -> float:
        return len(self.events) / self.seconds if self.seconds else 0.0

    @property
    def server_cpu_per_event(self) -> float:
        """Server CPU seconds per event; NaN where the server's CPU time is unknown."""
        if "server" not in self.cpu or not self.events:
            return float("nan")
        return self.cpu["server"] * self.seconds / len(self.events)

    def percentile(self, which: int, of: str = "events") -> float:
        samples = getattr(self, of)
        if not samples:
            return float("nan")
        if len(samples) == 1:
            return samples[0]
        return statistics.quantiles(samples, n=100, method="inclusive")[which - 1]


async def drive(
    site,
    view: str,
    url: str,
    clients: int,
    events: int,
    next_event: Callable[[int, int], tuple[str, dict]],
    *,
    newest_version: Callable[[], Awaitable[int]] | None = None,
) -> Figures:
    """`clients` sockets mount `view`, then each sends `events` events, one after the other.

    Every client mounts, and gets what its view loads after the mount, before any sends
    an event: events/s and the percentiles are measured with all of them connected and
    idle. `next_event(client, i)` names each event and its params. With
    `newest_version`, each client then reads pushes until its page shows that version.
    """
    figures = Figures()

    async def mounted() -> LiveClient | None:
        client = await open_client(site, figures.tally)
        if client is None:
            return None
        try:
            figures.mounts.append(await client.mount(view, url))
        except EventFailed:
            figures.tally.add(client.tally)
            await client.close()
            return None
        return client

    async def play(number: int, client: LiveClient) -> None:
        for i in range(events):
            try:
                figures.events.append(await client.event(*next_event(number, i)))
            except EventFailed as failure:
                if failure.fatal:
                    return

    connected = [
        client
        for client in await asyncio.gather(*(mounted() for _ in range(clients)))
        if client is not None
    ]
    # Views that load after the mount (start_async) send that as a later frame.
    await asyncio.gather(*(client.settle(MOUNT_SETTLE_SECONDS) for client in connected))
    started, cpu = time.perf_counter(), site.cpu_seconds()
    await asyncio.gather(*(play(number, client) for number, client in enumerate(connected)))
    figures.seconds = time.perf_counter() - started
    figures.cpu = {
        name: (seconds - cpu[name]) / figures.seconds
        for name, seconds in site.cpu_seconds().items()
        if name in cpu
    }
    if newest_version is not None:
        version = await newest_version()  # every event is answered: no change comes after
        await asyncio.gather(
            *(client.wait_for_version(version, PUSH_TIMEOUT) for client in connected)
        )
    for client in connected:
        figures.shown_versions.append(client.shown_version)
        figures.tally.add(client.tally)
        await client.close()
    return figures
