"""The project's LiveView base: djust's LiveView, working the same with or without a websocket.

When the websocket cannot connect (a proxy or firewall that refuses the upgrade), djust's
client POSTs each event to the page's own URL instead. djust 1.2.6 handles that POST
synchronously: it calls an `async def` handler without awaiting it (the coroutine is
dropped, the answer is 200 and nothing changed) and never runs work queued with
`start_async()`. Views derived from this class work on both transports:

- `async def load(self)` holds what the page shows. It runs on the event loop right after
  mount() (which runs on djust's one sync thread, so it does no I/O), again after every
  websocket reconnect (djust mounts again), and on the `reload` event. While it has not
  finished, `loading` is True: the template's placeholder polls `reload`, which is how a
  page without a websocket gets its first data.
- During a fallback POST every handler runs to completion, async or not, and the work it
  queued with `start_async()` runs before the answer is rendered.

`manage.py check` (project.E002/E003, see checks.py) flags views the fallback would break.
It imports no app of the project: every app may use it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import djust
from asgiref.sync import async_to_sync
from djust import state
from djust.decorators import event_handler, is_event_handler
from djust.hooks import on_mount
from djust.mixins.async_work import run_async_callback
from djust.utils import get_csp_nonce

LOAD_TASK = "load"
# How djust 1.2.6 opens the inline scripts it adds to a LiveView page without a CSP nonce.
DJUST_UNNONCED_SCRIPT = '<script data-turbo-track="reload">'


@on_mount  # djust runs these on every mount, and on each fallback POST before its handler
def run_handlers_to_completion_on_http_fallback(view, request, **kwargs) -> None:
    """During djust's HTTP fallback (one POST per event), every handler runs to completion."""
    if request.method == "POST":
        # What the page's GET queued was restored from the session without its callbacks.
        view._async_tasks = {}
        for name in event_handler_names(type(view)):
            # An instance attribute shadows the method, for this request's view only.
            setattr(view, name, view._run_to_completion(getattr(view, name)))


@on_mount
def note_the_view_on_its_request(view, request, **kwargs) -> None:
    """Tell the middleware (middleware.py) which view an HTTP request rendered.

    Only requests the middleware has seen: the websocket's stay as djust made them.
    """
    if hasattr(request, "live_view"):
        request.live_view = view


class LiveView(djust.LiveView):
    abstract = True  # a base, not a page (djust's checks skip it; not inherited)
    on_mount = [run_handlers_to_completion_on_http_fallback, note_the_view_on_its_request]

    # True until load() has finished once; templates show their placeholder meanwhile.
    loading = state(default=False)

    def mount(self, request, **kwargs):
        """Schedule load() for right after the mount; views that override mount() call super()."""
        if defines_load(type(self)):
            self.loading = True
            self.start_async(self._load_and_finish, name=LOAD_TASK)

    async def load(self) -> None:
        """Load what the page shows; views that show outside data override it."""

    @event_handler()  # noqa: S009 (it only re-reads what the page already shows)
    async def reload(self, **kwargs):
        """Load the page's data again: the placeholder's poll, a "Try again" button."""
        if LOAD_TASK in getattr(self, "_async_running", ()):
            self._skip_render = True  # the load after mount is still under way
            return
        # A fallback POST that ran mount() (no saved state) queued a load: this is it.
        getattr(self, "_async_tasks", {}).pop(LOAD_TASK, None)
        await self._load_and_finish()

    async def _load_and_finish(self) -> None:
        try:
            await self.load()
        finally:
            self.loading = False

    def _inject_client_script(self, html: str) -> str:
        """djust's client scripts, its inline ones carrying this response's CSP nonce.

        djust 1.2.6 gives the nonce to its route map and handler metadata but not to its
        client settings (nor, under DEBUG, the debug panel's data): without it the policy
        in settings.py blocks them.
        """
        html = super()._inject_client_script(html)
        nonce = get_csp_nonce(getattr(self, "request", None))
        if not nonce:
            return html
        return html.replace(
            DJUST_UNNONCED_SCRIPT, f'<script nonce="{nonce}" data-turbo-track="reload">'
        )

    def _run_to_completion(self, handler: Callable) -> Callable:
        @functools.wraps(handler)  # keeps djust's handler metadata and signature
        def run(*args: Any, **kwargs: Any) -> Any:
            result = handler(*args, **kwargs)
            if inspect.isawaitable(result):
                result = async_to_sync(_awaited)(result)
            self._run_queued_work()
            return result

        return run

    def _run_queued_work(self) -> None:
        """Run what handlers queued with start_async(), as the websocket would after its reply."""
        while queued := getattr(self, "_async_tasks", None):
            self._async_tasks = {}
            for name, (callback, args, kwargs) in queued.items():
                try:
                    result = async_to_sync(run_async_callback)(callback, args, kwargs)
                except Exception as error:
                    if not hasattr(self, "handle_async_result"):
                        raise
                    self.handle_async_result(name, error=error)
                else:
                    if hasattr(self, "handle_async_result"):
                        self.handle_async_result(name, result=result)


async def _awaited(awaitable):
    return await awaitable


def defines_load(view_class: type) -> bool:
    return getattr(view_class, "load", None) is not LiveView.load


@functools.cache
def event_handler_names(view_class: type) -> tuple[str, ...]:
    """The names of a view class's @event_handler methods (its own and inherited)."""
    return tuple(
        name
        for name in dir(view_class)
        if not name.startswith("_") and is_event_handler(getattr(view_class, name, None))
    )
