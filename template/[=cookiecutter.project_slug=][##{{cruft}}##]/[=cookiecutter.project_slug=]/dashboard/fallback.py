"""The HTTP fallback transport, made to run async event handlers."""

from __future__ import annotations

import functools

from asgiref.sync import async_to_sync


class awaited_on_post:
    """Decorator for an `async def` event handler that must also work without a websocket.

    When the websocket is unavailable, djust's client POSTs events to the page URL, and
    djust 1.2.6 calls the handler there without awaiting it: an async handler silently
    does nothing. During such a POST (the view's request is the POST itself) this hands
    djust a synchronous wrapper that runs the coroutine to completion. Everywhere else
    (websocket, tests) the plain async method is returned and awaited as usual.
    Apply it above `@event_handler()`.
    """

    def __init__(self, handler):
        self.handler = handler
        functools.update_wrapper(self, handler)

    def __get__(self, view, owner=None):
        bound = self.handler.__get__(view, owner)
        request = getattr(view, "request", None)
        if request is None or request.method != "POST":
            return bound
        return functools.wraps(bound)(lambda *args, **kwargs: async_to_sync(bound)(*args, **kwargs))
