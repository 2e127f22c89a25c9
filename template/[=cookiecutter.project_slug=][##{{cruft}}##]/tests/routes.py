"""The LiveViews the site routes to, found in the URLconf: tests cover views added later too."""

from __future__ import annotations

import inspect

from django.urls import URLResolver, get_resolver
from djust import LiveView
from djust.decorators import is_event_handler


def live_pages() -> list[tuple[str, type[LiveView]]]:
    """(URL, view class) of every LiveView the site routes to."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif issubclass(getattr(pattern.callback, "view_class", object), LiveView):
                found.append((prefix + str(pattern.pattern), pattern.callback.view_class))

    walk(get_resolver().url_patterns, "/")
    return found


def dotted(view: type[LiveView]) -> str:
    return f"{view.__module__}.{view.__qualname__}"


def handler_parameters(view: type[LiveView]) -> list[tuple[str, str]]:
    """(handler, parameter) for each named parameter of each of `view`'s own event handlers."""
    found = []
    for name, method in inspect.getmembers(view, inspect.isfunction):
        if not is_event_handler(method) or method.__module__.startswith("djust"):
            continue
        for parameter in list(inspect.signature(method).parameters.values())[1:]:  # not self
            if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                found.append((name, parameter.name))
    return found
