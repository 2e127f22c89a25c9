"""Services injected through routes, read back safely on every transport."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import Resolver404, resolve


def route_service(view, name: str) -> Callable[[], object]:
    """The factory the route serving `view` injects as `name`.

    Read from the server's own URLconf on every call, never from mount() kwargs: on
    the websocket those also hold the client's `params` (a spoofed "metrics_client"
    would arrive as a string), and the HTTP fallback never re-runs mount() at all.
    """
    try:
        match = resolve(view.request.path)
    except Resolver404:
        match = None
    if match is None or getattr(match.func, "view_class", None) is not type(view):
        raise LookupError(f"{type(view).__name__} is not served at {view.request.path!r}")
    factory = match.kwargs.get(name)
    if not callable(factory):
        raise LookupError(f"the route of {view.request.path!r} injects no {name!r}")
    return factory
