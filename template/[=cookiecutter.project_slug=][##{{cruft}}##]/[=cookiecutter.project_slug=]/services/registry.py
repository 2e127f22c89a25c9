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

    def __init__(
        self,
        build: Callable[[], Any],
        close: Callable[[Any], Awaitable[object]],
        *,
        build_in_thread: bool = False,
    ) -> None:
        self._build = build
        self._close = close
        self._build_in_thread = build_in_thread
        self._clients: WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = WeakKeyDictionary()
        _SHARED.append(self)

    def get(self) -> Any:
        """This loop's client, built here and now if it is the first call."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = self._clients[loop] = self._build()
        return client

    async def aget(self) -> Any:
        """Like get(); a slow `build` runs in a worker thread (see `build_in_thread`)."""
        loop = asyncio.get_running_loop()
        if loop not in self._clients and self._build_in_thread:
            client = await asyncio.to_thread(self._build)
            self._clients.setdefault(loop, client)
        return self.get()

    async def aclose(self) -> None:
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await self._close(client)


async def aclose_all() -> None:
    """Close every client this event loop opened (server shutdown, end of a test).

    All are closed even if one fails; the first failure is raised afterwards.
    """
    results = await asyncio.gather(*(shared.aclose() for shared in _SHARED), return_exceptions=True)
    failures = [result for result in results if isinstance(result, BaseException)]
    if failures:
        raise failures[0]
