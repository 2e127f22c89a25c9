"""What tests read off the LiveViews the site routes to (found in the URLconf: tests cover
views added later too)."""

from __future__ import annotations

import inspect

from djust import LiveView
from djust.decorators import is_event_handler

from [= cookiecutter.project_slug =].routes import dotted, live_pages

__all__ = ["dotted", "handler_parameters", "live_pages"]


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
