"""The websocket consumer: djust's, mounting only the site's own pages and answering every
event, even one djust refuses, with a frame that carries the event's `ref`."""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from djust.websocket import LiveViewConsumer as DjustLiveViewConsumer

from .routes import dotted, live_pages

# The answer to a mount of anything the site does not serve, whether or not a class of
# that name exists (djust says "Invalid view class" for a name that is not a LiveView):
# a client learns nothing about the code.
VIEW_NOT_FOUND = "View not found"

# The `ref` of the event frame being handled, for the error frame that answers it.
answering_ref: ContextVar[Any] = ContextVar("answering_ref", default=None)


class LiveViewConsumer(DjustLiveViewConsumer):
    async def _dispatch_runtime_owned(self, data: dict[str, Any]) -> None:
        # djust routes mount, event and url_change frames here, after its size and
        # rate-limit checks.
        if data.get("type") == "mount" and not is_served(data.get("view")):
            await self.send_error(VIEW_NOT_FOUND)
            return
        ref = answering_ref.set(data.get("ref") if data.get("type") == "event" else None)
        try:
            # djust activates no language on the websocket (no LocaleMiddleware runs
            # there): each frame renders in the language the page was served in.
            with translation.override(self.language()):
                await super()._dispatch_runtime_owned(data)
        finally:
            answering_ref.reset(ref)

    def language(self) -> str:
        """The visitor's language, chosen as LocaleMiddleware chooses it over HTTP: the
        cookie Django's set_language view sets, else the handshake's Accept-Language."""
        request = HttpRequest()
        request.COOKIES = self.scope.get("cookies", {})
        request.META = {
            "HTTP_" + name.decode("latin-1").upper().replace("-", "_"): value.decode("latin-1")
            for name, value in self.scope.get("headers", [])
            if name.lower() == b"accept-language"
        }
        return translation.get_language_from_request(request)

    async def handle_mount(self, data: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        # The mounts of live navigation and of mount_batch frames come here.
        if not is_served(data.get("view")):
            await self.send_error(VIEW_NOT_FOUND)
            return
        with translation.override(self.language()):
            await super().handle_mount(data, *args, **kwargs)

    async def send_error(self, error: str, **context: Any) -> None:
        # djust sends "Missing 'event' field" or "Event rejected" without the event's
        # ref: a client waiting for the answer to that ref would never get one.
        if (ref := answering_ref.get()) is not None:
            context.setdefault("ref", ref)
        await super().send_error(error, **context)


def is_served(view_path: object) -> bool:
    """Is `view_path` a LiveView the URLconf routes to (not a base class, not any name)?"""
    return isinstance(view_path, str) and view_path in served_views(settings.ROOT_URLCONF)


@cache
def served_views(urlconf: str) -> frozenset[str]:
    return frozenset(dotted(view) for _, view in live_pages(urlconf))
