"""Score changes pushed to every viewer of the page: the newest one, at most every 0.25 s.

Every push re-renders the page once per viewer, so pushing each change costs viewers x
changes renders: 50 viewers clicking together made that 2,500 renders a second, and
the in-memory channel layer dropped what did not fit its queues. Viewers need only the
newest scores, so each process pushes the newest snapshot at once, then at most once
per PUSH_INTERVAL while changes keep coming; the last change is always pushed.
"""

from __future__ import annotations

import asyncio
import weakref

from djust import apush_to_view
from djust.push import origin_channel

from .board import Snapshot

PUSH_INTERVAL = 0.25  # seconds; other viewers see a change at most this much later

# One pusher per view and event loop: a process serves on one loop; each test runs its own.
_pushers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, NewestSnapshotPusher]] = (
    weakref.WeakKeyDictionary()
)


def push_newest(view_path: str, snapshot: Snapshot) -> None:
    """Push `snapshot` to every viewer of `view_path`, unless a newer one goes first."""
    pushers = _pushers.setdefault(asyncio.get_running_loop(), {})
    if view_path not in pushers:
        pushers[view_path] = NewestSnapshotPusher(view_path)
    pushers[view_path].offer(snapshot)


class NewestSnapshotPusher:
    def __init__(self, view_path: str) -> None:
        self.view_path = view_path
        self.pending: Snapshot | None = None
        self.task: asyncio.Task | None = None

    def offer(self, snapshot: Snapshot) -> None:
        if self.pending is None or snapshot[0] > self.pending[0]:
            self.pending = snapshot
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._push_while_pending())

    async def _push_while_pending(self) -> None:
        # The snapshot may carry other viewers' changes too, so it goes to the viewer
        # whose event started this task as well (djust skips a push's origin otherwise).
        origin_channel.set(None)
        while self.pending is not None:
            (version, rows), self.pending = self.pending, None
            await apush_to_view(
                self.view_path,
                handler="handle_scores_changed",
                payload={"version": version, "rows": rows},
            )
            await asyncio.sleep(PUSH_INTERVAL)
