"""The LiveViews the site serves, found in the URLconf (the consumer mounts only these)."""

from __future__ import annotations

from django.urls import URLResolver, get_resolver
from djust import LiveView


def live_pages(urlconf: str | None = None) -> list[tuple[str, type[LiveView]]]:
    """(URL, view class) of every LiveView the URLconf routes to (default: ROOT_URLCONF)."""
    found = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif issubclass(getattr(pattern.callback, "view_class", object), LiveView):
                found.append((prefix + str(pattern.pattern), pattern.callback.view_class))

    walk(get_resolver(urlconf).url_patterns, "/")
    return found


def dotted(view: type[LiveView]) -> str:
    """The path a mount frame names `view` by."""
    return f"{view.__module__}.{view.__qualname__}"
