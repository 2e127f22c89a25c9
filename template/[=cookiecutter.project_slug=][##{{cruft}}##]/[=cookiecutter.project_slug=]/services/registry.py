"""Shared clients and their lifecycle."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from weakref import WeakKeyDictionary

_SHARED: list[LoopShared] = []


class LoopShared:
    """One client per running event loop.

    asyncio clients (an httpx.AsyncClient, a redis.asyncio pool) belong to the loop that
    created them. A server process has one loop, so this is one client per process;
    tests that each run on a new loop get a fresh client each.
    """

    def __init__(self, build: Callable[[], Any], close: Callable[[Any], Awaitable[object]]) -> None:
        self._build = build
        self._close = close
        self._clients: WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = WeakKeyDictionary()
        _SHARED.append(self)

    def get(self) -> Any:
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = self._clients[loop] = self._build()
        return client

    async def aclose(self) -> None:
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await self._close(client)


async def aclose_all() -> None:
    """Close every client this event loop opened (server shutdown, end of a test)."""
    for shared in _SHARED:
        await shared.aclose()
