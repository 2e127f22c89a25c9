"""The project's own system checks, for mistakes djust does not catch itself.

They run under the `djust` tag (with djust's own checks) and under `project`:
    python manage.py check --tag project --fail-level WARNING
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Iterable, Iterator
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.checks import Error, Warning, register
from djust import LiveView
from djust.config import config as djust_config

from . import liveview

TAGS = ("djust", "project")
PROJECT_PACKAGE = __name__.rpartition(".")[0]
MUTABLE_TYPES = (list, dict, set, bytearray)


@register(*TAGS)
def check_strict_serialization(app_configs=None, **kwargs) -> list[Error]:
    """E001: strict serialization must be on, so a client stored on state fails loudly."""
    # djust reads LIVEVIEW_CONFIG once at import; its config object is what runs.
    if djust_config.get("strict_serialization") is True:
        return []
    return [
        Error(
            "LIVEVIEW_CONFIG['strict_serialization'] is not True.",
            hint=(
                "Set LIVEVIEW_CONFIG = {'strict_serialization': True} in settings. Without it, "
                "a service client stored on public state is silently turned into a string "
                "and the view breaks on the next event."
            ),
            id="project.E001",
        )
    ]


@register(*TAGS)
def check_mutable_state_defaults(app_configs=None, **kwargs) -> list[Warning]:
    """W001: `state(default=[])` hands the same list to every view instance."""
    return list(mutable_state_warnings(project_live_views(app_configs)))


def mutable_state_warnings(view_classes: Iterable[type]) -> Iterator[Warning]:
    for view_class in view_classes:
        for name, attribute in vars(view_class).items():
            if not getattr(attribute, "_djust_state_field", False):
                continue
            default = getattr(attribute, "default", None)
            if isinstance(default, MUTABLE_TYPES):
                yield Warning(
                    f"{view_class.__module__}.{view_class.__qualname__}.{name} declares "
                    f"state(default={default!r}), a mutable {type(default).__name__}.",
                    hint=(
                        "djust gives that one object to every instance of the view, so one "
                        "visitor's change shows up for all. Use an immutable default (a tuple, "
                        "'', 0 or None) and assign a fresh value in mount()."
                    ),
                    obj=view_class,
                    id="project.W001",
                )


@register(*TAGS)
def check_http_fallback(app_configs=None, **kwargs) -> list[Error]:
    """E002/E003: work djust's HTTP fallback (no websocket) would silently skip."""
    return list(http_fallback_errors(project_live_views(app_configs)))


def http_fallback_errors(view_classes: Iterable[type]) -> Iterator[Error]:
    for view_class in view_classes:
        name = f"{view_class.__module__}.{view_class.__qualname__}"
        if not issubclass(view_class, liveview.LiveView):
            async_handlers = [
                handler
                for handler in liveview.event_handler_names(view_class)
                if inspect.iscoroutinefunction(getattr(view_class, handler))
            ]
            if async_handlers or calls_start_async(view_class):
                yield Error(
                    f"{name} has async handlers or background work "
                    f"({', '.join(async_handlers) or 'start_async'}) but is not derived from "
                    f"{liveview.__name__}.LiveView.",
                    hint=(
                        "Without a websocket djust POSTs events and never awaits an async "
                        "handler or runs start_async() work: the page silently does nothing. "
                        f"Derive the view from {liveview.__name__}.LiveView."
                    ),
                    obj=view_class,
                    id="project.E002",
                )
        if "mount" in vars(view_class) and calls_start_async(vars(view_class)["mount"]):
            yield Error(
                f"{name}.mount() starts background work with start_async().",
                hint=(
                    "A page's first GET never runs it, and without a websocket nothing else "
                    "does: the page stays on its placeholder. Load the page's data in "
                    "`async def load(self)`, which runs on every transport."
                ),
                obj=view_class,
                id="project.E003",
            )


def calls_start_async(code: object) -> bool:
    """True when the source of `code` (a class or a function) calls `start_async`."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(code)))
    except (OSError, TypeError):  # no source to read: nothing to flag
        return False
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "start_async"
        for node in ast.walk(tree)
    )


def project_live_views(app_configs=None) -> list[type]:
    """The pages: LiveView classes of the project's own apps (not djust's or Django's)."""
    project_apps = [
        app
        for app in (app_configs or apps.get_app_configs())
        if app.name == PROJECT_PACKAGE or app.name.startswith(PROJECT_PACKAGE + ".")
    ]
    for app in project_apps:
        if find_spec(f"{app.name}.views") is not None:
            import_module(f"{app.name}.views")
    prefixes = tuple(app.name + "." for app in project_apps)
    return [
        view
        for view in _subclasses(LiveView)
        if view.__module__.startswith(prefixes) and view is not liveview.LiveView  # not a page
    ]


def _subclasses(cls: type) -> Iterator[type]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)
